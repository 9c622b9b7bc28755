// message/cpim (RFC 3862): a CPIM header block, an empty line, the encapsulated MIME
// headers, an empty line, then the content. parseMessage() returns views into the caller's
// bytes (valid while those bytes are); buildMessage() writes the same structure back.
// Recognised headers: From, To, cc, DateTime, Subject (with ;lang=), NS, Require; every
// other header (namespaced ones such as imdn.Message-ID included) is kept in order as an
// extension and found with header(namespace URI, name). Lines end in CRLF (bare LF is
// accepted); MIME header lines may be folded (a folded value is kept as written, line
// breaks included), CPIM header lines may not.
// Errors: kNoHeaderEnd, kNoMimeEnd, kBadHeaderLine, kBadParameter, kBadNameAddr,
// kBadDateTime, kBadNamespace, kDuplicateHeader, kTooManyHeaders (parse), kBadHeaderValue
// (build); offsets count from the start of the message.
// Thread-safe: plain values and functions of their arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proto/base/bytes.h"
#include "proto/base/result.h"

namespace msrpgw::proto::cpim {

inline constexpr size_t kMaxHeaders = 64;  // per block
inline constexpr std::string_view kImdnNamespace = "urn:ietf:params:imdn";

struct NameAddr {
  std::string_view display;  // formal name, quotes removed; may be empty
  std::string_view uri;      // without the angle brackets
  bool operator==(const NameAddr&) const = default;
};

struct Subject {
  std::string_view lang;  // from ;lang=, may be empty
  std::string_view text;
  bool operator==(const Subject&) const = default;
};

struct Namespace {
  std::string_view prefix;  // empty: the default namespace
  std::string_view uri;
  bool operator==(const Namespace&) const = default;
};

struct Header {
  std::string_view name;  // as written, e.g. "imdn.Message-ID"
  std::string_view value;
  bool operator==(const Header&) const = default;
};

struct Message {
  std::optional<NameAddr> from;
  std::vector<NameAddr> to;
  std::vector<NameAddr> cc;
  std::optional<std::string_view> date_time;  // RFC 3339, as written
  std::vector<Subject> subjects;
  std::vector<Namespace> namespaces;
  std::vector<std::string_view> require;  // header names
  std::vector<Header> extensions;         // every other CPIM header, in order
  std::vector<Header> mime_headers;       // the encapsulated headers
  ByteView body;

  // Value of the extension `name` in the namespace `ns_uri` (its prefix comes from NS).
  std::optional<std::string_view> header(std::string_view ns_uri, std::string_view name) const;
  // Value of an encapsulated MIME header (case-insensitive name).
  std::optional<std::string_view> mimeHeader(std::string_view name) const;
  std::optional<std::string_view> contentType() const { return mimeHeader("Content-Type"); }
};

Result<Message> parseMessage(ByteView bytes);

// CPIM headers in the order From, To, cc, DateTime, Subject, NS, Require, extensions, then
// the MIME headers and the body. kBadHeaderValue for CR or LF in a value (other than a
// MIME fold: CRLF then space or tab) or in a name.
Result<std::string> buildMessage(const Message& m);

}  // namespace msrpgw::proto::cpim
