// Command-line options of `tcpfwd`, parsed and checked in one place.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <optional>
#include <string>

namespace msrpgw::tools::tcpfwd {

struct Options {
  sockaddr_storage listen{};  // where clients connect
  socklen_t listen_len = 0;
  sockaddr_storage to{};  // where each accepted connection is forwarded
  socklen_t to_len = 0;
  bool print_port = false;
  size_t pipe_bytes = 1 << 20;  // kernel pipe per direction (F_SETPIPE_SZ; may be capped)
};

// Parses argv; on --help or a usage error prints and sets `exit_code` (0 or 2), nullopt.
std::optional<Options> parseOptions(int argc, char** argv, int& exit_code);

}  // namespace msrpgw::tools::tcpfwd
