// msrpload: N MSRP sessions through a target (raw TCP forwarder, kamailio's MSRP relay, or
// msrpgw under our own H.248 control); prints one JSON object with throughput, latency
// percentiles, the target's CPU and memory, and errors. Exit 0 when errors == 0.
#include <signal.h>

#include <cstdio>
#include <exception>

#include "tools/msrpload/load.h"
#include "tools/msrpload/options.h"

namespace {

int run(int argc, char** argv) {
  using namespace msrpgw::tools::msrpload;
  signal(SIGPIPE, SIG_IGN);
  Options o;
  int rc = 0;
  if (!parseOptions(argc, argv, o, &rc)) return rc;
  nlohmann::json r = runLoad(o);
  std::printf("%s\n", r.dump().c_str());
  std::fflush(stdout);
  return r.value("errors", 1) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  // The one boundary where an exception (options, JSON, the load itself) becomes an exit code.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "msrpload: fatal: %s\n", e.what());
    return 1;
  }
}
