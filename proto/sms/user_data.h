// TP-UDL and TP-UD (TS 23.040 §9.2.3.16, §9.2.3.24) with TP-UDL read per alphabet: in
// septets for uncompressed GSM 7-bit (header and fill bits included), in octets for 8-bit,
// UCS2 and compressed data. The header is split off and the text kept in its coded form
// (septets or octets) so it re-encodes byte for byte; text() gives UTF-8.
// Thread-safe: plain values and functions of their arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proto/base/result.h"
#include "proto/sms/dcs.h"
#include "proto/sms/reader.h"
#include "proto/sms/udh.h"

namespace msrpgw::proto::sms {

inline constexpr size_t kMaxUserDataOctets = 140;
inline constexpr size_t kMaxUserDataSeptets = 160;

struct UserData {
  std::optional<Udh> header;     // present iff TP-UDHI is set
  std::vector<uint8_t> septets;  // GSM 7-bit text after header and fill bits
  Octets octets;                 // 8-bit / UCS2 / compressed payload after the header

  bool operator==(const UserData&) const = default;
};

// True when TP-UDL counts septets for this TP-DCS (uncompressed GSM 7-bit).
bool udlInSeptets(uint8_t dcs);

// Reads TP-UDL then TP-UD at the reader. kBadUserDataLength when TP-UDL promises more than
// 140 octets, more than the input holds, or less than the header; kBadUdh from the header.
Result<UserData> decodeUserData(Reader& r, uint8_t dcs, bool udhi);
// Appends TP-UDL and TP-UD; the caller sets TP-UDHI from ud.header.
Status encodeUserData(const UserData& ud, uint8_t dcs, Octets& out);

// The text as UTF-8: GSM 7-bit by table, UCS2 as UTF-16BE; 8-bit and compressed payloads
// have no text (nullopt).
std::optional<std::string> userDataText(const UserData& ud, uint8_t dcs);

// User data carrying `utf8` in `alphabet` (GSM 7-bit or UCS2) behind an optional header;
// kUnrepresentable / kBadUtf8 from the text, kBadUserDataLength when it does not fit.
Result<UserData> textUserData(std::string_view utf8, Alphabet alphabet,
                              std::optional<Udh> header = std::nullopt);

}  // namespace msrpgw::proto::sms
