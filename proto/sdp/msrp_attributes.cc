#include "proto/sdp/msrp_attributes.h"

#include "proto/msrp/header_values.h"
#include "proto/sdp/accept_types.h"
#include "proto/sdp/errc.h"
#include "proto/sdp/text_util.h"

namespace msrpgw::proto::sdp::detail {

namespace {

template <class E>
bool lookup(std::string_view text, std::initializer_list<std::pair<const char*, E>> table, E& out) {
  for (const auto& [name, e] : table) {
    if (iequals(text, name)) {
      out = e;
      return true;
    }
  }
  return false;
}

Status applyAcceptTypes(std::vector<MediaRange>& list, const char* value, uint32_t offset) {
  if (!list.empty()) return makeError(Errc::kBadAcceptTypes, "accept-types twice", offset);
  if (value == nullptr)
    return makeError(Errc::kBadAcceptTypes, "accept-types without value", offset);
  auto parsed = parseAcceptTypes(value);
  if (!parsed.ok()) return makeError(Errc::kBadAcceptTypes, parsed.error().reason, offset);
  list = std::move(parsed).value();
  return {};
}

}  // namespace

Status applyAttribute(MsrpMedia& m, std::string_view name, const char* value, uint32_t offset) {
  std::string_view v = value == nullptr ? std::string_view() : std::string_view(value);
  if (iequals(name, "path")) {
    if (!m.path.empty()) return makeError(Errc::kBadPath, "a=path twice", offset);
    auto path = msrp::parsePath(v);
    if (!path.ok()) return makeError(Errc::kBadPath, path.error().reason, offset);
    // Keep each URI as written; parsePath() tolerated runs of blanks between them.
    size_t i = 0;
    while (i < v.size()) {
      if (v[i] == ' ' || v[i] == '\t') {
        ++i;
        continue;
      }
      size_t end = v.find_first_of(" \t", i);
      if (end == std::string_view::npos) end = v.size();
      m.path.emplace_back(v.substr(i, end - i));
      i = end;
    }
    return {};
  }
  if (iequals(name, "setup")) {
    if (m.setup != Setup::kAbsent) return makeError(Errc::kBadSetup, "a=setup twice", offset);
    if (!lookup<Setup>(v,
                       {{"active", Setup::kActive},
                        {"passive", Setup::kPassive},
                        {"actpass", Setup::kActpass},
                        {"holdconn", Setup::kHoldconn}},
                       m.setup)) {
      return makeError(Errc::kBadSetup, "a=setup not active|passive|actpass|holdconn", offset);
    }
    return {};
  }
  if (iequals(name, "connection")) {
    if (m.connection_attr != ConnectionAttr::kAbsent) {
      return makeError(Errc::kBadConnection, "a=connection twice", offset);
    }
    if (!lookup<ConnectionAttr>(
            v, {{"new", ConnectionAttr::kNew}, {"existing", ConnectionAttr::kExisting}},
            m.connection_attr)) {
      return makeError(Errc::kBadConnection, "a=connection not new|existing", offset);
    }
    return {};
  }
  if (iequals(name, "accept-types")) return applyAcceptTypes(m.accept_types, value, offset);
  if (iequals(name, "accept-wrapped-types")) {
    return applyAcceptTypes(m.accept_wrapped_types, value, offset);
  }
  if (iequals(name, "max-size")) {
    if (m.max_size) return makeError(Errc::kBadMaxSize, "a=max-size twice", offset);
    auto n = parseDecimal(v);
    if (!n) return makeError(Errc::kBadMaxSize, "a=max-size not a 64-bit decimal", offset);
    m.max_size = *n;
    return {};
  }
  Direction d = Direction::kAbsent;
  if (lookup<Direction>(name,
                        {{"sendrecv", Direction::kSendRecv},
                         {"sendonly", Direction::kSendOnly},
                         {"recvonly", Direction::kRecvOnly},
                         {"inactive", Direction::kInactive}},
                        d)) {
    if (m.direction != Direction::kAbsent) {
      return makeError(Errc::kBadDirection, "two direction attributes", offset);
    }
    if (value != nullptr) return makeError(Errc::kBadDirection, "direction with a value", offset);
    m.direction = d;
    return {};
  }
  if (iequals(name, "msrp-cema")) {
    m.cema = true;
    return {};
  }
  if (iequals(name, "fingerprint")) {
    m.fingerprints.emplace_back(v);
    return {};
  }
  Attribute a{std::string(name), value == nullptr ? std::nullopt : std::optional<std::string>(v)};
  if (isFileTransferAttribute(name)) {
    m.file_attributes.push_back(std::move(a));
  } else {
    m.other_attributes.push_back(std::move(a));
  }
  return {};
}

Status checkMedia(const MsrpMedia& m, uint32_t offset) {
  if (m.path.empty()) return {};
  auto own = msrp::parseUri(m.path.back());
  if (!own.ok()) return makeError(Errc::kBadPath, own.error().reason, offset);
  const bool tls = m.transport == Transport::kTcpTlsMsrp;
  if ((own->scheme == msrp::Scheme::kMsrps) != tls) {
    return makeError(Errc::kConflict,
                     tls ? "msrp:// path on TCP/TLS/MSRP" : "msrps:// path on TCP/MSRP", offset);
  }
  return {};
}

}  // namespace msrpgw::proto::sdp::detail
