// UTF-8 <-> code points for the SMS text codecs. Strict decoding: overlong forms,
// surrogates, values above U+10FFFF and truncated sequences are kBadUtf8 at the byte
// offset of the offending sequence.
// Thread-safe: functions of their arguments only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "proto/base/result.h"

namespace msrpgw::proto::sms {

// One decoded character and where its bytes sit in the input.
struct CodePoint {
  char32_t value;
  uint32_t offset;  // first byte in the UTF-8 input
  uint8_t size;     // its UTF-8 length, 1-4
};

Result<std::vector<CodePoint>> decodeUtf8(std::string_view text);

void appendUtf8(std::string& out, char32_t cp);

}  // namespace msrpgw::proto::sms
