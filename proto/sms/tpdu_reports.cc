// SMS-SUBMIT-REPORT and SMS-DELIVER-REPORT (TS 23.040 §9.2.2.1a, §9.2.2.2a) in their ack
// and error forms, and the TP-PI tail they share with SMS-STATUS-REPORT.
#include "proto/sms/tpdu.h"

namespace msrpgw::proto::sms {

inline constexpr uint8_t kPiPid = 0x01;
inline constexpr uint8_t kPiDcs = 0x02;
inline constexpr uint8_t kPiUdl = 0x04;

namespace {

// The parameters TP-PI (already in t.pi, read at pi_at) announces, up to the end.
Status readAnnounced(Reader& r, ReportTail& t, bool udhi, uint32_t pi_at) {
  if (t.pi & 0x80)
    return error(Errc::kBadElement, "TP-PI extension octets are not supported", pi_at);
  if (t.pi & kPiPid) {
    MSRPGW_SMS_TRY(t.pid, r.u8("TP-PID missing (announced by TP-PI)"));
  }
  if (t.pi & kPiDcs) {
    MSRPGW_SMS_TRY(t.dcs, r.u8("TP-DCS missing (announced by TP-PI)"));
  }
  if (t.pi & kPiUdl) {
    MSRPGW_SMS_TRY(t.ud, decodeUserData(r, t.dcs, udhi));
  } else if (udhi) {
    return error(Errc::kBadUdh, "TP-UDHI set but TP-PI announces no user data", pi_at);
  }
  return r.expectEnd("octets after the report parameters");
}

}  // namespace

Result<ReportTail> decodeReportTail(Reader& r, bool udhi) {
  ReportTail t;
  uint32_t pi_at = r.offset();
  MSRPGW_SMS_TRY(t.pi, r.u8("TP-PI missing"));
  MSRPGW_SMS_CHECK(readAnnounced(r, t, udhi, pi_at));
  return t;
}

Status encodeReportTail(const ReportTail& t, Octets& out) {
  out.push_back(t.pi);
  if (t.pi & kPiPid) out.push_back(t.pid);
  if (t.pi & kPiDcs) out.push_back(t.dcs);
  if (t.pi & kPiUdl) return encodeUserData(t.ud, t.dcs, out);
  return {};
}

namespace {

uint8_t reportFo(uint8_t mti, const ReportTail& t) {
  return static_cast<uint8_t>(mti | ((t.pi & kPiUdl) && t.ud.header ? kFoUdhi : 0));
}

}  // namespace

Result<SubmitReport> decodeSubmitReport(ByteView b, ReportForm form, uint32_t base) {
  Reader r(b, base);
  SubmitReport t;
  MSRPGW_SMS_TRY(uint8_t fo, r.u8("SMS-SUBMIT-REPORT empty"));
  if (form == ReportForm::kError) {
    MSRPGW_SMS_TRY(t.fcs, r.u8("TP-FCS missing"));
  }
  // TP-PI comes before TP-SCTS here, the parameters it announces after.
  uint32_t pi_at = r.offset();
  MSRPGW_SMS_TRY(t.tail.pi, r.u8("TP-PI missing"));
  MSRPGW_SMS_TRY(t.scts, decodeTimestamp(r, "TP-SCTS truncated"));
  MSRPGW_SMS_CHECK(readAnnounced(r, t.tail, fo & kFoUdhi, pi_at));
  return t;
}

Status encodeSubmitReport(const SubmitReport& t, Octets& out) {
  out.push_back(reportFo(0x01, t.tail));
  if (t.fcs) out.push_back(*t.fcs);
  out.push_back(t.tail.pi);
  MSRPGW_SMS_CHECK(encodeTimestamp(t.scts, out));
  Octets tail;
  MSRPGW_SMS_CHECK(encodeReportTail(t.tail, tail));
  out.insert(out.end(), tail.begin() + 1, tail.end());
  return {};
}

Result<DeliverReport> decodeDeliverReport(ByteView b, ReportForm form, uint32_t base) {
  Reader r(b, base);
  DeliverReport t;
  MSRPGW_SMS_TRY(uint8_t fo, r.u8("SMS-DELIVER-REPORT empty"));
  if (form == ReportForm::kError) {
    MSRPGW_SMS_TRY(t.fcs, r.u8("TP-FCS missing"));
  }
  MSRPGW_SMS_TRY(t.tail, decodeReportTail(r, fo & kFoUdhi));
  return t;
}

Status encodeDeliverReport(const DeliverReport& t, Octets& out) {
  out.push_back(reportFo(0x00, t.tail));
  if (t.fcs) out.push_back(*t.fcs);
  return encodeReportTail(t.tail, out);
}

}  // namespace msrpgw::proto::sms
