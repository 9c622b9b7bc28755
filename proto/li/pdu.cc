#include "proto/li/pdu.h"

#include <algorithm>

namespace msrpgw::proto::li {
namespace {

uint16_t rd16(const std::byte* p) {
  return static_cast<uint16_t>((std::to_integer<uint16_t>(p[0]) << 8) |
                               std::to_integer<uint16_t>(p[1]));
}
uint32_t rd32(const std::byte* p) {
  return (uint32_t{rd16(p)} << 16) | rd16(p + 2);
}
uint64_t rd64(const std::byte* p) {
  return (uint64_t{rd32(p)} << 32) | rd32(p + 4);
}

void put8(std::string& s, uint8_t v) {
  s.push_back(static_cast<char>(v));
}
void put16(std::string& s, uint16_t v) {
  put8(s, static_cast<uint8_t>(v >> 8));
  put8(s, static_cast<uint8_t>(v));
}
void put32(std::string& s, uint32_t v) {
  put16(s, static_cast<uint16_t>(v >> 16));
  put16(s, static_cast<uint16_t>(v));
}
void put64(std::string& s, uint64_t v) {
  put32(s, static_cast<uint32_t>(v >> 32));
  put32(s, static_cast<uint32_t>(v));
}

bool isKeepalive(PduType t) {
  return t == PduType::kKeepalive || t == PduType::kKeepaliveAck;
}

// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF) and no NUL.
bool validText(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n;
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (s.size() - i <= n) return false;
    for (size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (n == 3 && (cp < 0x10000 || cp > 0x10ffff))) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

// Checks the header fields that do not depend on the attributes; error offsets are those
// of the fields in the header.
Status checkHeaderFields(PduType type, uint16_t format, uint16_t direction,
                         uint32_t payload_length) {
  if (isKeepalive(type)) {
    if (format != 0) return makeError(Errc::kBadKeepalive, "keepalive with a payload format", 12);
    if (direction != 0) return makeError(Errc::kBadKeepalive, "keepalive with a direction", 14);
    if (payload_length != 0) return makeError(Errc::kBadKeepalive, "keepalive with a payload", 8);
    return {};
  }
  if (format == 0 || format > kMaxPayloadFormat) {
    return makeError(Errc::kUnknownPayloadFormat, "unknown payload format", 12);
  }
  const FormatPermission perm = formatPermission(format);
  if (type == PduType::kX2 && !perm.x2) {
    return makeError(Errc::kFormatNotPermitted, "payload format not permitted in X2", 12);
  }
  if (type == PduType::kX3 && !perm.x3) {
    return makeError(Errc::kFormatNotPermitted, "payload format not permitted in X3", 12);
  }
  if (direction == 0 || direction > 5) {
    return makeError(Errc::kBadPayloadDirection, "payload direction out of range", 14);
  }
  return {};
}

Result<Attribute> decodeAttribute(uint16_t type, ByteView v, uint32_t at) {
  const ValueKind kind = valueKindOf(type);
  const uint16_t fixed = fixedLengthOf(kind);
  if (fixed != 0 && v.size() != fixed) {
    return makeError(Errc::kBadAttributeLength, "attribute length does not fit its type", at);
  }
  const std::byte* p = v.data();
  switch (kind) {
    case ValueKind::kOpaque: return Attribute{type, Opaque{v}};
    case ValueKind::kText:
      if (!validText(asText(v))) {
        return makeError(Errc::kBadAttributeValue, "attribute text is not UTF-8 without NUL", at);
      }
      return Attribute{type, Text{asText(v)}};
    case ValueKind::kU8: return Attribute{type, std::to_integer<uint8_t>(p[0])};
    case ValueKind::kU16: return Attribute{type, rd16(p)};
    case ValueKind::kU32: return Attribute{type, rd32(p)};
    case ValueKind::kTimestamp: {
      Timestamp t{rd32(p), rd32(p + 4)};
      if (t.nanoseconds >= 1000000000u) {
        return makeError(Errc::kBadAttributeValue, "timestamp nanoseconds above 999999999", at);
      }
      return Attribute{type, t};
    }
    case ValueKind::kIpv4: {
      Ipv4Address a;
      for (size_t i = 0; i < 4; ++i) a.octets[i] = std::to_integer<uint8_t>(p[i]);
      return Attribute{type, a};
    }
    case ValueKind::kIpv6: {
      Ipv6Address a;
      for (size_t i = 0; i < 16; ++i) a.octets[i] = std::to_integer<uint8_t>(p[i]);
      return Attribute{type, a};
    }
  }
  return makeError(Errc::kBadAttributeValue, "attribute kind", at);
}

// Length of an attribute's value, or an error if it cannot be encoded.
Result<uint16_t> valueLength(const Attribute& a) {
  if (a.kind() != valueKindOf(a.type)) {
    return makeError(Errc::kAttributeValueKind, "attribute value kind does not fit its type");
  }
  size_t n = fixedLengthOf(a.kind());
  if (a.kind() == ValueKind::kOpaque) n = std::get<Opaque>(a.value).bytes.size();
  if (a.kind() == ValueKind::kText) {
    std::string_view t = std::get<Text>(a.value).text;
    if (!validText(t)) {
      return makeError(Errc::kBadAttributeValue, "attribute text is not UTF-8 without NUL");
    }
    n = t.size();
  }
  if (n > 0xffff) return makeError(Errc::kAttributeTooLong, "attribute value above 65535 octets");
  if (a.kind() == ValueKind::kTimestamp &&
      std::get<Timestamp>(a.value).nanoseconds >= 1000000000u) {
    return makeError(Errc::kBadAttributeValue, "timestamp nanoseconds above 999999999");
  }
  return static_cast<uint16_t>(n);
}

void putValue(std::string& out, const Attribute& a) {
  switch (a.kind()) {
    case ValueKind::kOpaque: out.append(asText(std::get<Opaque>(a.value).bytes)); break;
    case ValueKind::kText: out.append(std::get<Text>(a.value).text); break;
    case ValueKind::kU8: put8(out, std::get<uint8_t>(a.value)); break;
    case ValueKind::kU16: put16(out, std::get<uint16_t>(a.value)); break;
    case ValueKind::kU32: put32(out, std::get<uint32_t>(a.value)); break;
    case ValueKind::kTimestamp: {
      const Timestamp& t = std::get<Timestamp>(a.value);
      put32(out, t.seconds);
      put32(out, t.nanoseconds);
      break;
    }
    case ValueKind::kIpv4:
      for (uint8_t o : std::get<Ipv4Address>(a.value).octets) put8(out, o);
      break;
    case ValueKind::kIpv6:
      for (uint8_t o : std::get<Ipv6Address>(a.value).octets) put8(out, o);
      break;
  }
}

Pdu keepalive(PduType type, uint32_t sequence, Version v) {
  Pdu p;
  p.version = v;
  p.type = type;
  p.payload_format = PayloadFormat::kReserved;
  p.direction = PayloadDirection::kKeepalive;
  p.attributes.push_back(attr::sequenceNumber(sequence));
  return p;
}

}  // namespace

const Attribute* Pdu::find(AttributeType t) const {
  for (const Attribute& a : attributes) {
    if (a.type == static_cast<uint16_t>(t)) return &a;
  }
  return nullptr;
}

std::optional<uint32_t> Pdu::sequenceNumber() const {
  const Attribute* a = find(AttributeType::kSequenceNumber);
  if (a == nullptr || a->kind() != ValueKind::kU32) return std::nullopt;
  return std::get<uint32_t>(a->value);
}

bool operator==(const Pdu& a, const Pdu& b) {
  return a.version == b.version && a.type == b.type && a.payload_format == b.payload_format &&
         a.direction == b.direction && a.xid == b.xid && a.correlation_id == b.correlation_id &&
         a.attributes == b.attributes && asText(a.payload) == asText(b.payload);
}

Pdu makeKeepalive(uint32_t sequence, Version v) {
  return keepalive(PduType::kKeepalive, sequence, v);
}
Pdu makeKeepaliveAck(uint32_t sequence, Version v) {
  return keepalive(PduType::kKeepaliveAck, sequence, v);
}

Result<FrameLengths> peekFrameLengths(ByteView in, const Limits& limits) {
  if (in.size() < 12) return makeError(Errc::kTruncated, "shorter than the PDU header", in.size());
  if (std::to_integer<uint8_t>(in[0]) != limits.major_version) {
    return makeError(Errc::kUnsupportedVersion, "unsupported major version", 0);
  }
  FrameLengths f{rd32(in.data() + 4), rd32(in.data() + 8)};
  if (f.header_length < kHeaderSize) {
    return makeError(Errc::kBadHeaderLength, "header length below 40", 4);
  }
  if (f.header_length > limits.max_header_length) {
    return makeError(Errc::kHeaderTooLarge, "header length above the limit", 4);
  }
  if (f.payload_length > limits.max_payload_length) {
    return makeError(Errc::kPayloadTooLarge, "payload length above the limit", 8);
  }
  return f;
}

Result<Pdu> decodePdu(ByteView in, const Limits& limits) {
  auto lengths = peekFrameLengths(in, limits);
  if (!lengths) return lengths.error();
  if (in.size() < kHeaderSize) {
    return makeError(Errc::kTruncated, "shorter than the PDU header", in.size());
  }
  const FrameLengths f = *lengths;
  if (in.size() < f.total()) {
    return makeError(Errc::kTruncated, "shorter than header length + payload length", in.size());
  }
  if (in.size() > f.total()) {
    return makeError(Errc::kTrailingBytes, "bytes after the payload",
                     static_cast<uint32_t>(f.total()));
  }
  const std::byte* p = in.data();
  Pdu pdu;
  pdu.version = {std::to_integer<uint8_t>(p[0]), std::to_integer<uint8_t>(p[1])};
  const uint16_t type = rd16(p + 2);
  if (type < 1 || type > 4) return makeError(Errc::kUnknownPduType, "unknown PDU type", 2);
  pdu.type = static_cast<PduType>(type);
  const uint16_t format = rd16(p + 12);
  const uint16_t direction = rd16(p + 14);
  if (Status s = checkHeaderFields(pdu.type, format, direction, f.payload_length); !s) {
    return s.error();
  }
  pdu.payload_format = static_cast<PayloadFormat>(format);
  pdu.direction = static_cast<PayloadDirection>(direction);
  for (size_t i = 0; i < 16; ++i) pdu.xid[i] = std::to_integer<uint8_t>(p[16 + i]);
  pdu.correlation_id = rd64(p + 32);

  uint32_t pos = kHeaderSize;
  while (pos < f.header_length) {
    if (f.header_length - pos < 4) {
      return makeError(Errc::kAttributeTruncated, "attribute header runs past the header", pos);
    }
    const uint16_t atype = rd16(p + pos);
    const uint16_t alen = rd16(p + pos + 2);
    if (f.header_length - pos - 4 < alen) {
      return makeError(Errc::kAttributeTruncated, "attribute value runs past the header", pos);
    }
    auto a = decodeAttribute(atype, in.subspan(pos + 4, alen), pos);
    if (!a) return a.error();
    pdu.attributes.push_back(*a);
    pos += 4 + alen;
  }
  if (isKeepalive(pdu.type) && !pdu.sequenceNumber()) {
    return makeError(Errc::kBadKeepalive, "keepalive without a sequence number", kHeaderSize);
  }
  pdu.payload = in.subspan(f.header_length, f.payload_length);
  return pdu;
}

Result<uint32_t> encodedHeaderLength(const Pdu& pdu) {
  uint64_t n = kHeaderSize;
  for (const Attribute& a : pdu.attributes) {
    auto len = valueLength(a);
    if (!len) return len.error();
    n += 4 + *len;
  }
  if (n > UINT32_MAX) return makeError(Errc::kHeaderTooLarge, "header length above 2^32");
  return static_cast<uint32_t>(n);
}

Status appendHeader(const Pdu& pdu, uint32_t payload_length, std::string& out,
                    const Limits& limits) {
  auto hl = encodedHeaderLength(pdu);
  if (!hl) return hl.error();
  if (*hl > limits.max_header_length) {
    return makeError(Errc::kHeaderTooLarge, "header length above the limit");
  }
  if (payload_length > limits.max_payload_length) {
    return makeError(Errc::kPayloadTooLarge, "payload length above the limit");
  }
  const auto type = static_cast<uint16_t>(pdu.type);
  if (type < 1 || type > 4) return makeError(Errc::kUnknownPduType, "unknown PDU type");
  if (Status s = checkHeaderFields(pdu.type, static_cast<uint16_t>(pdu.payload_format),
                                   static_cast<uint16_t>(pdu.direction), payload_length);
      !s) {
    return Error{s.error().domain, s.error().code, s.error().reason, kNoOffset};
  }
  if (isKeepalive(pdu.type) && !pdu.sequenceNumber()) {
    return makeError(Errc::kBadKeepalive, "keepalive without a sequence number");
  }
  out.reserve(out.size() + *hl);
  put8(out, pdu.version.major);
  put8(out, pdu.version.minor);
  put16(out, type);
  put32(out, *hl);
  put32(out, payload_length);
  put16(out, static_cast<uint16_t>(pdu.payload_format));
  put16(out, static_cast<uint16_t>(pdu.direction));
  for (uint8_t o : pdu.xid) put8(out, o);
  put64(out, pdu.correlation_id);
  for (const Attribute& a : pdu.attributes) {
    put16(out, a.type);
    put16(out, *valueLength(a));
    putValue(out, a);
  }
  return {};
}

Status appendPdu(const Pdu& pdu, std::string& out, const Limits& limits) {
  if (pdu.payload.size() > UINT32_MAX) {
    return makeError(Errc::kPayloadTooLarge, "payload above 2^32 octets");
  }
  if (Status s = appendHeader(pdu, static_cast<uint32_t>(pdu.payload.size()), out, limits); !s) {
    return s;
  }
  out.append(asText(pdu.payload));
  return {};
}

}  // namespace msrpgw::proto::li
