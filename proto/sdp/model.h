// Typed model of an SDP as an H.248 Local/Remote descriptor carries it for MSRP:
// session-level lines, every m= line, and for each m=message line with an MSRP transport
// the MSRP attributes (RFC 4975 section 8, RFC 6135, RFC 6714, RFC 5547, RFC 8122).
// "Choose" ('$', the H.248 CHOOSE wildcard) is a flag beside the field it replaces.
// Values are owned strings: a parsed Sdp does not point into the parsed text.
// Not kept: i=, u=, e=, p=, b=, k=, r=, z= lines (the writer does not echo them).
// Thread-safe: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace msrpgw::proto::sdp {

enum class AddrType : uint8_t { kIp4, kIp6 };

// c=IN IP4|IP6 <address>; `choose` for "c=IN IP4 $" (address then empty).
struct Connection {
  AddrType addr_type = AddrType::kIp4;
  std::string address;  // IP literal or host name; empty when choose
  bool choose = false;
  friend bool operator==(const Connection&, const Connection&) = default;
};

// One attribute line as written: a=name[:value]. `value` is nullopt for a property
// attribute (a=msrp-cema); it keeps its blanks as sofia-sip delivered them.
struct Attribute {
  std::string name;
  std::optional<std::string> value;
  friend bool operator==(const Attribute&, const Attribute&) = default;
};

enum class Transport : uint8_t { kTcpMsrp, kTcpTlsMsrp };  // TCP/MSRP, TCP/TLS/MSRP
enum class Setup : uint8_t { kAbsent, kActive, kPassive, kActpass, kHoldconn };  // RFC 4145
enum class ConnectionAttr : uint8_t { kAbsent, kNew, kExisting };  // RFC 4145 a=connection
enum class Direction : uint8_t { kAbsent, kSendRecv, kSendOnly, kRecvOnly, kInactive };

// An accept-types entry: "*" (type "*", subtype empty), "type/*" (subtype "*") or
// "type/subtype". Case is kept as written; matching ignores it (accept_types.h).
struct MediaRange {
  std::string type;
  std::string subtype;
  friend bool operator==(const MediaRange&, const MediaRange&) = default;
};

// RFC 5547 attribute names, kept verbatim and in order in MsrpMedia::file_attributes.
bool isFileTransferAttribute(std::string_view name);

// One m=message media description with an MSRP transport.
struct MsrpMedia {
  uint16_t port = 0;         // 0 when port_choose
  bool port_choose = false;  // "m=message $ ..."
  Transport transport = Transport::kTcpMsrp;
  std::vector<std::string> formats = {"*"};  // m= format list, "*" for MSRP
  std::optional<Connection> connection;      // media-level c= (see Sdp::connectionFor)
  std::vector<std::string> path;             // a=path URIs, relays first, own last
  Setup setup = Setup::kAbsent;
  ConnectionAttr connection_attr = ConnectionAttr::kAbsent;
  std::vector<MediaRange> accept_types;          // empty: attribute absent
  std::vector<MediaRange> accept_wrapped_types;  // empty: attribute absent
  std::optional<uint64_t> max_size;
  Direction direction = Direction::kAbsent;
  bool cema = false;                        // a=msrp-cema (RFC 6714)
  std::vector<std::string> fingerprints;    // a=fingerprint values as text (RFC 8122)
  std::vector<Attribute> file_attributes;   // RFC 5547 a=file-*, verbatim, in order
  std::vector<Attribute> other_attributes;  // anything else, verbatim, in order
  friend bool operator==(const MsrpMedia&, const MsrpMedia&) = default;
};

// Any m= line but m=message (audio, video, application...), kept so a writer can
// echo or reject it (port 0). sofia-sip moves a=rtpmap/a=fmtp of RTP media into its own
// rtpmap list; those are written back after the other attributes.
struct OtherMedia {
  std::string media;  // "audio", "video", ...
  uint16_t port = 0;  // a CHOOSE ('$') port reads as 0: the gateway only fills MSRP media
  std::string proto;  // "RTP/AVP", ...
  std::vector<std::string> formats;
  std::optional<Connection> connection;
  std::vector<Attribute> attributes;
  friend bool operator==(const OtherMedia&, const OtherMedia&) = default;
};

using Media = std::variant<MsrpMedia, OtherMedia>;

struct Origin {  // o=<username> <sess-id> <sess-version> IN <addrtype> <address>
  std::string username = "-";
  uint64_t session_id = 0;
  uint64_t session_version = 0;
  Connection address;
  friend bool operator==(const Origin&, const Origin&) = default;
};

struct Timing {  // t=<start> <stop>
  uint64_t start = 0;
  uint64_t stop = 0;
  friend bool operator==(const Timing&, const Timing&) = default;
};

// A whole description. A full SDP has origin, session_name and timing; the usual H.248
// fragment has none of them (v=0, c=, m=, a= only).
struct Sdp {
  std::optional<Origin> origin;
  std::optional<std::string> session_name;
  std::optional<Connection> connection;  // session-level c=
  std::optional<Timing> timing;
  std::vector<Attribute> attributes;  // session-level a= lines, verbatim, in order
  std::vector<Media> media;           // every m= line in order

  // The m=message MSRP media descriptions, in order (pointers into `media`, valid until
  // `media` changes).
  std::vector<const MsrpMedia*> messageMedia() const;
  std::vector<MsrpMedia*> messageMedia();
  // The c= that applies to `m`: its own, else the session-level one, else nullptr.
  const Connection* connectionFor(const MsrpMedia& m) const;
  // The direction that applies to `m`: its own, else a session-level direction attribute,
  // else kAbsent (RFC 4566 then means sendrecv).
  Direction directionFor(const MsrpMedia& m) const;

  friend bool operator==(const Sdp&, const Sdp&) = default;
};

// Attribute spellings: "active", "new", "sendonly", "TCP/TLS/MSRP" ("" for kAbsent).
const char* setupName(Setup s);
const char* connectionAttrName(ConnectionAttr c);
const char* directionName(Direction d);
const char* transportName(Transport t);

}  // namespace msrpgw::proto::sdp
