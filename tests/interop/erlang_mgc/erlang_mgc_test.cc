// Interop with Erlang/OTP megaco (Debian erlang-base, erlang-megaco, erlang-dev) as the
// MGC: msrpgw_mgc.escript opens a megaco UDP transport, accepts the real msrpgw's
// registration, drives an MSRP context through Add / Modify / AuditValue / Move / Subtract
// and provokes each error a controller can provoke; a second script takes a segmented
// reply. megaco decodes every reply; the escript
// prints what it decoded (one STEP line per request) and this test checks the values and
// codes. msrpgw runs with media.engine=signalling (complete SDP, no MSRP carried),
// h248.max_contexts=2 and two MSRP ports, so that 412 and 510 can be reached.
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <memory>
#include <regex>
#include <sstream>

#include "tests/integration/h248/udp_peer.h"
#include "tests/support/subprocess.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

const std::string kScript = MSRPGW_SOURCE_DIR "/tests/interop/erlang_mgc/msrpgw_mgc.escript";

struct MgcRun {
  std::string registered;
  std::string notify;
  std::string segments;  // the SEGMENTS line of the "segments" script
  std::string gateway_log;
  std::map<std::string, std::string> steps;  // name -> the rest of its STEP line
  std::string log;
  bool done = false;
};

MgcRun runOver(const std::string& transport, const std::string& script = "full",
               std::vector<std::string> more = {}) {
  {
    MgcRun out;
    // A port free for UDP may be taken for TCP (or taken by a parallel test before the
    // escript binds it): the escript says could_not_start_listener and we try another.
    uint16_t mgc_port = 0;
    std::unique_ptr<ChildProcess> child;
    for (int attempt = 0; attempt < 5 && !child; ++attempt) {
      mgc_port = freeUdpPort();
      child = std::make_unique<ChildProcess>(std::vector<std::string>{
          "escript", kScript, std::to_string(mgc_port), transport, script});
      const auto deadline = std::chrono::steady_clock::now() + 30s;
      bool listening = false;
      while (!listening && std::chrono::steady_clock::now() < deadline &&
             child->err().find("could_not_start_listener") == std::string::npos) {
        listening = child->waitForErr("LISTENING", 100ms);
      }
      if (!listening) {
        out.log += child->err();
        child.reset();
      }
    }
    if (!child) return out;
    ChildProcess& mgc = *child;
    std::vector<std::string> args = {
        "--set", "h248.mgc=[\"127.0.0.1:" + std::to_string(mgc_port) + "\"]",
        "--set", "media.engine=signalling",
        "--set", "h248.max_contexts=2",
        "--set", "msrp.ports=[40000,40001]",
        "--set", "h248.shutdown.wait_ms=300",
        "--set", "h248.transport=" + transport};
    args.insert(args.end(), more.begin(), more.end());
    Gateway gw = startGateway(args);
    if (!gw.process) return out;
    out.done = mgc.waitForErr("DONE", 30s);
    mgc.waitExit(20s);
    gw.process->signal(SIGTERM);
    gw.process->waitExit(20s);
    out.gateway_log = gw.process->err();
    out.log = mgc.err() + "\n--- msrpgw ---\n" + out.gateway_log;
    std::istringstream in(mgc.err());
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("REGISTERED ", 0) == 0) out.registered = line;
      if (line.rfind("NOTIFY", 0) == 0 && out.notify.empty()) out.notify = line + " |";
      if (line.rfind("SEGMENTS", 0) == 0) out.segments = line;
      if (line.rfind("STEP ", 0) == 0) {
        size_t bar = line.find(" | ");
        std::string name = line.substr(5, bar == std::string::npos ? std::string::npos : bar - 5);
        out.steps[name] = bar == std::string::npos ? "" : line.substr(bar) + " |";
      }
    }
    return out;
  }
}

const MgcRun& run() {
  static const MgcRun r = runOver("udp");
  return r;
}

// The STEP line of `name` holds every one of `items` (each " | item | ").
void expectStep(const std::string& name, const std::vector<std::string>& items) {
  const MgcRun& r = run();
  ASSERT_TRUE(r.done) << r.log;
  auto it = r.steps.find(name);
  ASSERT_NE(it, r.steps.end()) << "no step " << name << "\n" << r.log;
  for (const std::string& item : items) {
    EXPECT_NE(it->second.find(" | " + item + " |"), std::string::npos)
        << name << ": no '" << item << "' in" << it->second;
  }
}

void expectNoError(const std::string& name) {
  const MgcRun& r = run();
  auto it = r.steps.find(name);
  ASSERT_NE(it, r.steps.end()) << r.log;
  EXPECT_EQ(it->second.find("code="), std::string::npos) << name << ":" << it->second;
}

