// The real msrpgw registered with a scripted MGC over UDP on loopback: registration
// (Restart 901, Profile, Version), 505 before the reply, a whole MSRP context lifecycle,
// duplicates answered from the cache, parse errors answered on their transaction,
// strangers dropped, MgcIdToTry and the MGC list, the inactivity timer, and the Graceful
// ServiceChange on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>

#include "proto/h248/parser.h"
#include "tests/integration/h248/udp_peer.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;
namespace h248 = proto::h248;

const std::vector<std::string> kSignalling = {"--set", "media.engine=signalling", "--set",
                                              "h248.shutdown.wait_ms=500"};

std::vector<std::string> withMgcs(const std::vector<std::string>& mgcs,
                                  std::vector<std::string> more = {}) {
  std::string list = "h248.mgc=[";
  for (size_t i = 0; i < mgcs.size(); ++i) list += (i ? ",\"" : "\"") + mgcs[i] + "\"";
  list += "]";
  std::vector<std::string> args = {"--set", list};
  args.insert(args.end(), kSignalling.begin(), kSignalling.end());
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

h248::Message parse(const std::string& text) {
  auto m = h248::parseMessage(text);
  EXPECT_TRUE(m.ok()) << text;
  return m.ok() ? m.value() : h248::Message{};
}

uint32_t transactionId(const std::string& text) {
  std::smatch m;
  EXPECT_TRUE(std::regex_search(text, m, std::regex(R"((?:T|Transaction)\s*=\s*(\d+))"))) << text;
  return m.empty() ? 0 : static_cast<uint32_t>(std::stoul(m[1]));
}

// The MGC side of one test.
class MgcScript {
 public:
  explicit MgcScript(UdpPeer& sock) : sock_(sock) {}

  // Waits for the ServiceChange; answers it (unless `answer` is empty).
  std::string acceptRegistration(const std::string& answer = "{C=-{SC=ROOT}}") {
    auto sc = sock_.receive(10s, &mg_port_);
    EXPECT_TRUE(sc.has_value()) << "no ServiceChange";
    if (!sc) return "";
    if (!answer.empty()) reply(transactionId(*sc), answer);
    return *sc;
  }
  void reply(uint32_t tid, const std::string& body) {
    sock_.sendTo(mg_port_, "MEGACO/3 [127.0.0.1]:" + std::to_string(sock_.port()) +
                               "\nP=" + std::to_string(tid) + body);
  }
  // Sends a request and returns the reply text (Pending skipped).
  std::string request(const std::string& actions) {
    std::string t = "T=" + std::to_string(++tid_) + "{" + actions + "}";
    send(t);
    return awaitReply();
  }
  void send(const std::string& body) {
    last_ = "MEGACO/3 [127.0.0.1]:" + std::to_string(sock_.port()) + "\n" + body;
    sock_.sendTo(mg_port_, last_);
  }
  void resend() { sock_.sendTo(mg_port_, last_); }
  std::string awaitReply() {
    for (int i = 0; i < 20; ++i) {
      auto r = sock_.receive(5s);
      if (!r) return "";
      if (r->find("PN=") == std::string::npos) return *r;
    }
    return "";
  }
  uint16_t mgPort() const { return mg_port_; }
  void setMgPort(uint16_t p) { mg_port_ = p; }
  uint32_t& tid() { return tid_; }

 private:
  UdpPeer& sock_;
  uint16_t mg_port_ = 0;
  uint32_t tid_ = 100;
  std::string last_;
};

const std::string kLocal = "L{\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\na=setup:passive\n}";
const std::string kRemote =
    "R{\nv=0\nc=IN IP4 198.51.100.7\nm=message 7394 TCP/MSRP *\n"
    "a=path:msrp://198.51.100.7:7394/abcd;tcp\na=setup:active\n}";

TEST(MgOverUdp, RegistersWithRestart901ProfileAndVersion) {
  UdpPeer mgc;
  Gateway gw = startGateway(withMgcs({mgc.endpoint()}));
  ASSERT_TRUE(gw.process) << "msrpgw did not start";
  MgcScript s(mgc);
  std::string sc = s.acceptRegistration();
  EXPECT_EQ(s.mgPort(), gw.port);
  h248::Message m = parse(sc);
  EXPECT_EQ(m.version, 3);
  EXPECT_EQ(m.mid.address, "127.0.0.1");
  EXPECT_EQ(m.mid.port, gw.port);
  const auto& req = std::get<h248::TransactionRequest>(m.transactions.at(0));
  const auto& cmd = req.actions.at(0).commands.at(0);
  EXPECT_EQ(req.actions[0].context_id, h248::kNullContext);
  EXPECT_EQ(cmd.kind, h248::CommandKind::kServiceChange);
  EXPECT_EQ(cmd.termination_id, "ROOT");
  const auto& p = std::get<h248::ServiceChangeParms>(cmd.descriptors.at(0));
  EXPECT_EQ(p.method, h248::ServiceChangeMethod::kRestart);
  EXPECT_EQ(p.reason, "901 Cold Boot");
  EXPECT_EQ(p.version, 3u);
  EXPECT_EQ(p.address_port, gw.port);
  ASSERT_TRUE(p.profile.has_value());
  EXPECT_EQ(p.profile->name, "msrpgw");
  EXPECT_TRUE(gw.process->waitForErr("registered mgc=" + mgc.endpoint(), 10s)) << gw.process->err();
}

TEST(MgOverUdp, RequestsBeforeTheRegistrationReplyGet505) {
  UdpPeer mgc;
  Gateway gw = startGateway(withMgcs({mgc.endpoint()}));
  ASSERT_TRUE(gw.process);
  MgcScript s(mgc);
  std::string sc = s.acceptRegistration("");  // not answered yet
  std::string r = s.request("C=-{AV=ROOT{AT{}}}");
  EXPECT_NE(r.find("ER=505"), std::string::npos) << r;
  s.reply(transactionId(sc), "{C=-{SC=ROOT}}");
  ASSERT_TRUE(gw.process->waitForErr("registered", 10s));
  r = s.request("C=-{AV=ROOT{AT{}}}");
  EXPECT_NE(r.find("AV=ROOT"), std::string::npos) << r;
  EXPECT_EQ(r.find("ER="), std::string::npos) << r;
}

TEST(MgOverUdp, MsrpContextLifecycle) {
  UdpPeer mgc;
  Gateway gw = startGateway(withMgcs({mgc.endpoint()}));
  ASSERT_TRUE(gw.process);
  MgcScript s(mgc);
  s.acceptRegistration();
  ASSERT_TRUE(gw.process->waitForErr("registered", 10s));
  std::string r = s.request("C=${A=${M{ST=1{O{MO=SR}," + kLocal + "," + kRemote +
                            "}},E=1{g/cause}},A=${M{ST=1{" + kLocal + "}}}}");
  h248::Message m = parse(r);
  const auto& rep = std::get<h248::TransactionReply>(m.transactions.at(0));
  ASSERT_FALSE(rep.error.has_value()) << r;
  uint32_t ctx = rep.actions.at(0).context_id;
  EXPECT_NE(ctx, 0u);
  ASSERT_EQ(rep.actions[0].replies.size(), 2u) << r;
  EXPECT_EQ(rep.actions[0].replies[0].termination_id, "msrp/1");
  EXPECT_EQ(rep.actions[0].replies[1].termination_id, "msrp/2");
  EXPECT_NE(r.find("m=message 2855 TCP/MSRP *"), std::string::npos) << r;
  EXPECT_NE(r.find("a=path:msrp://127.0.0.1:2855/"), std::string::npos) << r;
  std::string c = std::to_string(ctx);
  r = s.request("C=" + c + "{MF=msrp/2{M{ST=1{O{MO=SO,msrpgw/chunksize=4096}," + kRemote + "}}}}");
  EXPECT_EQ(r.find("ER="), std::string::npos) << r;
  r = s.request("C=" + c + "{AV=msrp/2{AT{M,SA}}}");
  EXPECT_NE(r.find("MO=SO"), std::string::npos) << r;
  EXPECT_NE(r.find("msrpgw/chunksize=4096"), std::string::npos) << r;
  EXPECT_NE(r.find("nt/os=0"), std::string::npos) << r;
  r = s.request("C=" + c + "{S=*}");
  EXPECT_NE(r.find("S=msrp/1{SA{nt/dur="), std::string::npos) << r;
  EXPECT_NE(r.find("S=msrp/2{SA{nt/dur="), std::string::npos) << r;
  r = s.request("C=" + c + "{AV=msrp/1{AT{}}}");
  EXPECT_NE(r.find("ER=411"), std::string::npos) << r;
}

TEST(MgOverUdp, DuplicateRequestIsAnsweredFromTheCacheNotRunTwice) {
  UdpPeer mgc;
  Gateway gw = startGateway(withMgcs({mgc.endpoint()}));
  ASSERT_TRUE(gw.process);
  MgcScript s(mgc);
  s.acceptRegistration();
  ASSERT_TRUE(gw.process->waitForErr("registered", 10s));
  s.send("T=7{C=${A=${M{" + kLocal + "}}}}");
  std::string first = s.awaitReply();
  s.resend();
  std::string second = s.awaitReply();
  EXPECT_EQ(first, second);
  std::string all = s.request("C=*{AV=*{AT{}}}");
  EXPECT_NE(all.find("AV=msrp/1"), std::string::npos) << all;
  EXPECT_EQ(all.find("msrp/2"), std::string::npos) << all;
}

TEST(MgOverUdp, UnparsableRequestIsAnsweredOnItsTransaction) {
  UdpPeer mgc;
  Gateway gw = startGateway(withMgcs({mgc.endpoint()}));
  ASSERT_TRUE(gw.process);
  MgcScript s(mgc);
  s.acceptRegistration();
  ASSERT_TRUE(gw.process->waitForErr("registered", 10s));
  s.send("T=55{C=1{A=}}");
  std::string r = s.awaitReply();
  EXPECT_NE(r.find("P=55{ER=442{"), std::string::npos) << r;
  s.send("garbage");
  r = s.awaitReply();
  EXPECT_NE(r.find("\nER=400{"), std::string::npos) << r;  // header fine, body not
  mgc.sendTo(gw.port, "MEGACO/x garbage");
  r = s.awaitReply();
  EXPECT_NE(r.find("\nER=401{"), std::string::npos) << r;  // no readable header
}

TEST(MgOverUdp, MessagesFromStrangersAreDropped) {
  UdpPeer mgc;
  UdpPeer stranger("127.0.0.2");
  Gateway gw = startGateway(withMgcs({mgc.endpoint()}, {"--set", "log.level=debug"}));
  ASSERT_TRUE(gw.process);
  MgcScript s(mgc);
  s.acceptRegistration();
  ASSERT_TRUE(gw.process->waitForErr("registered", 10s));
  // The stranger's request reaches the gateway's socket before the MGC's; the gateway
  // handles datagrams in order, so once the MGC has its answer the stranger's request
  // was handled too: dropped, without even an error reply.
  stranger.sendTo(gw.port, "MEGACO/3 [127.0.0.2]:1\nT=1{C=-{AV=ROOT{AT{}}}}");
  std::string r = s.request("C=-{AV=ROOT{AT{}}}");
  EXPECT_NE(r.find("AV=ROOT"), std::string::npos) << r;
  EXPECT_FALSE(stranger.receiveNow().has_value());
  EXPECT_TRUE(gw.process->waitForErr("dropped message from unauthorized peer=127.0.0.2:", 5s))
      << gw.process->err();
}

TEST(MgOverUdp, MgcIdToTryIsFollowed) {
  UdpPeer first;
  UdpPeer second;
  Gateway gw = startGateway(withMgcs({first.endpoint()}));
  ASSERT_TRUE(gw.process);
  MgcScript a(first);
  a.acceptRegistration("{C=-{SC=ROOT{SV{MG=[127.0.0.1]:" + std::to_string(second.port()) + "}}}}");
  MgcScript b(second);
  std::string sc = b.acceptRegistration();
  EXPECT_NE(sc.find("SC=ROOT"), std::string::npos) << sc;
  ASSERT_TRUE(gw.process->waitForErr("registered mgc=" + second.endpoint(), 10s))
      << gw.process->err();
  std::string r = b.request("C=-{AV=ROOT{AT{}}}");
  EXPECT_EQ(r.find("ER="), std::string::npos) << r;
  // The first MGC is still an allowed address but not the MGC in charge: 504.
  a.setMgPort(gw.port);
  r = a.request("C=-{AV=ROOT{AT{}}}");
  EXPECT_NE(r.find("ER=504"), std::string::npos) << r;
}

TEST(MgOverUdp, HandOffFromTheMgcMovesTheRegistration) {
  UdpPeer first;
  UdpPeer second;
  Gateway gw = startGateway(withMgcs({first.endpoint()}));
  ASSERT_TRUE(gw.process);
  MgcScript a(first);
  a.acceptRegistration();
  ASSERT_TRUE(gw.process->waitForErr("registered mgc=" + first.endpoint(), 10s));
  std::string r = a.request("C=-{SC=ROOT{SV{MT=HO,RE=\"903 MGC Directed Change\",MG=[127.0.0.1]:" +
                            std::to_string(second.port()) + "}}}");
  EXPECT_NE(r.find("SC=ROOT"), std::string::npos) << r;
  EXPECT_EQ(r.find("ER="), std::string::npos) << r;
  MgcScript b(second);
  std::string sc = b.acceptRegistration();
  EXPECT_NE(sc.find("MT=HO,RE=\"903 MGC Directed Change\""), std::string::npos) << sc;
  EXPECT_TRUE(gw.process->waitForErr("registered mgc=" + second.endpoint(), 10s))
      << gw.process->err();
}

TEST(MgOverUdp, MgcListIsTriedInTurn) {
  UdpPeer first;
  UdpPeer second;
  Gateway gw = startGateway(withMgcs({first.endpoint(), second.endpoint()}));
  ASSERT_TRUE(gw.process);
  MgcScript a(first);
  a.acceptRegistration("{ER=502{\"not ready\"}}");
  MgcScript b(second);
  b.acceptRegistration();
  EXPECT_TRUE(gw.process->waitForErr("registered mgc=" + second.endpoint(), 10s))
      << gw.process->err();
}

TEST(MgOverUdp, InactivityTimerNotifiesASilentMgc) {
  UdpPeer mgc;
  Gateway gw = startGateway(withMgcs({mgc.endpoint()}));
  ASSERT_TRUE(gw.process);
  MgcScript s(mgc);
  s.acceptRegistration();
  ASSERT_TRUE(gw.process->waitForErr("registered", 10s));
  std::string r = s.request("C=-{MF=ROOT{E=9{it/ito{mit=20}}}}");
  EXPECT_EQ(r.find("ER="), std::string::npos) << r;
  auto n = mgc.receive(10s);
  ASSERT_TRUE(n.has_value());
  EXPECT_NE(n->find("N=ROOT{OE=9{it/ito}}"), std::string::npos) << *n;
}

TEST(MgOverUdp, SigtermSendsGracefulServiceChangeAndExits) {
  UdpPeer mgc;
  Gateway gw = startGateway(withMgcs({mgc.endpoint()}, {"--set", "h248.shutdown.wait_ms=20000"}));
  ASSERT_TRUE(gw.process);
  MgcScript s(mgc);
  s.acceptRegistration();
  ASSERT_TRUE(gw.process->waitForErr("registered", 10s));
  gw.process->signal(SIGTERM);
  auto sc = mgc.receive(10s);
  ASSERT_TRUE(sc.has_value());
  EXPECT_NE(sc->find("SC=ROOT{SV{MT=GR,RE=\"905 Termination taken out of service\",DL=0}}"),
            std::string::npos)
      << *sc;
  s.reply(transactionId(*sc), "{C=-{SC=ROOT}}");
  auto code = gw.process->waitExit(10s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << gw.process->err();
}

}  // namespace
}  // namespace msrpgw::test
