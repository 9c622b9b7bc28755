#include "proto/sms/address.h"

#include "proto/sms/gsm7.h"

namespace msrpgw::proto::sms {
namespace {

constexpr char kDigits[] = "0123456789*#abc";

// Appends `digits` as swapped semi-octets, F-padded.
Status appendBcd(std::string_view digits, Octets& out) {
  for (size_t i = 0; i < digits.size(); i += 2) {
    int lo = digitNibble(digits[i]);
    int hi = i + 1 < digits.size() ? digitNibble(digits[i + 1]) : 0xF;
    if (lo < 0 || hi < 0) return error(Errc::kBadDigit, "address digit not in 0-9*#abc");
    out.push_back(static_cast<uint8_t>((hi << 4) | lo));
  }
  return {};
}

// Reads `count` digits from swapped semi-octets.
Result<std::string> readBcd(ByteView b, size_t count, uint32_t base) {
  std::string digits;
  digits.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    uint8_t v = at(b, i / 2);
    uint8_t nib = (i % 2) ? (v >> 4) : (v & 0x0F);
    if (nib == 0xF)
      return error(Errc::kBadDigit, "filler semi-octet inside an address", base + i / 2);
    digits += kDigits[nib];
  }
  return digits;
}

}  // namespace

int digitNibble(char c) {
  for (int i = 0; i < 15; ++i) {
    if (kDigits[i] == c) return i;
  }
  if (c == 'A') return 12;
  if (c == 'B') return 13;
  if (c == 'C') return 14;
  return -1;
}

char nibbleDigit(uint8_t nibble) {
  return nibble < 15 ? kDigits[nibble] : '\0';
}

Result<Address> decodeTpAddress(Reader& r) {
  uint32_t start = r.offset();
  MSRPGW_SMS_TRY(uint8_t len, r.u8("TP address length missing"));
  MSRPGW_SMS_TRY(uint8_t toa, r.u8("TP address type missing"));
  Address a;
  a.ton = static_cast<Ton>((toa >> 4) & 0x07);
  a.npi = static_cast<Npi>(toa & 0x0F);
  if (a.ton == Ton::kAlphanumeric) {
    // Length counts the useful semi-octets of packed GSM 7-bit text (at most 11 octets).
    if (len > 20) return error(Errc::kBadAddress, "alphanumeric TP address over 10 octets", start);
    uint32_t body_at = r.offset();
    MSRPGW_SMS_TRY(ByteView body, r.take((len + 1) / 2, "TP address truncated"));
    MSRPGW_SMS_TRY(auto septets, unpackSeptets(body, len * 4 / 7, 0, body_at));
    a.value = gsm7ToUtf8(septets);
    return a;
  }
  if (len > kMaxAddressDigits) return error(Errc::kBadAddress, "TP address over 20 digits", start);
  uint32_t body_at = r.offset();
  MSRPGW_SMS_TRY(ByteView body, r.take((len + 1) / 2, "TP address truncated"));
  MSRPGW_SMS_TRY(a.value, readBcd(body, len, body_at));
  return a;
}

Status encodeTpAddress(const Address& a, Octets& out) {
  if (a.ton == Ton::kAlphanumeric) {
    MSRPGW_SMS_TRY(auto septets, utf8ToGsm7(a.value));
    Octets packed = packSeptets(septets);
    if (packed.size() > 10)
      return error(Errc::kBadAddress, "alphanumeric TP address over 10 octets");
    out.push_back(static_cast<uint8_t>((septets.size() * 7 + 3) / 4));
    out.push_back(a.typeOctet());
    // The CR pad of packSeptets is not part of an address: clear it.
    if (packed.size() * 8 - septets.size() * 7 == 7) packed.back() &= 0x01;
    out.insert(out.end(), packed.begin(), packed.end());
    return {};
  }
  if (a.value.size() > kMaxAddressDigits)
    return error(Errc::kBadAddress, "TP address over 20 digits");
  out.push_back(static_cast<uint8_t>(a.value.size()));
  out.push_back(a.typeOctet());
  return appendBcd(a.value, out);
}

Result<RpAddress> decodeRpAddress(Reader& r) {
  uint32_t start = r.offset();
  MSRPGW_SMS_TRY(uint8_t len, r.u8("RP address length missing"));
  RpAddress ra;
  if (len == 0) return ra;
  if (len > 11) return error(Errc::kBadAddress, "RP address over 11 octets", start);
  MSRPGW_SMS_TRY(ByteView body, r.take(len, "RP address truncated"));
  uint8_t toa = at(body, 0);
  ra.present = true;
  ra.address.ton = static_cast<Ton>((toa >> 4) & 0x07);
  ra.address.npi = static_cast<Npi>(toa & 0x0F);
  if (ra.address.ton == Ton::kAlphanumeric) {
    return error(Errc::kBadAddress, "RP address cannot be alphanumeric", start + 1);
  }
  size_t digits = size_t{2} * (len - 1u);
  if (digits > 0 && (at(body, len - 1) >> 4) == 0xF) --digits;
  MSRPGW_SMS_TRY(ra.address.value, readBcd(body.subspan(1), digits, start + 2));
  return ra;
}

Status encodeRpAddress(const RpAddress& a, Octets& out) {
  if (!a.present) {
    out.push_back(0);
    return {};
  }
  if (a.address.ton == Ton::kAlphanumeric)
    return error(Errc::kBadAddress, "RP address cannot be alphanumeric");
  if (a.address.value.size() > kMaxAddressDigits)
    return error(Errc::kBadAddress, "RP address over 20 digits");
  out.push_back(static_cast<uint8_t>(1 + (a.address.value.size() + 1) / 2));
  out.push_back(a.address.typeOctet());
  return appendBcd(a.address.value, out);
}

}  // namespace msrpgw::proto::sms
