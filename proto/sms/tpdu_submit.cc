// SMS-SUBMIT (TS 23.040 §9.2.2.2): FO, TP-MR, TP-DA, TP-PID, TP-DCS, TP-VP (per TP-VPF),
// TP-UDL, TP-UD.
#include "proto/sms/tpdu.h"

namespace msrpgw::proto::sms {

Result<Submit> decodeSubmit(ByteView b, uint32_t base) {
  Reader r(b, base);
  Submit t;
  MSRPGW_SMS_TRY(uint8_t fo, r.u8("SMS-SUBMIT empty"));
  t.reject_duplicates = fo & kFoRd;
  t.status_report = fo & kFoSri;
  t.reply_path = fo & kFoRp;
  auto vpf = static_cast<VpFormat>((fo >> 3) & 0x3);
  MSRPGW_SMS_TRY(t.mr, r.u8("TP-MR missing"));
  MSRPGW_SMS_TRY(t.da, decodeTpAddress(r));
  MSRPGW_SMS_TRY(t.pid, r.u8("TP-PID missing"));
  MSRPGW_SMS_TRY(t.dcs, r.u8("TP-DCS missing"));
  MSRPGW_SMS_TRY(t.vp, decodeValidityPeriod(r, vpf));
  MSRPGW_SMS_TRY(t.ud, decodeUserData(r, t.dcs, fo & kFoUdhi));
  MSRPGW_SMS_CHECK(r.expectEnd("octets after SMS-SUBMIT user data"));
  return t;
}

Status encodeSubmit(const Submit& t, Octets& out) {
  uint8_t fo = 0x01 | static_cast<uint8_t>(static_cast<uint8_t>(t.vp.format) << 3);
  if (t.reject_duplicates) fo |= kFoRd;
  if (t.status_report) fo |= kFoSri;
  if (t.ud.header) fo |= kFoUdhi;
  if (t.reply_path) fo |= kFoRp;
  out.push_back(fo);
  out.push_back(t.mr);
  MSRPGW_SMS_CHECK(encodeTpAddress(t.da, out));
  out.push_back(t.pid);
  out.push_back(t.dcs);
  MSRPGW_SMS_CHECK(encodeValidityPeriod(t.vp, out));
  return encodeUserData(t.ud, t.dcs, out);
}

}  // namespace msrpgw::proto::sms
