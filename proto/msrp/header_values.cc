#include "proto/msrp/header_values.h"

#include <array>
#include <cstring>

#include "proto/base/bytes.h"
#include "proto/msrp/chars.h"
#include "proto/msrp/errc.h"

namespace msrpgw::proto::msrp {
namespace {

using chars::isAlnum;
using chars::isDigit;
constexpr bool isTokenChar(char c) {
  return chars::isMimeToken(c);
}

// Reads 1*DIGIT at s[pos..] into out (saturating test against max); false on none/overflow.
bool readNumber(std::string_view s, size_t& pos, uint64_t max, uint64_t& out) {
  size_t start = pos;
  uint64_t v = 0;
  // Nine digits stay below 10^9 and cannot pass any max used here (>= 2^32 - 1): no
  // overflow test for them, the careful one only for longer numbers.
  while (pos < s.size() && pos - start < 9 && isDigit(s[pos])) {
    v = v * 10 + static_cast<uint64_t>(s[pos] - '0');
    ++pos;
  }
  if (v > max) return false;
  while (pos < s.size() && isDigit(s[pos])) {
    uint64_t d = static_cast<uint64_t>(s[pos] - '0');
    if (v > (max - d) / 10) return false;
    v = v * 10 + d;
    ++pos;
  }
  out = v;
  return pos > start;
}

}  // namespace

// ident = ALPHANUM 3*31ident-char; ident-char = ALPHANUM / "." / "-" / "+" / "%" / "="
// (RFC 4975 section 9). A table: idents are checked several times per relayed message.
constexpr std::array<bool, 256> kIdentChar = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const auto ch = static_cast<char>(c);
    t[static_cast<size_t>(c)] =
        isAlnum(ch) || ch == '.' || ch == '-' || ch == '+' || ch == '%' || ch == '=';
  }
  return t;
}();

bool isIdent(std::string_view s) {
  if (s.size() < 4 || s.size() > 32 || !isAlnum(s[0])) return false;
  bool ok = true;
  for (char c : s.substr(1)) ok &= kIdentChar[static_cast<unsigned char>(c)];
  return ok;
}

Result<std::string_view> parseMessageId(std::string_view v) {
  if (!isIdent(v)) return makeError(Errc::kBadMessageId, "Message-ID is not an ident", 0);
  return v;
}

Result<ByteRange> parseByteRange(std::string_view v) {
  ByteRange r;
  size_t pos = 0;
  constexpr uint64_t kMax = ByteRange::kUnknown - 1;
  auto bad = [](const char* why, size_t at) {
    return makeError(Errc::kBadByteRange, why, static_cast<uint32_t>(at));
  };
  if (!readNumber(v, pos, kMax, r.start)) return bad("start is not a number", pos);
  if (r.start < 1) return bad("start below 1", 0);
  if (pos >= v.size() || v[pos] != '-') return bad("expected '-'", pos);
  ++pos;
  if (pos < v.size() && v[pos] == '*') {
    ++pos;
  } else if (!readNumber(v, pos, kMax, r.end)) {
    return bad("end is not a number or '*'", pos);
  }
  if (pos >= v.size() || v[pos] != '/') return bad("expected '/'", pos);
  ++pos;
  size_t total_at = pos;
  if (pos < v.size() && v[pos] == '*') {
    ++pos;
  } else if (!readNumber(v, pos, kMax, r.total)) {
    return bad("total is not a number or '*'", pos);
  }
  if (pos != v.size()) return bad("junk after total", pos);
  if (r.end != ByteRange::kUnknown && r.end + 1 < r.start) return bad("end before start", 0);
  if (r.total != ByteRange::kUnknown) {
    if (r.end != ByteRange::kUnknown && r.end > r.total) return bad("end beyond total", total_at);
    if (r.start > r.total + 1) return bad("start beyond total", 0);
  }
  return r;
}

Result<ReportMode> parseSuccessReport(std::string_view v) {
  if (iequals(v, "yes")) return ReportMode::kYes;
  if (iequals(v, "no")) return ReportMode::kNo;
  return makeError(Errc::kBadReportValue, "Success-Report is not yes or no", 0);
}

Result<ReportMode> parseFailureReport(std::string_view v) {
  if (iequals(v, "yes")) return ReportMode::kYes;
  if (iequals(v, "no")) return ReportMode::kNo;
  if (iequals(v, "partial")) return ReportMode::kPartial;
  return makeError(Errc::kBadReportValue, "Failure-Report is not yes, no or partial", 0);
}

Result<StatusValue> parseStatus(std::string_view v) {
  auto three = [&](size_t at, uint16_t& out) {
    if (at + 3 > v.size() || !isDigit(v[at]) || !isDigit(v[at + 1]) || !isDigit(v[at + 2]))
      return false;
    out = static_cast<uint16_t>((v[at] - '0') * 100 + (v[at + 1] - '0') * 10 + (v[at + 2] - '0'));
    return true;
  };
  StatusValue s;
  if (!three(0, s.ns)) return makeError(Errc::kBadStatusHeader, "namespace is not 3 digits", 0);
  if (v.size() < 4 || v[3] != ' ')
    return makeError(Errc::kBadStatusHeader, "expected SP after namespace", 3);
  if (!three(4, s.code)) return makeError(Errc::kBadStatusHeader, "status code is not 3 digits", 4);
  if (v.size() > 7) {
    if (v[7] != ' ') return makeError(Errc::kBadStatusHeader, "expected SP before comment", 7);
    s.comment = v.substr(8);
  }
  return s;
}

