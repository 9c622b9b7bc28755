#include "proto/sms/user_data.h"

#include "proto/sms/gsm7.h"
#include "proto/sms/ucs2.h"

namespace msrpgw::proto::sms {

bool udlInSeptets(uint8_t dcs) {
  Dcs d = decodeDcs(dcs);
  return d.alphabet == Alphabet::kGsm7 && !d.compressed;
}

Result<UserData> decodeUserData(Reader& r, uint8_t dcs, bool udhi) {
  uint32_t udl_at = r.offset();
  MSRPGW_SMS_TRY(uint8_t udl, r.u8("TP-UDL missing"));
  uint32_t ud_at = r.offset();
  bool septets = udlInSeptets(dcs);
  size_t octets = septets ? packedOctets(udl) : udl;
  if (octets > kMaxUserDataOctets)
    return error(Errc::kBadUserDataLength, "TP-UDL over 140 octets", udl_at);
  if (octets > r.remaining())
    return error(Errc::kBadUserDataLength, "TP-UD shorter than TP-UDL", udl_at);
  ByteView ud = r.take(octets, "TP-UD").value();
  UserData out;
  size_t header_octets = 0;
  if (udhi) {
    if (ud.empty()) return error(Errc::kBadUdh, "TP-UDHI set but TP-UD is empty", ud_at);
    MSRPGW_SMS_TRY(out.header, decodeUdh(ud, ud_at));
    header_octets = out.header->size();
  }
  if (septets) {
    size_t header_septets = udhSeptets(header_octets);
    if (udl < header_septets)
      return error(Errc::kBadUserDataLength, "TP-UDL smaller than the UDH", udl_at);
    MSRPGW_SMS_TRY(auto all, unpackSeptets(ud, udl, 0, ud_at));
    out.septets.assign(all.begin() + static_cast<ptrdiff_t>(header_septets), all.end());
  } else {
    for (size_t i = header_octets; i < ud.size(); ++i) out.octets.push_back(at(ud, i));
  }
  return out;
}

Status encodeUserData(const UserData& ud, uint8_t dcs, Octets& out) {
  Octets header;
  if (ud.header) MSRPGW_SMS_CHECK(encodeUdh(*ud.header, header));
  if (udlInSeptets(dcs)) {
    size_t udl = udhSeptets(header.size()) + ud.septets.size();
    if (udl > kMaxUserDataSeptets)
      return error(Errc::kBadUserDataLength, "user data over 160 septets");
    out.push_back(static_cast<uint8_t>(udl));
    out.insert(out.end(), header.begin(), header.end());
    Octets packed = packSeptets(ud.septets, fillBits(header.size()));
    out.insert(out.end(), packed.begin(), packed.end());
    return {};
  }
  size_t udl = header.size() + ud.octets.size();
  if (udl > kMaxUserDataOctets) return error(Errc::kBadUserDataLength, "user data over 140 octets");
  out.push_back(static_cast<uint8_t>(udl));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), ud.octets.begin(), ud.octets.end());
  return {};
}

std::optional<std::string> userDataText(const UserData& ud, uint8_t dcs) {
  Dcs d = decodeDcs(dcs);
  if (d.compressed || d.alphabet == Alphabet::k8Bit) return std::nullopt;
  if (d.alphabet == Alphabet::kUcs2) return ucs2ToUtf8(view(ud.octets));
  return gsm7ToUtf8(ud.septets);
}

Result<UserData> textUserData(std::string_view utf8, Alphabet alphabet, std::optional<Udh> header) {
  UserData ud;
  ud.header = std::move(header);
  size_t header_octets = ud.header ? ud.header->size() : 0;
  if (alphabet == Alphabet::kGsm7) {
    MSRPGW_SMS_TRY(ud.septets, utf8ToGsm7(utf8));
    if (udhSeptets(header_octets) + ud.septets.size() > kMaxUserDataSeptets) {
      return error(Errc::kBadUserDataLength, "text over the 160 septets of one message");
    }
  } else if (alphabet == Alphabet::kUcs2) {
    MSRPGW_SMS_TRY(ud.octets, utf8ToUcs2(utf8));
    if (header_octets + ud.octets.size() > kMaxUserDataOctets) {
      return error(Errc::kBadUserDataLength, "text over the 140 octets of one message");
    }
  } else {
    return error(Errc::kUnrepresentable, "8-bit data carries no text");
  }
  return ud;
}

}  // namespace msrpgw::proto::sms
