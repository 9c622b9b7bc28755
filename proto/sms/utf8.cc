#include "proto/sms/utf8.h"

#include "proto/sms/errc.h"

namespace msrpgw::proto::sms {

Result<std::vector<CodePoint>> decodeUtf8(std::string_view s) {
  std::vector<CodePoint> out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto start = static_cast<uint32_t>(i);
    auto b0 = static_cast<uint8_t>(s[i]);
    if (b0 < 0x80) {
      out.push_back({b0, start, 1});
      ++i;
      continue;
    }
    size_t len;
    char32_t cp;
    char32_t min;
    if ((b0 & 0xE0) == 0xC0) {
      len = 2, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
      return error(Errc::kBadUtf8, "invalid UTF-8 lead byte", start);
    }
    if (i + len > s.size()) return error(Errc::kBadUtf8, "truncated UTF-8 sequence", start);
    for (size_t k = 1; k < len; ++k) {
      auto b = static_cast<uint8_t>(s[i + k]);
      if ((b & 0xC0) != 0x80) return error(Errc::kBadUtf8, "invalid UTF-8 continuation", start);
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min) return error(Errc::kBadUtf8, "overlong UTF-8 sequence", start);
    if (cp >= 0xD800 && cp <= 0xDFFF)
      return error(Errc::kBadUtf8, "UTF-8 encodes a surrogate", start);
    if (cp > 0x10FFFF) return error(Errc::kBadUtf8, "UTF-8 beyond U+10FFFF", start);
    out.push_back({cp, start, static_cast<uint8_t>(len)});
    i += len;
  }
  return out;
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace msrpgw::proto::sms
