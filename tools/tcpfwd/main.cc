// tcpfwd: a raw TCP forwarder, the ceiling the end-to-end benchmark compares MSRP relays
// against. main() only wires: options -> Forwarder -> exit status.
//   tcpfwd --listen 127.0.0.1:0 --to 127.0.0.1:PORT [--print-port]
// Exit status: 0 after SIGTERM/SIGINT, 2 usage or setup error.
#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdio>

#include "tools/tcpfwd/forwarder.h"
#include "tools/tcpfwd/options.h"

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  // Blocked before anything else so they arrive only through the loop's signalfd.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  // Each forwarded connection holds two sockets (and two pipes while busy): take as many
  // descriptors as allowed (10,000 idle sessions need 20,000 and more): raising the hard
  // limit works as root, else the soft limit goes up to the hard one.
  rlimit nofile{};
  if (getrlimit(RLIMIT_NOFILE, &nofile) == 0) {
    rlimit want{std::max<rlim_t>(nofile.rlim_max, 1 << 20),
                std::max<rlim_t>(nofile.rlim_max, 1 << 20)};
    if (setrlimit(RLIMIT_NOFILE, &want) != 0) {
      nofile.rlim_cur = nofile.rlim_max;
      setrlimit(RLIMIT_NOFILE, &nofile);
    }
  }

  int code = 0;
  auto opts = msrpgw::tools::tcpfwd::parseOptions(argc, argv, code);
  if (!opts) return code;
  const bool print_port = opts->print_port;
  msrpgw::tools::tcpfwd::Forwarder fwd(*opts);
  std::string error;
  if (!fwd.open(error)) {
    std::fprintf(stderr, "tcpfwd: %s\n", error.c_str());
    return 2;
  }
  if (print_port) {
    std::printf("{\"event\":\"listening\",\"port\":%u}\n", static_cast<unsigned>(fwd.port()));
    std::fflush(stdout);
  }
  return fwd.run();
}
