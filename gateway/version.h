// The gateway's version string, reported at start and by --version.
#pragma once

namespace msrpgw::gateway {
inline constexpr const char* kVersion = "0.1.0";
}
