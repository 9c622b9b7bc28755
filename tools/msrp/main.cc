// msrp: an MSRP endpoint (RFC 4975) for people, tests and load. main() only wires:
// options -> Endpoint -> exit code. See endpoint.h for the exit codes.
#include <csignal>

#include "tools/msrp/endpoint.h"
#include "tools/msrp/options.h"

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  int code = 0;
  auto opts = msrpgw::tools::msrp::parseOptions(argc, argv, code);
  if (!opts) return code;
  msrpgw::tools::msrp::Endpoint endpoint(std::move(*opts));
  return endpoint.run();
}
