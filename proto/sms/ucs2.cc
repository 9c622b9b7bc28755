#include "proto/sms/ucs2.h"

#include "proto/sms/utf8.h"

namespace msrpgw::proto::sms {

void appendUtf16be(Octets& out, char32_t cp) {
  auto unit = [&out](uint32_t u) {
    out.push_back(static_cast<uint8_t>(u >> 8));
    out.push_back(static_cast<uint8_t>(u & 0xFF));
  };
  if (cp > 0xFFFF) {
    uint32_t v = cp - 0x10000;
    unit(0xD800 + (v >> 10));
    unit(0xDC00 + (v & 0x3FF));
  } else {
    unit(cp);
  }
}

Result<Octets> utf8ToUcs2(std::string_view utf8) {
  auto cps = decodeUtf8(utf8);
  if (!cps.ok()) return cps.error();
  Octets out;
  out.reserve(cps->size() * 2);
  for (const CodePoint& c : *cps) appendUtf16be(out, c.value);
  return out;
}

std::string ucs2ToUtf8(ByteView b) {
  std::string out;
  size_t units = b.size() / 2;
  auto unit = [&b](size_t i) -> uint32_t { return (at(b, 2 * i) << 8) | at(b, 2 * i + 1); };
  for (size_t i = 0; i < units; ++i) {
    uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
      uint32_t lo = unit(i + 1);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        appendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        ++i;
        continue;
      }
    }
    appendUtf8(out, (u >= 0xD800 && u <= 0xDFFF) ? 0xFFFD : u);
  }
  if (b.size() % 2) appendUtf8(out, 0xFFFD);
  return out;
}

}  // namespace msrpgw::proto::sms
