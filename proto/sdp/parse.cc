#include "proto/sdp/parse.h"

#include <string>

#include "proto/sdp/errc.h"
#include "proto/sdp/line_scan.h"
#include "proto/sdp/msrp_attributes.h"
#include "proto/sdp/sofia_sdp.h"
#include "proto/sdp/text_util.h"

namespace msrpgw::proto::sdp {

namespace {

using detail::iequals;
using detail::Scan;

// sdp_f_config: sofia-sip takes a description without o=, s= and t= (the H.248 fragment);
// it then skips unknown lines, which line_scan.h rejects first.
// sdp_f_mode_manual: direction attributes stay in the attribute list, so "absent" and
// "sendrecv" remain distinct and their order is kept.
// Not sdp_f_anynet: c= must be IN IP4 / IN IP6.
constexpr int kSofiaFlags = sdp_f_config | sdp_f_mode_manual;

bool sofiaAccepts(std::string_view text) {
  detail::SofiaHome home;
  detail::SofiaParse p(home, text, kSofiaFlags);
  return p.session() != nullptr;
}

// sofia-sip says what it disliked but not where: the first line whose prefix of the text
// it rejects (binary search; the whole text is known to fail) is the one reported.
uint32_t failingLine(const Scan& scan) {
  size_t lo = 1, hi = scan.normalized_ends.size();
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (sofiaAccepts(std::string_view(scan.normalized).substr(0, scan.normalized_ends[mid - 1]))) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo == 0 || lo > scan.line_offsets.size() ? 0 : scan.line_offsets[lo - 1];
}

// IPv4 / IPv6 literals and host names: letters, digits, '.', '-', ':' (IPv6), '%' (zone).
bool isAddressText(std::string_view a) {
  for (char c : a) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == ':' || c == '%' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Result<Connection> toConnection(const sdp_connection_t& c, uint32_t offset) {
  Connection out;
  switch (c.c_addrtype) {
    case sdp_addr_ip4: out.addr_type = AddrType::kIp4; break;
    case sdp_addr_ip6: out.addr_type = AddrType::kIp6; break;
    case sdp_addr_x: return makeError(Errc::kSyntax, "c= address type not IP4 or IP6", offset);
  }
  std::string_view addr = c.c_address == nullptr ? "" : c.c_address;
  if (addr == "$") {
    out.choose = true;
  } else if (addr.empty()) {
    return makeError(Errc::kSyntax, "c= without address", offset);
  } else if (!isAddressText(addr)) {
    return makeError(Errc::kSyntax, "c= address not an IP literal or host name", offset);
  } else {
    out.address = std::string(addr);
  }
  return out;
}

std::vector<Attribute> toAttributes(const sdp_attribute_t* a) {
  std::vector<Attribute> out;
  for (; a != nullptr; a = a->a_next) {
    out.push_back({a->a_name == nullptr ? "" : a->a_name,
                   a->a_value == nullptr ? std::nullopt : std::optional<std::string>(a->a_value)});
  }
  return out;
}

// The m= line's c=, if any; several are allowed by RFC 4566 for multicast only.
Result<std::optional<Connection>> mediaConnection(const sdp_media_t& m, uint32_t offset) {
  if (m.m_connections == nullptr) return std::optional<Connection>();
  if (m.m_connections->c_next != nullptr) {
    return makeError(Errc::kSyntax, "several c= lines in one media description", offset);
  }
  auto c = toConnection(*m.m_connections, offset);
  if (!c.ok()) return c.error();
  return std::optional<Connection>(std::move(c).value());
}

Result<OtherMedia> toOther(const sdp_media_t& m, uint32_t c_offset) {
  OtherMedia o;
  o.media = m.m_type_name == nullptr ? "" : m.m_type_name;
  o.port = static_cast<uint16_t>(m.m_port);
  o.proto = m.m_proto_name == nullptr ? "" : m.m_proto_name;
  for (const sdp_list_t* l = m.m_format; l != nullptr; l = l->l_next)
    o.formats.emplace_back(l->l_text);
  if (m.m_format == nullptr) {  // RTP media: sofia keeps the payload types as rtpmaps
    for (const sdp_rtpmap_t* r = m.m_rtpmaps; r != nullptr; r = r->rm_next) {
      o.formats.push_back(std::to_string(r->rm_pt));
    }
  }
  auto c = mediaConnection(m, c_offset);
  if (!c.ok()) return c.error();
  o.connection = std::move(c).value();
  o.attributes = toAttributes(m.m_attributes);
  for (const sdp_rtpmap_t* r = m.m_rtpmaps; r != nullptr; r = r->rm_next) {
    if (r->rm_predef || r->rm_encoding == nullptr) continue;
    std::string map =
        std::to_string(r->rm_pt) + " " + r->rm_encoding + "/" + std::to_string(r->rm_rate);
    if (r->rm_params != nullptr) map += std::string("/") + r->rm_params;
    o.attributes.push_back({"rtpmap", map});
    if (r->rm_fmtp != nullptr) {
      o.attributes.push_back({"fmtp", std::to_string(r->rm_pt) + " " + r->rm_fmtp});
    }
  }
  return o;
}

Result<MsrpMedia> toMsrp(const sdp_media_t& m, Transport transport, const Scan& scan,
                         size_t index) {
  const uint32_t offset = scan.media_offsets[index];
  MsrpMedia out;
  out.transport = transport;
  out.port_choose = scan.port_choose[index];
  out.port = out.port_choose ? 0 : static_cast<uint16_t>(m.m_port);
  if (m.m_number_of_ports > 1) {
    return makeError(Errc::kSyntax, "m=message with a port count", offset);
  }
  out.formats.clear();
  for (const sdp_list_t* l = m.m_format; l != nullptr; l = l->l_next) {
    out.formats.emplace_back(l->l_text);
  }
  auto c = mediaConnection(m, scan.media_c_offsets[index]);
  if (!c.ok()) return c.error();
  out.connection = std::move(c).value();
  std::vector<std::pair<std::string_view, size_t>> seen;  // occurrences per name
  for (const sdp_attribute_t* a = m.m_attributes; a != nullptr; a = a->a_next) {
    std::string_view name = a->a_name == nullptr ? "" : a->a_name;
    size_t occurrence = 0;
    for (auto& [n, count] : seen) {
      if (n == name) occurrence = count++;
    }
    if (occurrence == 0) seen.emplace_back(name, 1);
    const uint32_t at = detail::attrOffset(scan, index + 1, name, occurrence);
    Status s = detail::applyAttribute(out, name, a->a_value, at);
    if (!s.ok()) return s.error();
  }
  Status s = detail::checkMedia(out, offset);
  if (!s.ok()) return s.error();
  return out;
}

}  // namespace

Result<Sdp> parse(std::string_view text) {
  auto scanned = detail::scanLines(text);
  if (!scanned.ok()) return scanned.error();
  const Scan& scan = scanned.value();
  if (!scan.has_content) return makeError(Errc::kSyntax, "empty SDP", 0);

  detail::SofiaHome home;
  detail::SofiaParse parser(home, scan.normalized, kSofiaFlags);
  const sdp_session_t* s = parser.session();
  if (s == nullptr) return makeError(Errc::kSyntax, "SDP rejected by sofia-sip", failingLine(scan));

  Sdp out;
  if (s->sdp_origin != nullptr) {
    Origin o;
    o.username = s->sdp_origin->o_username == nullptr ? "" : s->sdp_origin->o_username;
    o.session_id = s->sdp_origin->o_id;
    o.session_version = s->sdp_origin->o_version;
    if (s->sdp_origin->o_address != nullptr) {
      auto c = toConnection(*s->sdp_origin->o_address, scan.origin_offset);
      if (!c.ok()) return c.error();
      o.address = std::move(c).value();
    }
    out.origin = std::move(o);
  }
  if (s->sdp_subject != nullptr) out.session_name = std::string(s->sdp_subject);
  if (s->sdp_connection != nullptr) {
    auto c = toConnection(*s->sdp_connection, scan.session_c_offset);
    if (!c.ok()) return c.error();
    out.connection = std::move(c).value();
  }
  if (s->sdp_time != nullptr) out.timing = Timing{s->sdp_time->t_start, s->sdp_time->t_stop};
  out.attributes = toAttributes(s->sdp_attributes);

  size_t index = 0;
  for (const sdp_media_t* m = s->sdp_media; m != nullptr; m = m->m_next, ++index) {
    if (index >= scan.media_offsets.size()) {
      return makeError(Errc::kSyntax, "m= lines do not match sofia-sip's media list");
    }
    const uint32_t offset = scan.media_offsets[index];
    if (m->m_port > 65535) return makeError(Errc::kSyntax, "m= port above 65535", offset);
    std::string_view type = m->m_type_name == nullptr ? "" : m->m_type_name;
    std::string_view proto = m->m_proto_name == nullptr ? "" : m->m_proto_name;
    if (iequals(type, "message")) {
      Transport t;
      if (iequals(proto, "TCP/MSRP")) {
        t = Transport::kTcpMsrp;
      } else if (iequals(proto, "TCP/TLS/MSRP")) {
        t = Transport::kTcpTlsMsrp;
      } else {
        return makeError(Errc::kBadTransport, "m=message transport not TCP/MSRP or TCP/TLS/MSRP",
                         offset);
      }
      auto msrp = toMsrp(*m, t, scan, index);
      if (!msrp.ok()) return msrp.error();
      out.media.emplace_back(std::move(msrp).value());
    } else {
      auto other = toOther(*m, scan.media_c_offsets[index]);
      if (!other.ok()) return other.error();
      out.media.emplace_back(std::move(other).value());
    }
  }
  if (out.messageMedia().empty()) {
    return makeError(Errc::kNoMessageMedia, "no m=message line with an MSRP transport");
  }
  return out;
}

uint32_t lineAt(std::string_view text, uint32_t offset) {
  if (offset == kNoOffset) return 0;
  uint32_t line = 1;
  for (size_t i = 0; i < text.size() && i < offset; ++i) {
    if (text[i] == '\n') ++line;
  }
  return line;
}

}  // namespace msrpgw::proto::sdp
