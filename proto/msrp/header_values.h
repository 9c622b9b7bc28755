// Typed views of MSRP header values (RFC 4975 section 9, RFC 4976). Each parser takes the
// value text as the frame parser delivered it (no leading/trailing blanks) and returns
// views into it, valid while that text lives. Offsets in errors are within the value.
// Errors: kBadMessageId, kBadByteRange, kBadReportValue, kBadStatusHeader,
// kBadContentType, kBadExpires, kBadPath (and kBadUri from the URIs of a path).
// Thread-safe: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "proto/base/result.h"
#include "proto/msrp/uri.h"

namespace msrpgw::proto::msrp {

// ident = ALPHANUM 3*31( ALPHANUM / "." / "-" / "+" / "%" / "=" ): transaction ids and
// Message-IDs.
bool isIdent(std::string_view s);
Result<std::string_view> parseMessageId(std::string_view v);

// Byte-Range: start-end/total, 1-based inclusive; end and total may be '*'.
struct ByteRange {
  static constexpr uint64_t kUnknown = UINT64_MAX;
  uint64_t start = 1;
  uint64_t end = kUnknown;    // kUnknown for '*'
  uint64_t total = kUnknown;  // kUnknown for '*'
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};
Result<ByteRange> parseByteRange(std::string_view v);

enum class ReportMode : uint8_t { kNo, kYes, kPartial };
Result<ReportMode> parseSuccessReport(std::string_view v);  // yes | no
Result<ReportMode> parseFailureReport(std::string_view v);  // yes | no | partial

// Status: namespace SP status-code [SP comment]; the namespace is "000" in RFC 4975.
struct StatusValue {
  uint16_t ns = 0;
  uint16_t code = 0;
  std::string_view comment;
};
Result<StatusValue> parseStatus(std::string_view v);

// Content-Type: type "/" subtype *( ";" parameter ). `params` is the raw text from the
// first ';' (may be empty); nextParam() walks it.
struct ContentType {
  std::string_view type;
  std::string_view subtype;
  std::string_view params;
};
Result<ContentType> parseContentType(std::string_view v);
struct MediaParam {
  std::string_view name;
  std::string_view value;  // quotes removed, escapes kept
};
// Takes the next parameter off the front of `params`; false when none is left or the
// text is not a parameter.
bool nextParam(std::string_view& params, MediaParam& out);

// Expires, Min-Expires, Max-Expires: 1*DIGIT, at most 2^32-1.
Result<uint32_t> parseExpires(std::string_view v);

// To-Path, From-Path, Use-Path: URIs separated by single spaces (tolerates runs of
// blanks). Holds up to kMaxUris without allocating.
class Path {
 public:
  static constexpr size_t kMaxUris = 16;
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const Uri& operator[](size_t i) const { return uris_[i]; }
  const Uri& front() const { return uris_[0]; }
  const Uri& back() const { return uris_[n_ - 1]; }
  const Uri* begin() const { return uris_.data(); }
  const Uri* end() const { return uris_.data() + n_; }

 private:
  friend Result<Path> parsePath(std::string_view v);
  std::array<Uri, kMaxUris> uris_{};
  size_t n_ = 0;
};
Result<Path> parsePath(std::string_view v);
// The same checks as parsePath, without keeping the URIs (request validation per frame).
Status checkPath(std::string_view v);

}  // namespace msrpgw::proto::msrp
