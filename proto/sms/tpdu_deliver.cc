// SMS-DELIVER (TS 23.040 §9.2.2.1): FO, TP-OA, TP-PID, TP-DCS, TP-SCTS, TP-UDL, TP-UD.
#include "proto/sms/tpdu.h"

namespace msrpgw::proto::sms {

Result<Deliver> decodeDeliver(ByteView b, uint32_t base) {
  Reader r(b, base);
  Deliver t;
  MSRPGW_SMS_TRY(uint8_t fo, r.u8("SMS-DELIVER empty"));
  t.no_more_messages = fo & kFoMms;
  t.loop_prevention = fo & kFoLp;
  t.status_report = fo & kFoSri;
  t.reply_path = fo & kFoRp;
  MSRPGW_SMS_TRY(t.oa, decodeTpAddress(r));
  MSRPGW_SMS_TRY(t.pid, r.u8("TP-PID missing"));
  MSRPGW_SMS_TRY(t.dcs, r.u8("TP-DCS missing"));
  MSRPGW_SMS_TRY(t.scts, decodeTimestamp(r, "TP-SCTS truncated"));
  MSRPGW_SMS_TRY(t.ud, decodeUserData(r, t.dcs, fo & kFoUdhi));
  MSRPGW_SMS_CHECK(r.expectEnd("octets after SMS-DELIVER user data"));
  return t;
}

Status encodeDeliver(const Deliver& t, Octets& out) {
  uint8_t fo = 0x00;
  if (t.no_more_messages) fo |= kFoMms;
  if (t.loop_prevention) fo |= kFoLp;
  if (t.status_report) fo |= kFoSri;
  if (t.ud.header) fo |= kFoUdhi;
  if (t.reply_path) fo |= kFoRp;
  out.push_back(fo);
  MSRPGW_SMS_CHECK(encodeTpAddress(t.oa, out));
  out.push_back(t.pid);
  out.push_back(t.dcs);
  MSRPGW_SMS_CHECK(encodeTimestamp(t.scts, out));
  return encodeUserData(t.ud, t.dcs, out);
}

}  // namespace msrpgw::proto::sms
