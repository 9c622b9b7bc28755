// UCS2 as SMS uses it in practice: UTF-16BE, with surrogate pairs for characters beyond
// the BMP (emoji). Encoding never fails on valid UTF-8; decoding never fails: a lone
// surrogate or an odd trailing octet becomes U+FFFD.
// Thread-safe: functions of their arguments only.
#pragma once

#include <string>
#include <string_view>

#include "proto/base/bytes.h"
#include "proto/base/result.h"
#include "proto/sms/reader.h"

namespace msrpgw::proto::sms {

// UTF-16 code units a character needs: 1, or 2 (a surrogate pair) above U+FFFF.
constexpr int utf16Units(char32_t cp) {
  return cp > 0xFFFF ? 2 : 1;
}

// Appends the UTF-16BE form of `cp` to `out`.
void appendUtf16be(Octets& out, char32_t cp);

// UTF-8 to UTF-16BE; kBadUtf8 at the offending byte.
Result<Octets> utf8ToUcs2(std::string_view utf8);

// UTF-16BE to UTF-8.
std::string ucs2ToUtf8(ByteView utf16be);

}  // namespace msrpgw::proto::sms
