#include "proto/msrp/uri.h"

#include <arpa/inet.h>

#include <cstring>

#include "proto/base/bytes.h"
#include "proto/msrp/chars.h"
#include "proto/msrp/errc.h"

namespace msrpgw::proto::msrp {
namespace {

using chars::isAlnum;
using chars::isDigit;
using chars::isSessionIdChar;
using chars::isSubDelim;
using chars::isUnreserved;
using chars::isUriParamChar;

Error bad(const char* reason, size_t off) {
  return makeError(Errc::kBadUri, reason, static_cast<uint32_t>(off));
}

// A dotted quad: four groups of one to three digits, each at most 255.
bool parseIpv4(std::string_view s) {
  const char* p = s.data();
  const char* const e = p + s.size();
  for (int part = 0; part < 4; ++part) {
    if (part != 0) {
      if (p == e || *p != '.') return false;
      ++p;
    }
    if (p == e || !isDigit(*p)) return false;
    unsigned v = static_cast<unsigned>(*p++ - '0');
    for (int more = 0; more < 2 && p != e && isDigit(*p); ++more)
      v = v * 10 + static_cast<unsigned>(*p++ - '0');
    if (v > 255) return false;
  }
  return p == e;
}

bool parseIpv6(std::string_view s, unsigned char out[16]) {
  char buf[64];
  if (s.size() >= sizeof buf) return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = 0;
  return inet_pton(AF_INET6, buf, out) == 1;
}

// "msrp://" or "msrps://" in any case: the prefix length, or 0 when it is neither.
size_t schemePrefix(std::string_view t, Scheme& scheme) {
  if (t.size() < 7) return 0;
  // | 0x20 folds only letters onto lower case here: it compares against letters.
  if ((t[0] | 0x20) != 'm' || (t[1] | 0x20) != 's' || (t[2] | 0x20) != 'r' ||
      (t[3] | 0x20) != 'p') {
    return 0;
  }
  size_t i = 4;
  scheme = Scheme::kMsrp;
  if ((t[4] | 0x20) == 's') {
    scheme = Scheme::kMsrps;
    i = 5;
  }
  if (t.size() < i + 3 || t[i] != ':' || t[i + 1] != '/' || t[i + 2] != '/') return 0;
  return i + 3;
}

// The common authority, host[:port] with a plain host, in one pass; false for anything
// else (userinfo, IPv6, an error), which the general code below then handles. On true
// `auth_end` is the position of the '/' or ';' after it.
bool fastHostPort(std::string_view t, size_t pos, Uri& u, size_t& auth_end) {
  size_t i = pos;
  while (i < t.size() && (isUnreserved(t[i]) || t[i] == '%')) ++i;
  if (i == pos || i == t.size()) return false;
  const std::string_view host = t.substr(pos, i - pos);
  if (t[i] == ':') {
    const size_t digits = ++i;
    uint32_t v = 0;
    while (i < t.size() && i - digits < 5 && isDigit(t[i])) {
      v = v * 10 + static_cast<uint32_t>(t[i] - '0');
      ++i;
    }
    if (i == digits || v > 65535 || i == t.size()) return false;
    u.port = static_cast<uint16_t>(v);
    u.has_port = true;
  }
  if (t[i] != '/' && t[i] != ';') {
    u.port = 0;
    u.has_port = false;
    return false;
  }
  u.host = host;
  u.host_kind = isDigit(host[0]) && parseIpv4(host) ? HostKind::kIpv4 : HostKind::kName;
  auth_end = i;
  return true;
}

}  // namespace

// One forward pass per part, each character classified by table: this runs for every
// URI of every To-Path and From-Path on the data path.
Result<Uri> parseUri(std::string_view t) {
  Uri u;
  size_t pos = schemePrefix(t, u.scheme);
  if (pos == 0) {
    if (t.find("://") == std::string_view::npos) return bad("no ://", 0);
    return bad("scheme is not msrp or msrps", 0);
  }
  size_t auth_end = pos;
  if (!fastHostPort(t, pos, u, auth_end)) {
    // The authority ends at '/' or ';'. Note its last '@' and the first ':' after that.
    size_t at = std::string_view::npos, colon = std::string_view::npos;
    for (; auth_end < t.size(); ++auth_end) {
      const char c = t[auth_end];
      if (c == '/' || c == ';') break;
      if (c == '@') {
        at = auth_end;
        colon = std::string_view::npos;
      } else if (c == ':' && colon == std::string_view::npos) {
        colon = auth_end;
      }
    }
    if (auth_end == t.size()) return bad("no ;transport", t.size());
    if (at != std::string_view::npos) {
      u.userinfo = t.substr(pos, at - pos);
      for (size_t i = 0; i < u.userinfo.size(); ++i) {
        char c = u.userinfo[i];
        if (!isUnreserved(c) && !isSubDelim(c) && c != '%' && c != ':')
          return bad("bad userinfo character", pos + i);
      }
      pos = at + 1;
    }
    std::string_view hostport = t.substr(pos, auth_end - pos);
    size_t port_colon = std::string_view::npos;  // within hostport
    if (!hostport.empty() && hostport[0] == '[') {
      size_t close = hostport.find(']');
      if (close == std::string_view::npos) return bad("unclosed IPv6 literal", pos);
      u.host = hostport.substr(1, close - 1);
      unsigned char addr[16];
      if (!parseIpv6(u.host, addr)) return bad("bad IPv6 address", pos + 1);
      u.host_kind = HostKind::kIpv6;
      if (close + 1 < hostport.size()) {
        if (hostport[close + 1] != ':') return bad("junk after IPv6 literal", pos + close + 1);
        port_colon = close + 1;
      }
    } else {
      if (colon != std::string_view::npos) port_colon = colon - pos;
      u.host = hostport.substr(0, port_colon);
      if (u.host.empty()) return bad("empty host", pos);
      for (size_t i = 0; i < u.host.size(); ++i) {
        char c = u.host[i];
        if (!isUnreserved(c) && c != '%') return bad("bad host character", pos + i);
      }
      u.host_kind = isDigit(u.host[0]) && parseIpv4(u.host) ? HostKind::kIpv4 : HostKind::kName;
    }
    if (port_colon != std::string_view::npos) {
      std::string_view port = hostport.substr(port_colon + 1);
      if (port.empty() || port.size() > 5) return bad("bad port", pos + port_colon + 1);
      uint32_t v = 0;
      for (size_t i = 0; i < port.size(); ++i) {
        if (!isDigit(port[i])) return bad("bad port", pos + port_colon + 1 + i);
        v = v * 10 + static_cast<uint32_t>(port[i] - '0');
      }
      if (v > 65535) return bad("port above 65535", pos + port_colon + 1);
      u.port = static_cast<uint16_t>(v);
      u.has_port = true;
    }
  }
  pos = auth_end;
  if (t[pos] == '/') {
    size_t i = pos + 1;
    while (i < t.size() && isSessionIdChar(t[i])) ++i;
    if (i == t.size() || t[i] != ';') {
      // Stopped at a character that is no session-id's: a fault of the session-id when a
      // transport follows somewhere, else the missing transport is the fault.
      if (t.find(';', i) == std::string_view::npos) return bad("no ;transport", t.size());
      return bad("bad session-id character", i);
    }
    if (i == pos + 1) return bad("empty session-id", pos + 1);
    u.session_id = t.substr(pos + 1, i - pos - 1);
    pos = i;
  }
  // t[pos] == ';'
  size_t tr_end = pos + 1;
  while (tr_end < t.size() && isAlnum(t[tr_end])) ++tr_end;
  if (tr_end < t.size() && t[tr_end] != ';') return bad("bad transport character", tr_end);
  if (tr_end == pos + 1) return bad("empty transport", pos + 1);
  u.transport = t.substr(pos + 1, tr_end - pos - 1);
  if (tr_end < t.size()) {
    u.params = t.substr(tr_end);
    for (size_t i = 1; i < u.params.size(); ++i) {
      if (!isUriParamChar(u.params[i])) return bad("bad URI parameter character", tr_end + i);
    }
  }
  return u;
}

bool sameUri(const Uri& a, const Uri& b) {
  if (a.scheme != b.scheme) return false;
  if (a.has_port != b.has_port || a.port != b.port) return false;
  if (a.session_id != b.session_id) return false;
  if (!iequals(a.transport, b.transport)) return false;
  if (a.host_kind != b.host_kind) return false;
  if (a.host_kind == HostKind::kIpv6) {
    unsigned char x[16], y[16];
    return parseIpv6(a.host, x) && parseIpv6(b.host, y) && std::memcmp(x, y, 16) == 0;
  }
  return iequals(a.host, b.host);
}

std::string formatUri(Scheme scheme, std::string_view host, uint16_t port,
                      std::string_view session_id, std::string_view transport) {
  std::string s = scheme == Scheme::kMsrps ? "msrps://" : "msrp://";
  bool v6 = host.find(':') != std::string_view::npos;
  if (v6) s += '[';
  s += host;
  if (v6) s += ']';
  if (port != 0) {
    s += ':';
    s += std::to_string(port);
  }
  if (!session_id.empty()) {
    s += '/';
    s += session_id;
  }
  s += ';';
  s += transport;
  return s;
}

}  // namespace msrpgw::proto::msrp
