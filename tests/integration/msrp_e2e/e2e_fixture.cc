#include "tests/integration/msrp_e2e/e2e_fixture.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/support/tshark.h"

namespace msrpgw::test::e2e {

using namespace std::chrono_literals;

std::vector<nlohmann::json> events(const std::string& out, const std::string& kind) {
  std::vector<nlohmann::json> v;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.value("event", "") == kind) v.push_back(j);
  }
  return v;
}

uint16_t listeningPort(ChildProcess& p) {
  if (!waitForEvent(p, "listening", 20s)) return 0;
  return events(p.out(), "listening")[0]["port"].get<uint16_t>();
}

bool waitForEvent(ChildProcess& p, const std::string& kind, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (!events(p.out(), kind).empty()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

std::string randomFile(const std::string& name, uint64_t size, uint64_t seed) {
  std::string path = tempPath(name);
  std::ofstream f(path, std::ios::binary);
  std::mt19937_64 rng(seed);
  std::vector<uint64_t> block(1 << 17);  // 1 MiB
  for (uint64_t left = size; left > 0;) {
    for (uint64_t& v : block) v = rng();
    const uint64_t n = std::min<uint64_t>(left, block.size() * 8);
    f.write(reinterpret_cast<const char*>(block.data()), static_cast<std::streamsize>(n));
    left -= n;
  }
  return path;
}

std::string textFile(const std::string& name, uint64_t size) {
  std::string path = tempPath(name);
  std::ofstream f(path, std::ios::binary);
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789 ";
  std::string text;
  text.reserve(size);
  for (uint64_t i = 0; i < size; ++i) {
    text.push_back(i % 64 == 63 ? '\n' : kAlphabet[(i * 7 + i / 64) % (sizeof kAlphabet - 1)]);
  }
  f << text;
  return path;
}

ProcMemory procMemory(pid_t pid) {
  ProcMemory m;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string key;
    uint64_t kib = 0;
    fields >> key >> kib;
    if (key == "VmRSS:") m.rss_kib = kib;
    if (key == "VmHWM:") m.hwm_kib = kib;
  }
  return m;
}

int64_t statistic(const std::string& reply, const std::string& term, const std::string& name) {
  // Compact replies: S=msrp/2{SA{nt/dur=12,...,msrpgw/cs=3200}}
  size_t at = reply.find("S=" + term + "{");
  if (at == std::string::npos) return -1;
  size_t end = reply.find('}', at);
  std::string body = reply.substr(at, end == std::string::npos ? std::string::npos : end - at);
  std::smatch m;
  std::regex re("[{,]\\s*" + std::regex_replace(name, std::regex("/"), "\\/") + "\\s*=\\s*(\\d+)");
  if (!std::regex_search(body, m, re)) return -1;
  return std::stoll(m[1]);
}

std::unique_ptr<ChildProcess> startListenerTool(const std::string& local_uri,
                                                const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {MSRPGW_MSRP_BIN, "--listen",    "127.0.0.1:0", "--print-port",
                                   "--json",        "--local-uri", local_uri};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return std::make_unique<ChildProcess>(argv);
}

std::unique_ptr<ChildProcess> startConnectorTool(const std::string& gw_port,
                                                 const std::string& local_uri,
                                                 const std::string& remote_path,
                                                 const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {MSRPGW_MSRP_BIN, "--connect", "127.0.0.1:" + gw_port,
                                   "--local-uri",   local_uri,   "--remote-path",
                                   remote_path,     "--json"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return std::make_unique<ChildProcess>(argv);
}

std::string terminationDescriptor(const std::string& remote_ip, uint16_t remote_port,
                                  const std::string& remote_path, const std::string& setup,
                                  const TermOptions& o) {
  std::string lc = "O{MO=SR" + (o.local_control.empty() ? "" : "," + o.local_control) + "}";
  return "M{ST=1{" + lc + ",L{\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\n},R{\nv=0\nc=IN IP4 " +
         remote_ip + "\nm=message " + std::to_string(remote_port) +
         " TCP/MSRP *\na=path:" + remote_path + "\na=setup:" + setup +
         "\na=accept-types:" + o.accept_types + "\n}}}" + (o.extra.empty() ? "" : "," + o.extra);
}

// ---- Harness ----------------------------------------------------------------------------

Harness::~Harness() {
  // The tools first, then msrpgw (the members' destructors kill and reap what still runs).
  a_.reset();
  b_.reset();
  gw_.process.reset();
}

bool Harness::startGateway(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--set", "h248.mgc=[\"" + mgc_.endpoint() + "\"]", "--set",
                                   "h248.shutdown.wait_ms=200"};
  bool ports = false, workers = false;
  for (const std::string& e : extra) {
    ports = ports || e.rfind("msrp.ports=", 0) == 0;
    workers = workers || e.rfind("workers=", 0) == 0;
  }
  if (!ports) args.insert(args.end(), {"--set", "msrp.ports=[0,0]"});
  if (!workers) args.insert(args.end(), {"--set", "workers=2"});
  args.insert(args.end(), extra.begin(), extra.end());
  gw_ = test::startGateway(args);
  if (!gw_.process) {
    ADD_FAILURE() << "msrpgw did not start";
    return false;
  }
  auto sc = mgc_.receive(10s, &mg_port_);
  if (!sc) {
    ADD_FAILURE() << "no ServiceChange\n" << gw_.process->err();
    return false;
  }
  std::smatch m;
  std::regex_search(*sc, m, std::regex(R"((?:T|Transaction)\s*=\s*(\d+))"));
  mgc_.sendTo(mg_port_, "MEGACO/3 [127.0.0.1]:" + std::to_string(mgc_.port()) +
                            "\nP=" + std::string(m[1]) + "{C=-{SC=ROOT}}");
  if (!gw_.process->waitForErr("registered", 10s)) {
    ADD_FAILURE() << "msrpgw did not register\n" << gw_.process->err();
    return false;
  }
  return true;
}

std::optional<std::string> Harness::request(const std::string& body) {
  mgc_.sendTo(mg_port_, "MEGACO/3 [127.0.0.1]:" + std::to_string(mgc_.port()) +
                            "\nT=" + std::to_string(next_tid_++) + "{" + body + "}");
  std::optional<std::string> reply;
  // Skip pendings and anything else that is not a reply (Notify requests).
  for (int i = 0; i < 20; ++i) {
    reply = mgc_.receive(10s);
    if (!reply) return std::nullopt;
    if (reply->find("PN=") == std::string::npos && reply->find("P=") != std::string::npos) break;
  }
  return reply;
}

bool Harness::startB(const std::vector<std::string>& b_args) {
  ++sessions_;
  a_.reset();
  a_exit_.reset();
  b_exit_.reset();
  b_uri_ = "msrp://127.0.0.1:1/e2eB" + std::to_string(sessions_) + "session;tcp";
  a_uri_ = "msrp://127.0.0.1:40001/e2eA" + std::to_string(sessions_) + "session;tcp";
  b_ = startListenerTool(b_uri_, b_args);
  b_port_ = listeningPort(*b_);
  if (b_port_ == 0) {
    ADD_FAILURE() << "B does not listen\n" << b_->out() << b_->err();
    return false;
  }
  return true;
}

bool Harness::addPair(const TermOptions& a, const TermOptions& b) {
  auto reply = request(
      "C=${A=${" + terminationDescriptor("127.0.0.1", 40001, a_uri_, "active", a) + "},A=${" +
      terminationDescriptor("127.0.0.1", b.remote_port != 0 ? b.remote_port : b_port_,
                            b.remote_path.empty() ? b_uri_ : b.remote_path, "passive", b) +
      "}}");
  if (!reply || reply->find("ER=") != std::string::npos) {
    ADD_FAILURE() << "Add failed: " << reply.value_or("(no reply)") << "\n" << gw_.process->err();
    return false;
  }
  add_reply_ = *reply;
  std::smatch m;
  const bool parsed = std::regex_search(*reply, m, std::regex(R"(C=(\d+)\{)")) &&
                      (context_ = m[1], true) &&
                      std::regex_search(*reply, m, std::regex(R"(m=message (\d+) TCP/MSRP)")) &&
                      (gw_port_ = m[1], true) &&
                      std::regex_search(*reply, m, std::regex(R"(a=path:(msrp://[^\s]+))")) &&
                      (gw_uri_for_a_ = m[1], true);
  std::vector<std::string> terms;
  const std::regex term_re(R"(A=(msrp/\d+))");
  for (auto it = std::sregex_iterator(reply->begin(), reply->end(), term_re);
       it != std::sregex_iterator(); ++it) {
    terms.push_back((*it)[1]);
  }
  if (!parsed || terms.size() != 2) {
    ADD_FAILURE() << "unexpected Add reply: " << *reply;
    return false;
  }
  term_a_ = terms[0];
  term_b_ = terms[1];
  return true;
}

void Harness::startA(const std::vector<std::string>& a_args) {
  a_exit_.reset();
  a_ = startConnectorTool(gw_port_, a_uri_, gw_uri_for_a_, a_args);
}

bool Harness::waitBoth(std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  auto left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(until -
                                                                 std::chrono::steady_clock::now());
  };
  if (a_ && !a_exit_) a_exit_ = a_->waitExit(left());
  if (b_ && !b_exit_) b_exit_ = b_->waitExit(left());
  const bool ok = (!a_ || a_exit_) && (!b_ || b_exit_);
  if (!ok) ADD_FAILURE() << "a tool is still running\n" << log();
  return ok;
}

std::optional<std::string> Harness::subtract() {
  return request("C=" + context_ + "{S=*}");
}

bool Harness::stopGateway() {
  gw_.process->signal(SIGTERM);
  auto rc = gw_.process->waitExit(20s);
  return rc.has_value() && *rc == 0;
}

bool Harness::gatewayRunning() {
  return !gw_.process->waitExit(0ms).has_value();
}

std::string Harness::log() {
  // Each process's output is cut on its own, keeping its start and its end: a long
  // transfer by B must not push out how A ended (its last events and its stderr).
  auto part = [](const std::string& name, const std::string& text) {
    constexpr size_t kHead = 1500, kTail = 5000;
    std::string s = "--- " + name + " ---\n";
    if (text.size() <= kHead + kTail) return s + text;
    return s + text.substr(0, kHead) + "\n...\n" + text.substr(text.size() - kTail);
  };
  std::string s;
  if (a_) s += part("A", a_->out() + a_->err());
  if (b_) s += part("B", b_->out() + b_->err());
  if (gw_.process) s += part("msrpgw", gw_.process->err());
  return s;
}

}  // namespace msrpgw::test::e2e
