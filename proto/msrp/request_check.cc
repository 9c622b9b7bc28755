#include "proto/msrp/request_check.h"

#include "proto/msrp/errc.h"
#include "proto/msrp/header_values.h"

namespace msrpgw::proto::msrp {
namespace {

Error withoutOffset(Error e) {
  e.offset = kNoOffset;
  return e;
}

template <class T>
Status check(const Result<T>& r) {
  if (!r.ok()) return withoutOffset(r.error());
  return {};
}

}  // namespace

namespace {

// The checks of checkRequest; `path` validates a To-Path, From-Path or Use-Path value.
// `range` gets the Byte-Range (1-*/* when there is none).
template <class PathCheck>
Status checkHead(const FrameHead& head, PathCheck&& path, ByteRange& range) {
  range = ByteRange{};
  const Method m = head.start.method;
  if (!head.start.is_request || m == Method::kOther) return {};
  for (const HeaderView& h : head.headers) {
    Status s;
    switch (h.id) {
      case HeaderId::kToPath:
      case HeaderId::kFromPath:
      case HeaderId::kUsePath: s = path(h); break;
      case HeaderId::kMessageId: s = check(parseMessageId(h.value)); break;
      case HeaderId::kByteRange: {
        Result<ByteRange> r = parseByteRange(h.value);
        if (r.ok()) range = r.value();
        s = check(r);
        break;
      }
      case HeaderId::kSuccessReport: s = check(parseSuccessReport(h.value)); break;
      case HeaderId::kFailureReport: s = check(parseFailureReport(h.value)); break;
      case HeaderId::kStatus: s = check(parseStatus(h.value)); break;
      case HeaderId::kContentType: s = check(parseContentType(h.value)); break;
      case HeaderId::kExpires:
      case HeaderId::kMinExpires:
      case HeaderId::kMaxExpires: s = check(parseExpires(h.value)); break;
      default: break;
    }
    if (!s.ok()) return s;
  }
  if ((m == Method::kSend || m == Method::kReport) && !head.has(HeaderId::kMessageId)) {
    return makeError(Errc::kMissingHeader, "SEND and REPORT need a Message-ID");
  }
  if (m == Method::kReport && !head.has(HeaderId::kStatus)) {
    return makeError(Errc::kMissingHeader, "REPORT needs a Status");
  }
  return {};
}

}  // namespace

Status checkRequest(const FrameHead& head) {
  ByteRange range;
  return checkHead(
      head, [](const HeaderView& h) { return check(checkPath(h.value)); }, range);
}

Status RequestChecker::check(const FrameHead& head) {
  return checkHead(
      head,
      [this](const HeaderView& h) -> Status {
        std::string* valid = h.id == HeaderId::kToPath     ? &valid_to_
                             : h.id == HeaderId::kFromPath ? &valid_from_
                                                           : nullptr;
        if (valid != nullptr && !valid->empty() && h.value == *valid) return {};
        Status s = msrp::check(checkPath(h.value));
        if (s.ok() && valid != nullptr) valid->assign(h.value);
        return s;
      },
      range_);
}

}  // namespace msrpgw::proto::msrp
