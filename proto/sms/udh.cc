#include "proto/sms/udh.h"

namespace msrpgw::proto::sms {
namespace {

const InformationElement* find(const Udh& h, uint8_t iei) {
  // TS 23.040: when an element repeats, the last occurrence counts.
  const InformationElement* found = nullptr;
  for (const auto& e : h.elements) {
    if (e.iei == iei) found = &e;
  }
  return found;
}

}  // namespace

std::optional<Concat> Udh::concat() const {
  for (auto it = elements.rbegin(); it != elements.rend(); ++it) {
    const auto& e = *it;
    Concat c;
    if (e.iei == kIeiConcat8 && e.data.size() == 3) {
      c.reference = e.data[0], c.total = e.data[1], c.seq = e.data[2];
    } else if (e.iei == kIeiConcat16 && e.data.size() == 4) {
      c.reference = static_cast<uint16_t>((e.data[0] << 8) | e.data[1]);
      c.total = e.data[2], c.seq = e.data[3], c.ref16 = true;
    } else {
      continue;
    }
    if (c.total == 0 || c.seq == 0 || c.seq > c.total) return std::nullopt;
    return c;
  }
  return std::nullopt;
}

std::optional<Ports> Udh::ports() const {
  for (auto it = elements.rbegin(); it != elements.rend(); ++it) {
    const auto& e = *it;
    if (e.iei == kIeiPort8 && e.data.size() == 2) return Ports{e.data[0], e.data[1], false};
    if (e.iei == kIeiPort16 && e.data.size() == 4) {
      return Ports{static_cast<uint16_t>((e.data[0] << 8) | e.data[1]),
                   static_cast<uint16_t>((e.data[2] << 8) | e.data[3]), true};
    }
  }
  return std::nullopt;
}

std::optional<uint8_t> Udh::singleShift() const {
  const auto* e = find(*this, kIeiSingleShift);
  if (e == nullptr || e->data.size() != 1) return std::nullopt;
  return e->data[0];
}

std::optional<uint8_t> Udh::lockingShift() const {
  const auto* e = find(*this, kIeiLockingShift);
  if (e == nullptr || e->data.size() != 1) return std::nullopt;
  return e->data[0];
}

size_t Udh::size() const {
  size_t n = 1;
  for (const auto& e : elements) n += 2 + e.data.size();
  return n;
}

InformationElement concatElement(const Concat& c) {
  if (c.ref16) {
    return {kIeiConcat16,
            {static_cast<uint8_t>(c.reference >> 8), static_cast<uint8_t>(c.reference & 0xFF),
             c.total, c.seq}};
  }
  return {kIeiConcat8, {static_cast<uint8_t>(c.reference & 0xFF), c.total, c.seq}};
}

InformationElement portsElement(const Ports& p) {
  if (p.wide) {
    return {kIeiPort16,
            {static_cast<uint8_t>(p.destination >> 8), static_cast<uint8_t>(p.destination & 0xFF),
             static_cast<uint8_t>(p.source >> 8), static_cast<uint8_t>(p.source & 0xFF)}};
  }
  return {kIeiPort8, {static_cast<uint8_t>(p.destination), static_cast<uint8_t>(p.source)}};
}

Result<Udh> decodeUdh(ByteView ud, uint32_t base) {
  Reader r(ud, base);
  MSRPGW_SMS_TRY(uint8_t udhl, r.u8("UDHL missing"));
  if (udhl > r.remaining()) return error(Errc::kBadUdh, "UDHL beyond the user data", base);
  MSRPGW_SMS_TRY(ByteView body, r.take(udhl, "UDH truncated"));
  Reader ies(body, base + 1);
  Udh h;
  while (!ies.empty()) {
    uint32_t at_ie = ies.offset();
    uint8_t iei = ies.u8("IEI").value();
    if (ies.empty()) return error(Errc::kBadUdh, "UDH element without a length", at_ie);
    uint8_t len = ies.u8("IEDL").value();
    if (len > ies.remaining()) return error(Errc::kBadUdh, "UDH element beyond UDHL", at_ie);
    ByteView data = ies.take(len, "IED").value();
    InformationElement e;
    e.iei = iei;
    for (size_t i = 0; i < data.size(); ++i) e.data.push_back(at(data, i));
    h.elements.push_back(std::move(e));
  }
  return h;
}

Status encodeUdh(const Udh& h, Octets& out) {
  size_t n = h.size();
  if (n > 140) return error(Errc::kBadUdh, "UDH over 140 octets");
  out.push_back(static_cast<uint8_t>(n - 1));
  for (const auto& e : h.elements) {
    out.push_back(e.iei);
    out.push_back(static_cast<uint8_t>(e.data.size()));
    out.insert(out.end(), e.data.begin(), e.data.end());
  }
  return {};
}

}  // namespace msrpgw::proto::sms
