// The packages msrpgw supports: g (Generic, H.248.1 E.1), root (Base Root, E.2),
// nt (Network, E.11), it (Inactivity Timer, E.14) and msrpgw, the private package for MSRP
// termination settings and counters (ID 0x8001; items documented in conf/README.md).
// Thread-safe: returns a new value each call.
#pragma once

#include "control/package/registry.h"

namespace msrpgw::control::package {

inline constexpr uint16_t kMsrpgwPackageId = 0x8001;

Registry builtinRegistry();

// Names used by the MG when it reads or writes these items.
inline constexpr const char* kRootMaxContexts = "root/maxNumberOfContexts";
inline constexpr const char* kRootMaxTermsPerContext = "root/maxTerminationsPerContext";
inline constexpr const char* kRootNormalMgExecTime = "root/normalMGExecutionTime";
inline constexpr const char* kRootNormalMgcExecTime = "root/normalMGCExecutionTime";
inline constexpr const char* kRootMgProvisional = "root/MGProvisionalResponseTimerValue";
inline constexpr const char* kRootMgcProvisional = "root/MGCProvisionalResponseTimerValue";
inline constexpr const char* kRootMgcPendingLimit = "root/MGCOriginatedPendingLimit";
inline constexpr const char* kRootMgPendingLimit = "root/MGOriginatedPendingLimit";

}  // namespace msrpgw::control::package
