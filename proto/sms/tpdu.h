// TPDUs of TS 23.040 §9.2.2: SMS-DELIVER, SMS-SUBMIT, SMS-STATUS-REPORT, SMS-SUBMIT-REPORT
// and SMS-DELIVER-REPORT (ack and error forms) decoded field by field, SMS-COMMAND kept as
// received (pass-through). TP-MTI means different TPDUs per direction, and a report's
// error form (with TP-FCS) is only told apart by its carrier (RP-ERROR), so both are
// arguments. Every first-octet bit has a field; TP-UDHI follows ud.header on encoding.
// Decoding is strict: lengths are checked against what remains, left-over octets are
// kTrailingData. Offsets in errors count from `base`.
// Errors: kTruncated, kTrailingData, kBadMessageType (reserved TP-MTI), kBadAddress,
// kBadDigit, kBadTimestamp, kBadUserDataLength, kBadUdh, kBadElement (TP-PI extension);
// encoding: kBadAddress, kBadDigit, kBadTimestamp, kBadUserDataLength, kBadUdh,
// kUnrepresentable (an alphanumeric address).
// Decoded values own their bytes (septets are unpacked anyway; a TPDU is at most 175
// octets).
// Thread-safe: plain values and functions of their arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>

#include "proto/base/result.h"
#include "proto/sms/address.h"
#include "proto/sms/reader.h"
#include "proto/sms/timestamp.h"
#include "proto/sms/user_data.h"
#include "proto/sms/validity.h"

namespace msrpgw::proto::sms {

enum class Direction : uint8_t { kMsToSc, kScToMs };  // mobile originated / terminated
enum class ReportForm : uint8_t { kAck, kError };     // carried in RP-ACK / RP-ERROR

// First-octet bit positions.
inline constexpr uint8_t kFoMms = 0x04;  // DELIVER / STATUS-REPORT: 1 = no more messages
inline constexpr uint8_t kFoRd = 0x04;   // SUBMIT: reject duplicates
inline constexpr uint8_t kFoLp = 0x08;   // DELIVER / STATUS-REPORT: loop prevention
inline constexpr uint8_t kFoSri = 0x20;  // DELIVER status report indication; SUBMIT SRR;
                                         // STATUS-REPORT SRQ
inline constexpr uint8_t kFoUdhi = 0x40;
inline constexpr uint8_t kFoRp = 0x80;  // reply path

struct Deliver {                 // SC -> MS, MTI 00
  bool no_more_messages = true;  // TP-MMS bit
  bool loop_prevention = false;  // TP-LP
  bool status_report = false;    // TP-SRI
  bool reply_path = false;       // TP-RP
  Address oa;
  uint8_t pid = 0;
  uint8_t dcs = 0;
  Timestamp scts;
  UserData ud;
  bool operator==(const Deliver&) const = default;
};

struct Submit {                    // MS -> SC, MTI 01
  bool reject_duplicates = false;  // TP-RD
  bool status_report = false;      // TP-SRR
  bool reply_path = false;         // TP-RP
  uint8_t mr = 0;
  Address da;
  uint8_t pid = 0;
  uint8_t dcs = 0;
  ValidityPeriod vp;  // its format is TP-VPF
  UserData ud;
  bool operator==(const Submit&) const = default;
};

// Optional tail of the reports (TP-PI then the parameters it announces). TP-PI bits:
// 0 TP-PID, 1 TP-DCS, 2 TP-UDL; absent parameters read as 0.
struct ReportTail {
  uint8_t pi = 0;
  uint8_t pid = 0;
  uint8_t dcs = 0;
  UserData ud;
  bool operator==(const ReportTail&) const = default;
};

struct StatusReport {            // SC -> MS, MTI 10
  bool no_more_messages = true;  // TP-MMS bit
  bool loop_prevention = false;  // TP-LP
  bool qualifier = false;        // TP-SRQ: 1 = result of an SMS-COMMAND
  uint8_t mr = 0;
  Address ra;
  Timestamp scts;
  Timestamp dt;
  uint8_t st = 0;
  std::optional<ReportTail> tail;  // present when TP-PI follows TP-ST
  bool operator==(const StatusReport&) const = default;
};

struct SubmitReport {          // SC -> MS, MTI 01, in RP-ACK or RP-ERROR
  std::optional<uint8_t> fcs;  // error form only
  Timestamp scts;
  ReportTail tail;  // TP-PI is mandatory here
  bool operator==(const SubmitReport&) const = default;
};

struct DeliverReport {         // MS -> SC, MTI 00, in RP-ACK or RP-ERROR
  std::optional<uint8_t> fcs;  // error form only
  ReportTail tail;
  bool operator==(const DeliverReport&) const = default;
};

struct Command {  // MS -> SC, MTI 10: kept as received
  uint8_t mr = 0;
  uint8_t ct = 0;  // TP-CT command type
  Address da;
  Octets raw;  // the whole TPDU
  bool operator==(const Command&) const = default;
};

using Tpdu = std::variant<Deliver, Submit, StatusReport, SubmitReport, DeliverReport, Command>;

Result<Tpdu> decodeTpdu(ByteView b, Direction dir, ReportForm form = ReportForm::kAck,
                        uint32_t base = 0);
Result<Octets> encodeTpdu(const Tpdu& t);

// Per type; these do not look at TP-MTI (decodeTpdu chose the type from it).
Result<Deliver> decodeDeliver(ByteView b, uint32_t base = 0);
Result<Submit> decodeSubmit(ByteView b, uint32_t base = 0);
Result<StatusReport> decodeStatusReport(ByteView b, uint32_t base = 0);
Result<SubmitReport> decodeSubmitReport(ByteView b, ReportForm form, uint32_t base = 0);
Result<DeliverReport> decodeDeliverReport(ByteView b, ReportForm form, uint32_t base = 0);
Result<Command> decodeCommand(ByteView b, uint32_t base = 0);

Status encodeDeliver(const Deliver& t, Octets& out);
Status encodeSubmit(const Submit& t, Octets& out);
Status encodeStatusReport(const StatusReport& t, Octets& out);
Status encodeSubmitReport(const SubmitReport& t, Octets& out);
Status encodeDeliverReport(const DeliverReport& t, Octets& out);

// Shared by the report decoders: TP-PI and what it announces, up to the end.
Result<ReportTail> decodeReportTail(Reader& r, bool udhi);
Status encodeReportTail(const ReportTail& t, Octets& out);

}  // namespace msrpgw::proto::sms
