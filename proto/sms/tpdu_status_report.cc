// SMS-STATUS-REPORT (TS 23.040 §9.2.2.3): FO, TP-MR, TP-RA, TP-SCTS, TP-DT, TP-ST, then
// optionally TP-PI and the parameters it announces.
#include "proto/sms/tpdu.h"

namespace msrpgw::proto::sms {

Result<StatusReport> decodeStatusReport(ByteView b, uint32_t base) {
  Reader r(b, base);
  StatusReport t;
  MSRPGW_SMS_TRY(uint8_t fo, r.u8("SMS-STATUS-REPORT empty"));
  t.no_more_messages = fo & kFoMms;
  t.loop_prevention = fo & kFoLp;
  t.qualifier = fo & kFoSri;
  MSRPGW_SMS_TRY(t.mr, r.u8("TP-MR missing"));
  MSRPGW_SMS_TRY(t.ra, decodeTpAddress(r));
  MSRPGW_SMS_TRY(t.scts, decodeTimestamp(r, "TP-SCTS truncated"));
  MSRPGW_SMS_TRY(t.dt, decodeTimestamp(r, "TP-DT truncated"));
  MSRPGW_SMS_TRY(t.st, r.u8("TP-ST missing"));
  if (!r.empty()) {
    MSRPGW_SMS_TRY(t.tail, decodeReportTail(r, fo & kFoUdhi));
  }
  return t;
}

Status encodeStatusReport(const StatusReport& t, Octets& out) {
  uint8_t fo = 0x02;
  if (t.no_more_messages) fo |= kFoMms;
  if (t.loop_prevention) fo |= kFoLp;
  if (t.qualifier) fo |= kFoSri;
  if (t.tail && (t.tail->pi & 0x04) && t.tail->ud.header) fo |= kFoUdhi;
  out.push_back(fo);
  out.push_back(t.mr);
  MSRPGW_SMS_CHECK(encodeTpAddress(t.ra, out));
  MSRPGW_SMS_CHECK(encodeTimestamp(t.scts, out));
  MSRPGW_SMS_CHECK(encodeTimestamp(t.dt, out));
  out.push_back(t.st);
  if (t.tail) return encodeReportTail(*t.tail, out);
  return {};
}

}  // namespace msrpgw::proto::sms
