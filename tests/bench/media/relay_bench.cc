// Throughput through the media engine, measured with two real `msrp` tool processes as
// endpoints, beside the same workload sent directly between the two tools (the
// baseline, in the same run). Prints one line per workload with messages/s, MB/s and
// the ratio to the direct run, then the figures as one JSON object.
//   relay_bench [--count N] [--size B] [--chunk-in C] [--chunk-out C] [--big-mb M]
// The engine runs in this process (workers=1); H.248 is not involved.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <future>
#include <string>
#include <thread>

#include "media/engine/engine.h"
#include "nlohmann/json.hpp"
#include "tests/support/subprocess.h"

namespace msrpgw::media {
namespace {

using msrpgw::test::ChildProcess;
using namespace std::chrono_literals;

const std::string kTool = MSRPGW_BINARY_DIR "/bin/msrp";

// CPU seconds this process (the engine's workers) has used so far.
double processCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Run {
  double msgs_per_s = 0, mb_per_s = 0;
  double cpu_us_per_msg = 0;  // this process's CPU (the engine, when it is the target)
  bool ok = false;
};

// The JSON value of the "summary" line in a tool's output.
nlohmann::json summaryOf(const std::string& out) {
  size_t at = out.rfind("{\"event\":\"summary\"");
  if (at == std::string::npos) return {};
  return nlohmann::json::parse(out.substr(at, out.find('\n', at) - at), nullptr, false);
}

uint16_t listeningPort(ChildProcess& p) {
  for (int i = 0; i < 2000; ++i) {
    std::string out = p.out();
    size_t at = out.find("\"port\":");
    if (at != std::string::npos) return static_cast<uint16_t>(std::stoi(out.substr(at + 7)));
    std::this_thread::sleep_for(5ms);
  }
  return 0;
}

// Receiver B listening; sender A connecting to `target` (B itself, or the engine).
Run runPair(const std::vector<std::string>& load,
            const std::function<std::string(uint16_t)>& target_for_b, uint64_t expect,
            uint64_t bytes) {
  ChildProcess b({kTool, "--listen", "127.0.0.1:0", "--print-port", "--json", "--no-chunk-events",
                  "--local-uri", "msrp://127.0.0.1:1/benchBsess;tcp", "--expect-messages",
                  std::to_string(expect), "--timeout-ms", "120000"});
  uint16_t b_port = listeningPort(b);
  if (b_port == 0) return {};
  std::vector<std::string> a_args = {kTool,
                                     "--json",
                                     "--no-chunk-events",
                                     "--local-uri",
                                     "msrp://127.0.0.1:40001/benchAsess;tcp",
                                     "--timeout-ms",
                                     "120000"};
  std::string target = target_for_b(b_port);
  size_t space = target.find(' ');
  a_args.push_back("--connect");
  a_args.push_back(target.substr(0, space));
  a_args.push_back("--remote-path");
  a_args.push_back(target.substr(space + 1));
  a_args.insert(a_args.end(), load.begin(), load.end());
  auto start = std::chrono::steady_clock::now();
  const double cpu_before = processCpuSeconds();
  ChildProcess a(a_args);
  auto a_exit = a.waitExit(180s);
  auto b_exit = b.waitExit(180s);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Run r;
  r.cpu_us_per_msg = (processCpuSeconds() - cpu_before) * 1e6 / static_cast<double>(expect);
  r.ok = a_exit == 0 && b_exit == 0;
  if (!r.ok) {
    std::fprintf(stderr, "sender exit %d, receiver exit %d\n%s\n%s\n", a_exit.value_or(-1),
                 b_exit.value_or(-1), a.err().c_str(), b.err().c_str());
  }
  nlohmann::json s = summaryOf(b.out());
  double elapsed =
      s.is_object() && s.contains("elapsed_ms") ? s["elapsed_ms"].get<double>() / 1000.0 : secs;
  if (elapsed <= 0) elapsed = secs;
  r.msgs_per_s = static_cast<double>(expect) / elapsed;
  r.mb_per_s = static_cast<double>(bytes) / elapsed / 1e6;
  return r;
}

int run(int argc, char** argv) {
  uint64_t count = 20000, size = 200, big_mb = 200;
  uint32_t chunk_in = 2048, chunk_out = 2048;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    uint64_t v = std::stoull(argv[i + 1]);
    if (k == "--count") count = v;
    if (k == "--size") size = v;
    if (k == "--chunk-in") chunk_in = static_cast<uint32_t>(v);
    if (k == "--chunk-out") chunk_out = static_cast<uint32_t>(v);
    if (k == "--big-mb") big_mb = v;
  }
  msrpgw::media::Worker control("control");
  control.start();
  EngineConfig cfg;
  cfg.workers = 1;
  cfg.port = 0;
  cfg.chunk_size = chunk_out;
  Engine engine(cfg, [&](std::function<void()> f) { control.post(std::move(f)); });
  if (!engine.start().ok()) return 2;
  uint32_t next_context = 1;
  // Adds A (passive toward the sender) and B (active toward the receiver); returns
  // "127.0.0.1:<port> <A's leg URI>" for the sender.
  auto via_engine = [&](uint16_t b_port) {
    uint32_t ctx = next_context++;
    auto add = [&](const std::string& term, const std::string& remote) {
      std::promise<std::string> p;
      control.post([&] {
        engine.add(ctx, term, TerminationSpec{"", remote}, [&](msrpgw::Result<TerminationReply> r) {
          p.set_value(r.ok() ? r->local_sdp : "");
        });
      });
      return p.get_future().get();
    };
    std::string la = add("a",
                         "v=0\r\nc=IN IP4 127.0.0.1\r\nm=message 40001 TCP/MSRP *\r\n"
                         "a=path:msrp://127.0.0.1:40001/benchAsess;tcp\r\na=setup:active\r\n");
    std::string remote_b =
        "v=0\r\nc=IN IP4 127.0.0.1\r\nm=message " + std::to_string(b_port) +
        " TCP/MSRP *\r\na=path:msrp://127.0.0.1:1/benchBsess;tcp\r\na=setup:passive\r\n";
    add("b", remote_b);
    size_t at = la.find("a=path:");
    std::string uri = la.substr(at + 7, la.find("\r\n", at) - at - 7);
    return "127.0.0.1:" + std::to_string(engine.port()) + " " + uri;
  };
  auto direct = [](uint16_t b_port) {
    return "127.0.0.1:" + std::to_string(b_port) + " msrp://127.0.0.1:1/benchBsess;tcp";
  };
  struct Workload {
    std::string name;
    std::vector<std::string> load;
    uint64_t messages, bytes;
  };
  std::vector<Workload> workloads = {
      {"small_" + std::to_string(size) + "B",
       {"--count", std::to_string(count), "--size", std::to_string(size), "--chunk-size",
        std::to_string(chunk_in)},
       count,
       count * size},
      {"file_" + std::to_string(big_mb) + "MB",
       {"--count", "1", "--size", std::to_string(big_mb << 20), "--chunk-size",
        std::to_string(chunk_in)},
       1,
       big_mb << 20},
  };
  nlohmann::json results = nlohmann::json::array();
  bool ok = true;
  std::printf("%-14s %-8s %12s %10s %8s %12s   (chunks in %u, out %u)\n", "workload", "target",
              "msgs/s", "MB/s", "ratio", "cpu us/msg", chunk_in, chunk_out);
  for (const Workload& w : workloads) {
    Run base = runPair(w.load, direct, w.messages, w.bytes);
    Run gw = runPair(w.load, via_engine, w.messages, w.bytes);
    ok = ok && base.ok && gw.ok;
    std::printf("%-14s %-8s %12.0f %10.1f %8s\n", w.name.c_str(), "direct", base.msgs_per_s,
                base.mb_per_s, "1.00");
    std::printf("%-14s %-8s %12.0f %10.1f %8.2f %12.2f\n", w.name.c_str(), "msrpgw", gw.msgs_per_s,
                gw.mb_per_s, base.mb_per_s > 0 ? gw.mb_per_s / base.mb_per_s : 0.0,
                gw.cpu_us_per_msg);
    results.push_back({{"workload", w.name},
                       {"target", "direct"},
                       {"msgs_per_s", base.msgs_per_s},
                       {"mb_per_s", base.mb_per_s}});
    results.push_back({{"workload", w.name},
                       {"target", "msrpgw"},
                       {"cpu_us_per_msg", gw.cpu_us_per_msg},
                       {"msgs_per_s", gw.msgs_per_s},
                       {"mb_per_s", gw.mb_per_s}});
  }
  engine.stop();
  control.stop();
  std::printf("%s\n", nlohmann::json{{"results", results}}.dump().c_str());
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace msrpgw::media

int main(int argc, char** argv) {
  // A bad option value (std::stoull) ends as an exit code here, not in std::terminate.
  try {
    return msrpgw::media::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "relay_bench: fatal: %s\n", e.what());
    return 2;
  }
}
