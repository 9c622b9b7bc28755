#include "proto/sms/validity.h"

namespace msrpgw::proto::sms {

uint32_t relativeVpSeconds(uint8_t v) {
  if (v <= 143) return (v + 1u) * 5 * 60;
  if (v <= 167) return 12 * 3600 + (v - 143u) * 30 * 60;
  if (v <= 196) return (v - 166u) * 86400;
  return (v - 192u) * 7 * 86400;
}

uint8_t relativeVpCode(uint32_t seconds) {
  for (unsigned v = 0; v < 255; ++v) {
    if (relativeVpSeconds(static_cast<uint8_t>(v)) >= seconds) return static_cast<uint8_t>(v);
  }
  return 255;
}

Result<ValidityPeriod> decodeValidityPeriod(Reader& r, VpFormat format) {
  ValidityPeriod vp;
  vp.format = format;
  switch (format) {
    case VpFormat::kNone: break;
    case VpFormat::kRelative: {
      MSRPGW_SMS_TRY(vp.relative, r.u8("TP-VP (relative) missing"));
      break;
    }
    case VpFormat::kAbsolute: {
      MSRPGW_SMS_TRY(vp.absolute, decodeTimestamp(r, "TP-VP (absolute) truncated"));
      break;
    }
    case VpFormat::kEnhanced: {
      MSRPGW_SMS_TRY(ByteView b, r.take(7, "TP-VP (enhanced) truncated"));
      for (size_t i = 0; i < 7; ++i) vp.enhanced[i] = at(b, i);
      break;
    }
  }
  return vp;
}

Status encodeValidityPeriod(const ValidityPeriod& vp, Octets& out) {
  switch (vp.format) {
    case VpFormat::kNone: return {};
    case VpFormat::kRelative: out.push_back(vp.relative); return {};
    case VpFormat::kAbsolute: return encodeTimestamp(vp.absolute, out);
    case VpFormat::kEnhanced:
      out.insert(out.end(), vp.enhanced.begin(), vp.enhanced.end());
      return {};
  }
  return {};
}

Result<EnhancedVp> decodeEnhancedVp(const std::array<uint8_t, 7>& o) {
  EnhancedVp e;
  if (o[0] & 0x80) return error(Errc::kBadValidityPeriod, "enhanced TP-VP extension bit set");
  e.single_shot = (o[0] & 0x40) != 0;
  e.format = o[0] & 0x07;
  auto bcd = [](uint8_t v, unsigned& out) {
    if ((v & 0x0F) > 9 || (v >> 4) > 9) return false;
    out = (v & 0x0F) * 10 + (v >> 4);
    return true;
  };
  switch (e.format) {
    case 0: break;
    case 1: e.seconds = relativeVpSeconds(o[1]); break;
    case 2: e.seconds = o[1]; break;
    case 3: {
      unsigned h, m, s;
      if (!bcd(o[1], h) || !bcd(o[2], m) || !bcd(o[3], s)) {
        return error(Errc::kBadValidityPeriod, "enhanced TP-VP time digit over 9");
      }
      e.seconds = h * 3600 + m * 60 + s;
      break;
    }
    default: return error(Errc::kBadValidityPeriod, "enhanced TP-VP reserved format");
  }
  return e;
}

}  // namespace msrpgw::proto::sms