TEST(ErlangMegacoMgc, MgRegistersWithRestart901Version3AndProfile) {
  const MgcRun& r = run();
  ASSERT_TRUE(r.done) << r.log;
  EXPECT_NE(r.registered.find("version=3"), std::string::npos) << r.registered;
  EXPECT_NE(r.registered.find("method=restart"), std::string::npos) << r.registered;
  EXPECT_NE(r.registered.find("reason=901 Cold Boot"), std::string::npos) << r.registered;
  EXPECT_NE(r.registered.find("sc_version=3"), std::string::npos) << r.registered;
  EXPECT_NE(r.registered.find("profile=msrpgw"), std::string::npos) << r.registered;
}

TEST(ErlangMegacoMgc, AddReturnsTheLocalMsrpSdp) {
  expectStep("add", {"ctx=1", "term=msrp/1", "prop:v=0", "prop:c=IN IP4 127.0.0.1",
                     "prop:m=message 40000 TCP/MSRP *", "prop:a=setup:passive",
                     "prop:a=path:msrp://127.0.0.1:40000/s1;tcp"});
  expectNoError("add");
}

TEST(ErlangMegacoMgc, ModifyThenAuditValueShowModePropertiesRemoteAndStatistics) {
  expectNoError("modify");
  expectStep("audit",
             {"ctx=1", "term=msrp/1", "mode=sendOnly", "prop:msrpgw/chunksize=4096",
              "prop:m=message 7394 TCP/MSRP *", "prop:a=setup:active", "prop:a=max-size:65536",
              "stat:nt/os=0", "stat:nt/or=0", "stat:msrpgw/ms=0"});
  expectNoError("audit");
}

TEST(ErlangMegacoMgc, AuditValueRootGivesRootPropertiesAndPackages) {
  expectStep(
      "audit_root",
      {"term=root", "prop:root/maxnumberofcontexts=2", "prop:root/maxterminationspercontext=2",
       "prop:root/normalmgexecutiontime=200", "prop:root/mgoriginatedpendinglimit=5", "package=g-2",
       "package=root-2", "package=nt-1", "package=it-1", "package=msrpgw-1"});
}

// AuditCapability answers with possible values (ranges and choices) that megaco decodes
// (megaco lower-cases names and tokens).
TEST(ErlangMegacoMgc, AuditCapabilityGivesPossibleValues) {
  expectStep("audit_caps",
             {"ctx=1", "term=msrp/1", "prop:msrpgw/chunksize=64,16777216", "requested=g/cause",
              "param:generalcause=nr,ur,ft,fp,iw,un", "stat:nt/os=", "stat:msrpgw/ma="});
  expectNoError("audit_caps");
  expectStep("audit_root_caps",
             {"term=root", "prop:root/normalmgexecutiontime=1,3600000",
              "prop:root/maxnumberofcontexts=2", "requested=it/ito", "param:mit=1,360000"});
  expectNoError("audit_root_caps");
}

TEST(ErlangMegacoMgc, SubtractReturnsStatistics) {
  expectStep("subtract", {"ctx=1", "term=msrp/1", "stat:nt/os=0", "stat:nt/or=0",
                          "stat:msrpgw/mr=0", "stat:msrpgw/ma=0"});
  const MgcRun& r = run();
  EXPECT_NE(r.steps.at("subtract").find(" | stat:nt/dur="), std::string::npos);
}

TEST(ErlangMegacoMgc, EveryErrorCodeAControllerCanProvoke) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"e411", "Unknown context id 1"},
      {"e412", "No context ids available: 2 contexts in use"},
      {"e430", "Unknown termination msrp/77"},
      {"e431", "No termination matched foo/*"},
      {"e433", "Termination msrp/2 is already in context 2"},
      {"e434", "Context 2 already holds 2 terminations"},
      {"e435", "Termination msrp/2 is in context 2"},
      {"e440", "Unsupported package foo"},
      {"e443", "Notify is sent by the MG"},
      {"e444", "Unsupported descriptor"},
      {"e445", "Property root/maxNumberOfContexts is read-only"},
      {"e449", "Unsupported value 12 for msrpgw/chunksize"},
      {"e450", "No such property msrpgw/colour"},
      {"e451", "No such event g/boom"},
      {"e452", "No such signal g/tone"},
      {"e453", "No such statistic nt/xyz"},
      {"e454", "No such parameter colour in event g/cause"},
      {"e455", "Property root/normalMGExecutionTime is illegal in TerminationState"},
      {"e510", "no MSRP port left"},
      {"e512", "Unequipped to detect event it/ito"},
      {"e515", "Unsupported media type in Remote: m=audio 49170 RTP/AVP 0"},
      {"e517", "Unsupported mode Loopback"},
  };
  const MgcRun& r = run();
  ASSERT_TRUE(r.done) << r.log;
  for (const auto& [name, text] : cases) {
    SCOPED_TRACE(name);
    auto it = r.steps.find(name);
    ASSERT_NE(it, r.steps.end()) << r.log;
    EXPECT_NE(it->second.find(" | code=" + name.substr(1) + " |"), std::string::npos) << it->second;
    EXPECT_NE(it->second.find(text), std::string::npos) << it->second;
  }
}

