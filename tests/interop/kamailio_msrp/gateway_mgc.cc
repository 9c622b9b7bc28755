#include "tests/interop/kamailio_msrp/gateway_mgc.h"

#include <csignal>
#include <regex>

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

uint32_t transactionId(const std::string& text) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(R"((?:T|Transaction)\s*=\s*(\d+))"))
             ? std::stoul(m[1])
             : 0;
}

}  // namespace

bool GatewayMgc::start(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--set", "h248.mgc=[\"" + peer_.endpoint() + "\"]",
                                   "--set", "msrp.ports=[0,0]",
                                   "--set", "h248.shutdown.wait_ms=200"};
  args.insert(args.end(), extra.begin(), extra.end());
  gw_ = startGateway(args);
  if (!gw_.process) return false;
  auto sc = peer_.receive(10s, &mg_port_);
  if (!sc) return false;
  peer_.sendTo(mg_port_, header() + "P=" + std::to_string(transactionId(*sc)) + "{C=-{SC=ROOT}}");
  return gw_.process->waitForErr("registered", 10s);
}

std::optional<std::string> GatewayMgc::transact(const std::string& actions) {
  peer_.sendTo(mg_port_, header() + "T=" + std::to_string(++tid_) + "{" + actions + "}");
  std::optional<std::string> reply;
  for (int i = 0; i < 10 && (!reply || reply->find("PN=") != std::string::npos); ++i)
    reply = peer_.receive(10s);
  return reply;
}

std::optional<int> GatewayMgc::stop() {
  gw_.process->signal(SIGTERM);
  return gw_.process->waitExit(20s);
}

std::string GatewayMgc::header() const {
  return "MEGACO/3 [127.0.0.1]:" + std::to_string(peer_.port()) + "\n";
}

std::string remoteSdp(uint16_t port, const std::string& path, const std::string& setup) {
  return "R{\nv=0\nc=IN IP4 127.0.0.1\nm=message " + std::to_string(port) +
         " TCP/MSRP *\na=path:" + path + "\na=setup:" + setup +
         "\na=accept-types:text/plain application/octet-stream\n}";
}

std::optional<Added> addContext(GatewayMgc& mgc, const std::string& remote_a,
                                const std::string& remote_b, std::string& reply_text) {
  const std::string local = "L{\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\n}";
  auto reply = mgc.transact("C=${A=${M{ST=1{O{MO=SR}," + local + "," + remote_a +
                            "}}},A=${M{ST=1{O{MO=SR}," + local + "," + remote_b + "}}}}");
  if (!reply) return std::nullopt;
  reply_text = *reply;
  if (reply->find("ER=") != std::string::npos) return std::nullopt;
  Added a;
  std::smatch m;
  if (!std::regex_search(*reply, m, std::regex(R"(C=(\d+)\{)"))) return std::nullopt;
  a.context = m[1];
  if (!std::regex_search(*reply, m, std::regex(R"(m=message (\d+) TCP/MSRP)"))) return std::nullopt;
  a.msrp_port = static_cast<uint16_t>(std::stoi(m[1]));
  std::regex path(R"(a=path:(msrp://[^\s]+))");
  std::vector<std::string> uris;
  for (auto it = std::sregex_iterator(reply->begin(), reply->end(), path);
       it != std::sregex_iterator(); ++it)
    uris.push_back((*it)[1]);
  if (uris.size() != 2) return std::nullopt;
  a.uri_a = uris[0];
  a.uri_b = uris[1];
  return a;
}

}  // namespace msrpgw::test
