// The MG's own mId (H.248.1 Annex B "mId") from configuration text: "[192.0.2.2]:2944",
// "[2001:db8::2]", "<mg.example.net>:2944", a device name ("msrpgw1") or "MTP{0A1B}".
// Read with the codec's own header reader, so the MG accepts exactly what it can send.
// Thread-safe: pure functions.
#pragma once

#include <optional>
#include <string>

#include "proto/h248/ast.h"

namespace msrpgw::control {

// nullopt when `text` is not one whole mId.
std::optional<proto::h248::MId> parseMid(const std::string& text);

// An H.248 profile name (Annex B NAME: a letter, then up to 63 letters, digits or '_').
bool isProfileName(const std::string& name);

}  // namespace msrpgw::control
