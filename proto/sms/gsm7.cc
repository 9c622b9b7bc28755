#include "proto/sms/gsm7.h"

#include <array>

#include "proto/sms/utf8.h"

namespace msrpgw::proto::sms {
namespace {

// TS 23.038 §6.2.1 default alphabet, indexed by septet.
constexpr std::array<char32_t, 128> kDefault = {
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC,  // @ £ $ ¥ è é ù ì
    0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8, 0x000D, 0x00C5, 0x00E5,  // ò Ç LF Ø ø CR Å å
    0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8,  // Δ _ Φ Γ Λ Ω Π Ψ
    0x03A3, 0x0398, 0x039E, 0x00A0, 0x00C6, 0x00E6, 0x00DF, 0x00C9,  // Σ Θ Ξ ESC Æ æ ß É
    0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027,  // SP ! " # ¤ % & '
    0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,  // ( ) * + , - . /
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,  // 0-7
    0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,  // 8 9 : ; < = > ?
    0x00A1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,  // ¡ A-G
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,  // H-O
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,  // P-W
    0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,  // X Y Z Ä Ö Ñ Ü §
    0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,  // ¿ a-g
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,  // h-o
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,  // p-w
    0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,  // x y z ä ö ñ ü à
};

struct Ext {
  uint8_t code;
  char32_t cp;
};
// TS 23.038 §6.2.1.1 extension table (after ESC).
constexpr std::array<Ext, 10> kExtension = {{
    {0x0A, 0x000C},  // form feed (page break)
    {0x14, U'^'},
    {0x28, U'{'},
    {0x29, U'}'},
    {0x2F, U'\\'},
    {0x3C, U'['},
    {0x3D, U'~'},
    {0x3E, U']'},
    {0x40, U'|'},
    {0x65, 0x20AC},  // €
}};

}  // namespace

char32_t gsm7DefaultChar(uint8_t septet) {
  return kDefault[septet & 0x7F];
}

char32_t gsm7ExtensionChar(uint8_t code) {
  for (const Ext& e : kExtension) {
    if (e.code == code) return e.cp;
  }
  return 0;
}

int gsm7FromCodePoint(char32_t cp, uint8_t out[2]) {
  if (cp == 0x00A0) return 0;  // the ESC slot is not a character
  for (size_t i = 0; i < kDefault.size(); ++i) {
    if (kDefault[i] == cp) {
      out[0] = static_cast<uint8_t>(i);
      return 1;
    }
  }
  for (const Ext& e : kExtension) {
    if (e.cp == cp) {
      out[0] = kGsm7Escape;
      out[1] = e.code;
      return 2;
    }
  }
  return 0;
}

Result<std::vector<uint8_t>> utf8ToGsm7(std::string_view utf8) {
  auto cps = decodeUtf8(utf8);
  if (!cps.ok()) return cps.error();
  std::vector<uint8_t> out;
  out.reserve(cps->size());
  for (const CodePoint& c : *cps) {
    uint8_t s[2];
    int n = gsm7FromCodePoint(c.value, s);
    if (n == 0)
      return error(Errc::kUnrepresentable, "character not in the GSM 7-bit alphabet", c.offset);
    out.insert(out.end(), s, s + n);
  }
  return out;
}

std::string gsm7ToUtf8(std::span<const uint8_t> septets) {
  std::string out;
  out.reserve(septets.size());
  for (size_t i = 0; i < septets.size(); ++i) {
    uint8_t s = septets[i] & 0x7F;
    if (s != kGsm7Escape) {
      appendUtf8(out, kDefault[s]);
      continue;
    }
    if (i + 1 == septets.size()) {
      out += ' ';
      break;
    }
    uint8_t code = septets[++i] & 0x7F;
    if (code == kGsm7Escape) {
      out += ' ';
      continue;
    }
    char32_t ext = gsm7ExtensionChar(code);
    appendUtf8(out, ext != 0 ? ext : kDefault[code]);
  }
  return out;
}

Octets packSeptets(std::span<const uint8_t> septets, unsigned fill_bits) {
  Octets out(packedOctets(septets.size(), fill_bits), 0);
  size_t bit = fill_bits;
  for (uint8_t s : septets) {
    unsigned v = s & 0x7F;
    size_t byte = bit / 8;
    unsigned shift = bit % 8;
    out[byte] |= static_cast<uint8_t>(v << shift);
    if (shift > 1) out[byte + 1] |= static_cast<uint8_t>(v >> (8 - shift));
    bit += 7;
  }
  if (out.size() * 8 - bit == 7) out.back() |= static_cast<uint8_t>(kGsm7Cr << 1);
  return out;
}

Result<std::vector<uint8_t>> unpackSeptets(ByteView packed, size_t count, unsigned fill_bits,
                                           uint32_t base) {
  size_t need = packedOctets(count, fill_bits);
  if (need > packed.size()) {
    return error(Errc::kTruncated, "packed septets beyond the user data",
                 base + static_cast<uint32_t>(packed.size()));
  }
  std::vector<uint8_t> out;
  out.reserve(count);
  size_t bit = fill_bits;
  for (size_t i = 0; i < count; ++i) {
    size_t byte = bit / 8;
    unsigned shift = bit % 8;
    unsigned v = at(packed, byte) >> shift;
    if (shift > 1) v |= static_cast<unsigned>(at(packed, byte + 1)) << (8 - shift);
    out.push_back(static_cast<uint8_t>(v & 0x7F));
    bit += 7;
  }
  return out;
}

}  // namespace msrpgw::proto::sms
