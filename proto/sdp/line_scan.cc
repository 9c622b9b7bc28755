#include "proto/sdp/line_scan.h"

#include <cstring>

#include "proto/sdp/errc.h"
#include "proto/sdp/text_util.h"

namespace msrpgw::proto::sdp::detail {

namespace {

// m=<media> <port>[/<n>] <proto> <fmt>...: media a token, port 1*DIGIT ["/" 1*DIGIT] or
// '$', proto token *("/" token), at least one fmt and every fmt a token (RFC 4566
// section 9). sofia-sip 1.12.11 allocates gigabytes for some lines outside this grammar
// (a format starting with a tspecial such as "(" or "/"; a port "7x" before a proto
// "/MSRP"): found by tests/fuzz/sdp_parse_fuzz.cc.
bool isDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool isToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!isTokenChar(c)) return false;
  }
  return true;
}

bool isPort(std::string_view s) {
  if (s == "$") return true;
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) return isDigits(s);
  return isDigits(s.substr(0, slash)) && isDigits(s.substr(slash + 1));
}

bool isProto(std::string_view s) {
  size_t start = 0;
  while (true) {
    size_t slash = s.find('/', start);
    if (!isToken(s.substr(start, slash == std::string_view::npos ? slash : slash - start))) {
      return false;
    }
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

bool mediaLineTokens(std::string_view fields) {
  size_t index = 0;
  size_t i = 0;
  while (i < fields.size()) {
    if (fields[i] == ' ' || fields[i] == '\t') {
      ++i;
      continue;
    }
    size_t end = fields.find_first_of(" \t", i);
    if (end == std::string_view::npos) end = fields.size();
    std::string_view field = fields.substr(i, end - i);
    bool ok = index == 1 ? isPort(field) : index == 2 ? isProto(field) : isToken(field);
    if (!ok) return false;
    ++index;
    i = end;
  }
  return index >= 4;  // media, port, proto and at least one format
}

}  // namespace

Result<Scan> scanLines(std::string_view text) {
  Scan scan;
  scan.attrs.emplace_back();
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    const auto line_off = static_cast<uint32_t>(pos);
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t lead = 0;
    while (lead < line.size() && (line[lead] == ' ' || line[lead] == '\t')) ++lead;
    line.remove_prefix(lead);
    for (char c : line) {
      auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7f) {
        return makeError(Errc::kSyntax, "control character in SDP line", line_off);
      }
    }
    scan.line_offsets.push_back(line_off);
    if (!line.empty()) {
      if (line.size() < 2 || line[1] != '=' || std::strchr("vosiuepcbtrzkam", line[0]) == nullptr) {
        return makeError(Errc::kSyntax, "SDP line is not <type>=<value>", line_off);
      }
      if (std::strchr("asiuepk", line[0]) == nullptr) {
        for (char c : line) {
          if (static_cast<unsigned char>(c) >= 0x80) {
            return makeError(Errc::kSyntax, "non-ASCII byte in an SDP field", line_off);
          }
        }
      }
      scan.has_content = true;
      std::string_view port_tail;  // the m= line after a '$' port
      bool choose = false;
      if (line[0] == 'm' && !mediaLineTokens(line.substr(2))) {
        return makeError(Errc::kSyntax, "m= fields missing or not tokens", line_off);
      }
      if (line[0] == 'm') {
        // m=<media> <port>[/<n>] <proto> <fmt>...: sofia-sip wants a number for the port.
        size_t sp = line.find(' ');
        size_t sp2 = sp == std::string_view::npos ? sp : line.find(' ', sp + 1);
        choose = sp != std::string_view::npos && sp2 != std::string_view::npos &&
                 line.substr(sp + 1, sp2 - sp - 1) == "$";
        if (choose) port_tail = line.substr(sp2);
        scan.media_offsets.push_back(line_off);
        scan.port_choose.push_back(choose);
        scan.media_c_offsets.push_back(kNoOffset);
        scan.attrs.emplace_back();
      } else if (line[0] == 'o' && scan.origin_offset == kNoOffset) {
        scan.origin_offset = line_off;
      } else if (line[0] == 'c' && scan.media_offsets.empty() &&
                 scan.session_c_offset == kNoOffset) {
        scan.session_c_offset = line_off;
      } else if (line[0] == 'c' && !scan.media_offsets.empty() &&
                 scan.media_c_offsets.back() == kNoOffset) {
        scan.media_c_offsets.back() = line_off;
      } else if (line[0] == 'a') {
        std::string_view attr = line.substr(2);
        scan.attrs.back().push_back({attr.substr(0, attr.find(':')), line_off});
      }
      if (choose) {
        scan.normalized += line.substr(0, line.find(' ') + 1);
        scan.normalized += '0';
        scan.normalized += port_tail;
      } else {
        scan.normalized += line;
      }
      scan.normalized += "\r\n";
    }
    scan.normalized_ends.push_back(static_cast<uint32_t>(scan.normalized.size()));
    pos = next;
  }
  return scan;
}

uint32_t attrOffset(const Scan& scan, size_t section, std::string_view name, size_t occurrence) {
  if (section >= scan.attrs.size()) return kNoOffset;
  for (const AttrPos& a : scan.attrs[section]) {
    if (a.name == name && occurrence-- == 0) return a.offset;
  }
  return kNoOffset;
}

}  // namespace msrpgw::proto::sdp::detail