// Move: msrp/2 goes from context 2 (which ends) to 4, its Modify part applies there; a
// Move into $ creates context 5; the errors of Move decode with their codes.
TEST(ErlangMegacoMgc, MoveCarriesTheTerminationAndAppliesItsDescriptors) {
  expectStep("move", {"ctx=4", "term=msrp/2", "prop:c=IN IP4 127.0.0.1", "prop:a=setup:passive"});
  expectNoError("move");
  expectStep("move_audit", {"ctx=4", "term=msrp/2", "mode=recvOnly"});
  expectNoError("move_audit");
  expectStep("e411_move_source", {"code=411", "text=Unknown context id 2"});
  expectStep("move_choose", {"ctx=5", "term=msrp/5"});
  expectNoError("move_choose");
}

TEST(ErlangMegacoMgc, MoveErrors) {
  expectStep("e430_move", {"code=430",
                           "text=Unknown termination msrp/77: Move needs one in a "
                           "context"});
  expectStep("e421_move", {"code=421"});
  expectStep("e410_move", {"code=410"});
}

TEST(ErlangMegacoMgc, SyntaxErrorIsAnsweredOnTheTransaction) {
  expectStep("e_syntax", {"code=442"});
}

TEST(ErlangMegacoMgc, OptionalCommandFailureLetsTheActionContinue) {
  expectStep("optional", {"term=msrp/77", "code=430", "term=msrp/2"});
}

TEST(ErlangMegacoMgc, ContextAllSubtractClearsTheGateway) {
  expectStep("cleanup", {"ctx=4", "term=msrp/2", "ctx=5", "term=msrp/5"});
  expectNoError("cleanup");
  expectStep("after_cleanup", {"code=431"});
}

TEST(ErlangMegacoMgc, InactivityTimerNotifyDecodesInErlang) {
  expectNoError("inactivity");
  const MgcRun& r = run();
  EXPECT_NE(r.notify.find(" | ctx=0 |"), std::string::npos) << r.notify << r.log;
  EXPECT_NE(r.notify.find(" | term=root |"), std::string::npos) << r.notify;
  EXPECT_NE(r.notify.find(" | request_id=9 |"), std::string::npos) << r.notify;
  EXPECT_NE(r.notify.find(" | event=it/ito |"), std::string::npos) << r.notify;
  expectNoError("inactivity_off");
}

// A reply larger than h248.udp.max_message_size (here 256 bytes: three Adds with their
// Local SDP) reaches megaco as v3 segments; megaco decodes each, hands all three to the
// caller in order, and acknowledges every one with a SegmentReply the MG counts.
TEST(ErlangMegacoMgc, SegmentedReplyDecodesAndIsAcknowledgedByErlang) {
  MgcRun r = runOver("udp", "segments",
                     {"--set", "h248.udp.max_message_size=256", "--set", "h248.max_contexts=3",
                      "--set", "msrp.ports=[40000,40002]"});
  ASSERT_TRUE(r.done) << r.log;
  for (const char* item :
       {" | segment=1 | ctx=1 | term=msrp/1 | ", " | segment=2 | ctx=1 | term=msrp/2 | ",
        " | segment=3 | ctx=2 | term=msrp/3 | ", "prop:a=path:msrp://127.0.0.1:40002/"}) {
    EXPECT_NE(r.segments.find(item), std::string::npos) << item << "\n" << r.log;
  }
  EXPECT_EQ(r.segments.find("unsegmented"), std::string::npos) << r.segments;
  EXPECT_EQ(r.segments.find("segment=4"), std::string::npos) << r.segments;
  EXPECT_NE(r.gateway_log.find("replies_segmented=1 segments_sent=3 "), std::string::npos)
      << r.gateway_log;
  EXPECT_NE(r.gateway_log.find(" segment_acks=3 "), std::string::npos) << r.gateway_log;
}

// The same script over TCP (megaco_tcp, TPKT): every step decodes to the same values and
// codes as over UDP (nt/dur aside, a time).
TEST(ErlangMegacoMgc, SameRepliesOverTcp) {
  const MgcRun& udp = run();
  MgcRun tcp = runOver("tcp");
  ASSERT_TRUE(tcp.done) << tcp.log;
  EXPECT_EQ(tcp.registered, udp.registered);
  EXPECT_EQ(tcp.notify, udp.notify);
  const std::regex dur("nt/dur=[0-9]+");
  ASSERT_EQ(tcp.steps.size(), udp.steps.size());
  for (const auto& [name, line] : udp.steps) {
    ASSERT_TRUE(tcp.steps.count(name)) << name;
    EXPECT_EQ(std::regex_replace(tcp.steps.at(name), dur, "nt/dur"),
              std::regex_replace(line, dur, "nt/dur"))
        << name;
  }
}

}  // namespace
}  // namespace msrpgw::test
