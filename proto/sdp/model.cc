#include "proto/sdp/model.h"

#include "proto/sdp/text_util.h"

namespace msrpgw::proto::sdp {

using detail::iequals;

bool isFileTransferAttribute(std::string_view name) {
  for (const char* n : {"file-selector", "file-transfer-id", "file-disposition", "file-date",
                        "file-icon", "file-range"}) {
    if (iequals(name, n)) return true;
  }
  return false;
}

std::vector<const MsrpMedia*> Sdp::messageMedia() const {
  std::vector<const MsrpMedia*> out;
  for (const Media& m : media) {
    if (const auto* msrp = std::get_if<MsrpMedia>(&m)) out.push_back(msrp);
  }
  return out;
}

std::vector<MsrpMedia*> Sdp::messageMedia() {
  std::vector<MsrpMedia*> out;
  for (Media& m : media) {
    if (auto* msrp = std::get_if<MsrpMedia>(&m)) out.push_back(msrp);
  }
  return out;
}

const Connection* Sdp::connectionFor(const MsrpMedia& m) const {
  if (m.connection) return &*m.connection;
  if (connection) return &*connection;
  return nullptr;
}

Direction Sdp::directionFor(const MsrpMedia& m) const {
  if (m.direction != Direction::kAbsent) return m.direction;
  for (const Attribute& a : attributes) {
    for (Direction d :
         {Direction::kSendRecv, Direction::kSendOnly, Direction::kRecvOnly, Direction::kInactive}) {
      if (iequals(a.name, directionName(d))) return d;
    }
  }
  return Direction::kAbsent;
}

const char* setupName(Setup s) {
  switch (s) {
    case Setup::kAbsent: return "";
    case Setup::kActive: return "active";
    case Setup::kPassive: return "passive";
    case Setup::kActpass: return "actpass";
    case Setup::kHoldconn: return "holdconn";
  }
  return "";
}

const char* connectionAttrName(ConnectionAttr c) {
  switch (c) {
    case ConnectionAttr::kAbsent: return "";
    case ConnectionAttr::kNew: return "new";
    case ConnectionAttr::kExisting: return "existing";
  }
  return "";
}

const char* directionName(Direction d) {
  switch (d) {
    case Direction::kAbsent: return "";
    case Direction::kSendRecv: return "sendrecv";
    case Direction::kSendOnly: return "sendonly";
    case Direction::kRecvOnly: return "recvonly";
    case Direction::kInactive: return "inactive";
  }
  return "";
}

const char* transportName(Transport t) {
  switch (t) {
    case Transport::kTcpMsrp: return "TCP/MSRP";
    case Transport::kTcpTlsMsrp: return "TCP/TLS/MSRP";
  }
  return "";
}

}  // namespace msrpgw::proto::sdp