Result<ContentType> parseContentType(std::string_view v) {
  ContentType ct;
  size_t slash = v.find('/');
  if (slash == std::string_view::npos || slash == 0) {
    return makeError(Errc::kBadContentType, "expected type/subtype", 0);
  }
  ct.type = v.substr(0, slash);
  for (size_t i = 0; i < ct.type.size(); ++i) {
    if (!isTokenChar(ct.type[i]))
      return makeError(Errc::kBadContentType, "bad type character", static_cast<uint32_t>(i));
  }
  size_t end = slash + 1;
  while (end < v.size() && isTokenChar(v[end])) ++end;
  ct.subtype = v.substr(slash + 1, end - slash - 1);
  if (ct.subtype.empty())
    return makeError(Errc::kBadContentType, "empty subtype", static_cast<uint32_t>(slash + 1));
  std::string_view rest = trimSpaces(v.substr(end));
  if (!rest.empty()) {
    if (rest[0] != ';')
      return makeError(Errc::kBadContentType, "junk after subtype", static_cast<uint32_t>(end));
    ct.params = rest;
    std::string_view walk = rest;
    MediaParam p;
    while (!trimSpaces(walk).empty()) {
      if (!nextParam(walk, p)) {
        return makeError(Errc::kBadContentType, "bad parameter",
                         static_cast<uint32_t>(v.size() - walk.size()));
      }
    }
  }
  return ct;
}

bool nextParam(std::string_view& params, MediaParam& out) {
  std::string_view s = trimSpaces(params);
  if (s.empty() || s[0] != ';') return false;
  s = trimSpaces(s.substr(1));
  size_t i = 0;
  while (i < s.size() && isTokenChar(s[i])) ++i;
  if (i == 0) return false;
  out.name = s.substr(0, i);
  s = trimSpaces(s.substr(i));
  if (s.empty() || s[0] != '=') return false;
  s = trimSpaces(s.substr(1));
  if (!s.empty() && s[0] == '"') {
    size_t j = 1;
    while (j < s.size() && s[j] != '"') j += (s[j] == '\\') ? 2 : 1;
    if (j >= s.size()) return false;
    out.value = s.substr(1, j - 1);
    s = s.substr(j + 1);
  } else {
    size_t j = 0;
    while (j < s.size() && isTokenChar(s[j])) ++j;
    if (j == 0) return false;
    out.value = s.substr(0, j);
    s = s.substr(j);
  }
  params = s;
  return true;
}

Result<uint32_t> parseExpires(std::string_view v) {
  size_t pos = 0;
  uint64_t n = 0;
  if (!readNumber(v, pos, UINT32_MAX, n) || pos != v.size()) {
    return makeError(Errc::kBadExpires, "not a decimal number below 2^32",
                     static_cast<uint32_t>(pos));
  }
  return static_cast<uint32_t>(n);
}

namespace {

// Calls on_uri(uri) for each URI of a path, in order; stops at the first error.
template <class F>
Status forEachUri(std::string_view v, F on_uri) {
  size_t pos = 0, n = 0;
  while (pos < v.size()) {
    while (pos < v.size() && (v[pos] == ' ' || v[pos] == '\t')) ++pos;
    if (pos == v.size()) break;
    // The URI ends at the next blank: two memchr scans beat a loop over ~40 characters.
    size_t end = v.find(' ', pos);
    if (end == std::string_view::npos) end = v.size();
    if (const void* tab = std::memchr(v.data() + pos, '\t', end - pos)) {
      end = static_cast<size_t>(static_cast<const char*>(tab) - v.data());
    }
    if (n == Path::kMaxUris)
      return makeError(Errc::kBadPath, "more URIs than supported", static_cast<uint32_t>(pos));
    auto uri = parseUri(v.substr(pos, end - pos));
    if (!uri.ok()) {
      Error e = uri.error();
      e.offset = static_cast<uint32_t>(pos + (e.offset == kNoOffset ? 0 : e.offset));
      return e;
    }
    on_uri(uri.value());
    ++n;
    pos = end;
  }
  if (n == 0) return makeError(Errc::kBadPath, "empty path", 0);
  return {};
}

}  // namespace

Result<Path> parsePath(std::string_view v) {
  Path p;
  Status s = forEachUri(v, [&p](const Uri& u) { p.uris_[p.n_++] = u; });
  if (!s.ok()) return s.error();
  return p;
}

Status checkPath(std::string_view v) {
  return forEachUri(v, [](const Uri&) {});
}

}  // namespace msrpgw::proto::msrp
