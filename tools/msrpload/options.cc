#include "tools/msrpload/options.h"

#include <CLI/CLI.hpp>
#include <map>

namespace msrpgw::tools::msrpload {

const char* targetName(Target t) {
  switch (t) {
    case Target::kRaw: return "raw";
    case Target::kKamailio: return "kamailio";
    case Target::kMsrpgw: return "msrpgw";
  }
  return "?";
}

bool parseOptions(int argc, char** argv, Options& o, int* exit_code) {
  CLI::App app{"msrpload: MSRP sessions through a target, every delivery validated; JSON out"};
  std::map<std::string, Target> targets{
      {"raw", Target::kRaw}, {"kamailio", Target::kKamailio}, {"msrpgw", Target::kMsrpgw}};
  app.add_option("--target", o.target, "raw | kamailio | msrpgw")
      ->required()
      ->transform(CLI::CheckedTransformer(targets, CLI::ignore_case));
  app.add_option("--connect", o.connect, "raw/kamailio: ip:port the senders connect to");
  app.add_option("--listen", o.listen, "raw/kamailio: ip:port where the receivers listen");
  app.add_option("--mgc-listen", o.mgc_listen, "msrpgw: our H.248 UDP ip:port (its h248.mgc)");
  app.add_option("--mg", o.mg,
                 "msrpgw: its H.248 ip:port, when it is already registered with --mgc-listen "
                 "(a second run against the same msrpgw); otherwise we await its ServiceChange");
  app.add_option("--gw-chunk-size", o.gw_chunk_size,
                 "msrpgw: msrpgw/chunksize on both terminations (0: msrpgw's own)");
  app.add_option("--sessions", o.sessions, "sessions")->check(CLI::Range(1u, 100000u));
  app.add_option("--sessions-per-conn", o.sessions_per_conn, "sessions sharing one connection")
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--size", o.size, "body bytes per message")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  app.add_option("--chunk-size", o.chunk_size, "body bytes per chunk (0: one chunk)");
  app.add_option("--messages", o.messages, "total messages (0: until --duration)");
  app.add_option("--duration", o.duration_s, "seconds of load");
  app.add_option("--rate", o.rate, "messages/s over all sessions (0: maximum)");
  app.add_option("--pace-us", o.pace_us, "fixed rate: microseconds between starts of due messages")
      ->check(CLI::Range(10u, 1000000u));
  app.add_option("--window-bytes", o.window_bytes, "bytes in flight over all sessions");
  app.add_flag("--idle", o.idle, "idle sessions: RSS per session of the target");
  app.add_option("--hold", o.hold_s, "idle: seconds to hold before measuring");
  app.add_option("--pid", o.pid, "target process id (descendants included)");
  app.add_option("--setup-timeout", o.setup_timeout_s, "seconds for setup");
  app.add_option("--drain-timeout", o.drain_timeout_s, "seconds to wait for deliveries after load");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    *exit_code = app.exit(e);
    return false;
  }
  bool relay = o.target != Target::kMsrpgw;
  if ((relay && (o.connect.empty() || o.listen.empty())) || (!relay && o.mgc_listen.empty())) {
    std::fprintf(stderr,
                 "msrpload: raw/kamailio need --connect and --listen, msrpgw --mgc-listen\n");
    *exit_code = 2;
    return false;
  }
  return true;
}

}  // namespace msrpgw::tools::msrpload
