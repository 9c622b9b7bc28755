#include "tools/tcpfwd/options.h"

#include <arpa/inet.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstring>
#include <iostream>

namespace msrpgw::tools::tcpfwd {
namespace {

// "ip:port" or "[v6]:port" (IP literals only) into a sockaddr.
bool parseEndpoint(const std::string& s, sockaddr_storage& out, socklen_t& len) {
  size_t colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  std::string host = s.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  const char* p = s.data() + colon + 1;
  const char* end = s.data() + s.size();
  auto [stop, ec] = std::from_chars(p, end, port);
  if (ec != std::errc{} || stop != end || p == end || port > 65535) return false;
  std::memset(&out, 0, sizeof out);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    len = sizeof(sockaddr_in);
    return true;
  }
  if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    len = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

}  // namespace

std::optional<Options> parseOptions(int argc, char** argv, int& exit_code) {
  Options o;
  CLI::App app{"tcpfwd: forwards every accepted TCP connection to a new connection to --to"};
  std::string listen, to;
  app.add_option("--listen", listen, "listen on IP:PORT (port 0: any free port)")->required();
  app.add_option("--to", to, "forward each connection to IP:PORT")->required();
  app.add_flag("--print-port", o.print_port,
               "print {\"event\":\"listening\",\"port\":N} as the first line of stdout");
  app.add_option("--pipe-bytes", o.pipe_bytes, "kernel pipe size per direction")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    exit_code = app.exit(e) == 0 ? 0 : 2;
    return std::nullopt;
  }
  auto usage = [&](const std::string& msg) {
    std::cerr << "tcpfwd: " << msg << "\n";
    exit_code = 2;
    return std::nullopt;
  };
  if (!parseEndpoint(listen, o.listen, o.listen_len))
    return usage("--listen wants IP:PORT, got " + listen);
  if (!parseEndpoint(to, o.to, o.to_len)) return usage("--to wants IP:PORT, got " + to);
  if (reinterpret_cast<sockaddr_in*>(&o.to)->sin_port == 0) return usage("--to needs a port");
  if (o.pipe_bytes < 4096) return usage("--pipe-bytes must be >= 4096");
  return o;
}

}  // namespace msrpgw::tools::tcpfwd
