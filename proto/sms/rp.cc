#include "proto/sms/rp.h"

#include <algorithm>

namespace msrpgw::proto::sms {
namespace {

Direction directionOf(uint8_t mti) {
  return (mti & 1) ? Direction::kScToMs : Direction::kMsToSc;
}

uint8_t mtiOf(RpMti base, Direction dir) {
  return static_cast<uint8_t>(static_cast<uint8_t>(base) + (dir == Direction::kScToMs ? 1 : 0));
}

bool sameBytes(ByteView a, ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

bool sameBytes(const std::optional<ByteView>& a, const std::optional<ByteView>& b) {
  return a.has_value() == b.has_value() && (!a || sameBytes(*a, *b));
}

// Optional RP-User-Data TLV (IEI 0x41) closing RP-ACK and RP-ERROR.
Status readOptionalUserData(Reader& r, std::optional<ByteView>& ud, uint32_t& ud_offset) {
  if (r.empty()) return {};
  uint32_t iei_at = r.offset();
  uint8_t iei = r.u8("RP IEI").value();
  if (iei != kRpUserDataIei)
    return error(Errc::kBadElement, "unknown RP information element", iei_at);
  uint32_t len_at = r.offset();
  MSRPGW_SMS_TRY(uint8_t len, r.u8("RP-User-Data length missing"));
  if (len == 0) return error(Errc::kBadElement, "RP-User-Data empty", len_at);
  ud_offset = r.offset();
  MSRPGW_SMS_TRY(ByteView body, r.take(len, "RP-User-Data truncated"));
  ud = body;
  return r.expectEnd("octets after RP-User-Data");
}

Status appendUserData(ByteView ud, Octets& out) {
  if (ud.size() > 255) return error(Errc::kBadElement, "RP-User-Data over 255 octets");
  out.push_back(static_cast<uint8_t>(ud.size()));
  for (std::byte b : ud) out.push_back(static_cast<uint8_t>(b));
  return {};
}

}  // namespace

bool RpData::operator==(const RpData& o) const {
  return dir == o.dir && mr == o.mr && oa == o.oa && da == o.da &&
         sameBytes(user_data, o.user_data) && user_data_offset == o.user_data_offset;
}

bool RpAck::operator==(const RpAck& o) const {
  return dir == o.dir && mr == o.mr && sameBytes(user_data, o.user_data) &&
         user_data_offset == o.user_data_offset;
}

bool RpError::operator==(const RpError& o) const {
  return dir == o.dir && mr == o.mr && cause == o.cause && diagnostic == o.diagnostic &&
         sameBytes(user_data, o.user_data) && user_data_offset == o.user_data_offset;
}

Result<RpMessage> decodeRp(ByteView b) {
  Reader r(b);
  MSRPGW_SMS_TRY(uint8_t mti_octet, r.u8("RP message empty"));
  uint8_t mti = mti_octet & 0x07;
  MSRPGW_SMS_TRY(uint8_t mr, r.u8("RP-Message-Reference missing"));
  switch (mti) {
    case 0:
    case 1: {
      RpData d;
      d.dir = directionOf(mti);
      d.mr = mr;
      MSRPGW_SMS_TRY(d.oa, decodeRpAddress(r));
      MSRPGW_SMS_TRY(d.da, decodeRpAddress(r));
      uint32_t len_at = r.offset();
      MSRPGW_SMS_TRY(uint8_t len, r.u8("RP-User-Data missing"));
      if (len == 0) return error(Errc::kBadElement, "RP-User-Data empty", len_at);
      d.user_data_offset = r.offset();
      MSRPGW_SMS_TRY(ByteView body, r.take(len, "RP-User-Data truncated"));
      d.user_data = body;
      MSRPGW_SMS_CHECK(r.expectEnd("octets after RP-User-Data"));
      return RpMessage(std::move(d));
    }
    case 2:
    case 3: {
      RpAck a;
      a.dir = directionOf(mti);
      a.mr = mr;
      MSRPGW_SMS_CHECK(readOptionalUserData(r, a.user_data, a.user_data_offset));
      return RpMessage(a);
    }
    case 4:
    case 5: {
      RpError e;
      e.dir = directionOf(mti);
      e.mr = mr;
      uint32_t len_at = r.offset();
      MSRPGW_SMS_TRY(uint8_t len, r.u8("RP-Cause missing"));
      if (len < 1 || len > 2) return error(Errc::kBadCause, "RP-Cause length not 1 or 2", len_at);
      MSRPGW_SMS_TRY(ByteView cause, r.take(len, "RP-Cause truncated"));
      e.cause = at(cause, 0) & 0x7F;
      if (len == 2) e.diagnostic = at(cause, 1);
      MSRPGW_SMS_CHECK(readOptionalUserData(r, e.user_data, e.user_data_offset));
      return RpMessage(e);
    }
    case 6: {
      MSRPGW_SMS_CHECK(r.expectEnd("octets after RP-SMMA"));
      return RpMessage(RpSmma{mr});
    }
    default: return error(Errc::kBadMessageType, "reserved RP-MTI", 0);
  }
}

Result<Octets> encodeRp(const RpMessage& m) {
  Octets out;
  if (const auto* d = std::get_if<RpData>(&m)) {
    out.push_back(mtiOf(RpMti::kDataMsToN, d->dir));
    out.push_back(d->mr);
    MSRPGW_SMS_CHECK(encodeRpAddress(d->oa, out));
    MSRPGW_SMS_CHECK(encodeRpAddress(d->da, out));
    MSRPGW_SMS_CHECK(appendUserData(d->user_data, out));
  } else if (const auto* a = std::get_if<RpAck>(&m)) {
    out.push_back(mtiOf(RpMti::kAckMsToN, a->dir));
    out.push_back(a->mr);
    if (a->user_data) {
      out.push_back(kRpUserDataIei);
      MSRPGW_SMS_CHECK(appendUserData(*a->user_data, out));
    }
  } else if (const auto* e = std::get_if<RpError>(&m)) {
    out.push_back(mtiOf(RpMti::kErrorMsToN, e->dir));
    out.push_back(e->mr);
    out.push_back(e->diagnostic ? 2 : 1);
    out.push_back(e->cause & 0x7F);
    if (e->diagnostic) out.push_back(*e->diagnostic);
    if (e->user_data) {
      out.push_back(kRpUserDataIei);
      MSRPGW_SMS_CHECK(appendUserData(*e->user_data, out));
    }
  } else {
    out.push_back(static_cast<uint8_t>(RpMti::kSmmaMsToN));
    out.push_back(std::get<RpSmma>(m).mr);
  }
  return out;
}

Result<Tpdu> rpTpdu(const RpMessage& m) {
  if (const auto* d = std::get_if<RpData>(&m)) {
    return decodeTpdu(d->user_data, d->dir, ReportForm::kAck, d->user_data_offset);
  }
  if (const auto* a = std::get_if<RpAck>(&m); a && a->user_data) {
    return decodeTpdu(*a->user_data, a->dir, ReportForm::kAck, a->user_data_offset);
  }
  if (const auto* e = std::get_if<RpError>(&m); e && e->user_data) {
    return decodeTpdu(*e->user_data, e->dir, ReportForm::kError, e->user_data_offset);
  }
  return error(Errc::kBadElement, "RP message carries no TPDU");
}

}  // namespace msrpgw::proto::sms
