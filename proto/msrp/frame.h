// What the MSRP frame parser reports (RFC 4975 section 7): the start line, the header
// fields in wire order, body pieces as they arrive, and the end-line flag.
// Views point into the parser's input or into its own head buffer; they are valid only
// during the sink call that receives them. Copy what must outlive it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "proto/base/bytes.h"
#include "proto/msrp/header_id.h"

namespace msrpgw::proto::msrp {

enum class Method : uint8_t { kSend, kReport, kAuth, kOther };

// The flag of the end-line: '$' message complete, '+' more chunks follow, '#' aborted.
enum class EndFlag : char { kComplete = '$', kMore = '+', kAbort = '#' };

struct StartLine {
  std::string_view tid;  // the transaction id, 4..32 characters
  bool is_request = true;
  Method method = Method::kOther;  // requests
  std::string_view method_name;    // requests: "SEND", or an unknown method (answer 501)
  uint16_t status = 0;             // responses: 3-digit status code
  std::string_view comment;        // responses: the text after the code, may be empty
};

struct HeaderView {
  HeaderId id = HeaderId::kOther;
  std::string_view name;   // as written
  std::string_view value;  // without the blanks around it
};

struct FrameHead {
  StartLine start;
  std::span<const HeaderView> headers;  // every header in wire order, unknown ones included
  bool has_body = false;  // a blank line followed: body pieces and the end-line come next

  // The value of the first header with this id, or an empty view.
  std::string_view get(HeaderId id) const {
    for (const HeaderView& h : headers) {
      if (h.id == id) return h.value;
    }
    return {};
  }
  bool has(HeaderId id) const {
    for (const HeaderView& h : headers) {
      if (h.id == id) return true;
    }
    return false;
  }
};

// Receives the events of one parser. Calls are never re-entrant and come in the order
// onHead, onBody* (only when head.has_body), onEnd.
class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual void onHead(const FrameHead& head) = 0;
  virtual void onBody(ByteView piece) = 0;  // any size >= 1; as many calls as the input is cut
  virtual void onEnd(EndFlag flag) = 0;
};

}  // namespace msrpgw::proto::msrp
