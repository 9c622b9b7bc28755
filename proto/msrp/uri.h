// MSRP URIs (RFC 4975 section 6 and the ABNF of section 9):
//   msrp[s]://[userinfo@]host[:port][/session-id];transport*(;param[=value])
// with host an IPv4 address, an IPv6 literal in brackets, or a host name.
// parseUri() returns views into the caller's text, valid while that text lives.
// Errors: Errc::kBadUri with the offset of the offending character.
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "proto/base/result.h"

namespace msrpgw::proto::msrp {

enum class Scheme : uint8_t { kMsrp, kMsrps };
enum class HostKind : uint8_t { kIpv4, kIpv6, kName };

struct Uri {
  Scheme scheme = Scheme::kMsrp;
  std::string_view userinfo;  // without the '@'; empty when absent
  std::string_view host;      // IPv6 without the brackets
  HostKind host_kind = HostKind::kName;
  uint16_t port = 0;  // 0 when absent (RFC 4975 default 2855 is not implied)
  bool has_port = false;
  std::string_view session_id;  // case-sensitive; empty when absent (relay URIs)
  std::string_view transport;   // "tcp", "ws", ...
  std::string_view params;      // everything after the transport, from its first ';'
};

Result<Uri> parseUri(std::string_view text);

// RFC 4975 section 6.1: schemes equal (case-insensitive); hosts equal (IP addresses by
// value, names case-insensitively); ports equal, an explicit port never equals an absent
// one; session-ids equal case-sensitively, present never equals absent; transports equal
// (case-insensitive). Userinfo and other parameters are not compared.
bool sameUri(const Uri& a, const Uri& b);

// "msrp://192.0.2.1:2855/abc;tcp" (IPv6 hosts are bracketed; port omitted when 0).
std::string formatUri(Scheme scheme, std::string_view host, uint16_t port,
                      std::string_view session_id, std::string_view transport = "tcp");

}  // namespace msrpgw::proto::msrp
