// TPDU dispatch on TP-MTI and direction, and SMS-COMMAND (TS 23.040 §9.2.2.4), which is
// checked for shape and kept as received.
#include "proto/sms/tpdu.h"

namespace msrpgw::proto::sms {

Result<Command> decodeCommand(ByteView b, uint32_t base) {
  Reader r(b, base);
  Command c;
  MSRPGW_SMS_TRY(uint8_t fo, r.u8("SMS-COMMAND empty"));
  (void)fo;
  MSRPGW_SMS_TRY(c.mr, r.u8("TP-MR missing"));
  MSRPGW_SMS_TRY(uint8_t pid, r.u8("TP-PID missing"));
  (void)pid;
  MSRPGW_SMS_TRY(c.ct, r.u8("TP-CT missing"));
  MSRPGW_SMS_TRY(uint8_t mn, r.u8("TP-MN missing"));
  (void)mn;
  MSRPGW_SMS_TRY(c.da, decodeTpAddress(r));
  uint32_t cdl_at = r.offset();
  MSRPGW_SMS_TRY(uint8_t cdl, r.u8("TP-CDL missing"));
  if (cdl > 156) return error(Errc::kBadUserDataLength, "TP-CDL over 156 octets", cdl_at);
  if (cdl > r.remaining())
    return error(Errc::kBadUserDataLength, "TP-CD shorter than TP-CDL", cdl_at);
  (void)r.take(cdl, "TP-CD");
  MSRPGW_SMS_CHECK(r.expectEnd("octets after TP-CD"));
  for (size_t i = 0; i < b.size(); ++i) c.raw.push_back(at(b, i));
  return c;
}

Result<Tpdu> decodeTpdu(ByteView b, Direction dir, ReportForm form, uint32_t base) {
  if (b.empty()) return error(Errc::kTruncated, "TPDU empty", base);
  uint8_t mti = at(b, 0) & 0x03;
  auto wrap = [](auto r) -> Result<Tpdu> {
    if (!r.ok()) return r.error();
    return Tpdu(std::move(r).value());
  };
  if (dir == Direction::kScToMs) {
    switch (mti) {
      case 0: return wrap(decodeDeliver(b, base));
      case 1: return wrap(decodeSubmitReport(b, form, base));
      case 2: return wrap(decodeStatusReport(b, base));
      default: return error(Errc::kBadMessageType, "reserved TP-MTI 11", base);
    }
  }
  switch (mti) {
    case 0: return wrap(decodeDeliverReport(b, form, base));
    case 1: return wrap(decodeSubmit(b, base));
    case 2: return wrap(decodeCommand(b, base));
    default: return error(Errc::kBadMessageType, "reserved TP-MTI 11", base);
  }
}

Result<Octets> encodeTpdu(const Tpdu& t) {
  Octets out;
  Status s = std::visit(
      [&out](const auto& v) -> Status {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Deliver>) return encodeDeliver(v, out);
        if constexpr (std::is_same_v<T, Submit>) return encodeSubmit(v, out);
        if constexpr (std::is_same_v<T, StatusReport>) return encodeStatusReport(v, out);
        if constexpr (std::is_same_v<T, SubmitReport>) return encodeSubmitReport(v, out);
        if constexpr (std::is_same_v<T, DeliverReport>) return encodeDeliverReport(v, out);
        if constexpr (std::is_same_v<T, Command>) {
          out = v.raw;
          return {};
        }
      },
      t);
  if (!s.ok()) return s.error();
  return out;
}

}  // namespace msrpgw::proto::sms
