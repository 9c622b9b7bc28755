#include "proto/li/x1/model.h"

#include <cstdio>

namespace msrpgw::proto::li::x1 {
namespace {

constexpr std::string_view kRequestTypeNames[kRequestTypeCount] = {
    "ActivateTask",
    "ModifyTask",
    "DeactivateTask",
    "DeactivateAllTasks",
    "GetTaskDetails",
    "CreateDestination",
    "ModifyDestination",
    "RemoveDestination",
    "RemoveAllDestinations",
    "GetDestinationDetails",
    "GetNEStatus",
    "GetAllDetails",
    "GetAllTaskDetails",
    "GetAllDestinationDetails",
    "ListAllDetails",
    "Ping",
    "Keepalive",
    "GetAllGenericObjectDetails",
    "ReportTaskIssue",
    "ReportDestinationIssue",
    "ReportNEIssue",
    "CreateObject",
    "ModifyObject",
    "GetObject",
    "DeleteObject",
    "ListObjectsOfType",
    "DeleteAllObjects",
};

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::optional<Uuid> parseUuid(std::string_view s) {
  if (s.size() != 36) return std::nullopt;
  Uuid u{};
  size_t k = 0;
  for (size_t i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    const int hi = hexValue(s[i]);
    const int lo = hexValue(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    u[k++] = static_cast<uint8_t>(hi * 16 + lo);
    i += 2;
  }
  return u;
}

std::string formatUuid(const Uuid& u) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    s.push_back(kHex[u[i] >> 4]);
    s.push_back(kHex[u[i] & 15]);
  }
  return s;
}

std::string formatTimestamp(int64_t us) {
  int64_t secs = us / 1000000;
  int64_t micros = us % 1000000;
  if (micros < 0) {
    micros += 1000000;
    secs -= 1;
  }
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%06lldZ",
                static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60), static_cast<long long>(micros));
  return buf;
}

std::string_view requestTypeName(RequestType t) {
  return kRequestTypeNames[static_cast<size_t>(t)];
}

std::optional<RequestType> requestTypeFromName(std::string_view name) {
  for (size_t i = 0; i < kRequestTypeCount; ++i) {
    if (kRequestTypeNames[i] == name) return static_cast<RequestType>(i);
  }
  return std::nullopt;
}

bool isServed(RequestType t) {
  return static_cast<size_t>(t) <= static_cast<size_t>(RequestType::kKeepalive);
}

bool hasOkResponse(RequestType t) {
  switch (t) {
    case RequestType::kGetTaskDetails:
    case RequestType::kGetDestinationDetails:
    case RequestType::kGetNEStatus:
    case RequestType::kGetAllDetails:
    case RequestType::kGetAllTaskDetails:
    case RequestType::kGetAllDestinationDetails:
    case RequestType::kListAllDetails:
    case RequestType::kGetAllGenericObjectDetails:
    case RequestType::kGetObject:
    case RequestType::kListObjectsOfType: return false;
    case RequestType::kActivateTask:
    case RequestType::kModifyTask:
    case RequestType::kDeactivateTask:
    case RequestType::kDeactivateAllTasks:
    case RequestType::kCreateDestination:
    case RequestType::kModifyDestination:
    case RequestType::kRemoveDestination:
    case RequestType::kRemoveAllDestinations:
    case RequestType::kPing:
    case RequestType::kKeepalive:
    case RequestType::kReportTaskIssue:
    case RequestType::kReportDestinationIssue:
    case RequestType::kReportNEIssue:
    case RequestType::kCreateObject:
    case RequestType::kModifyObject:
    case RequestType::kDeleteObject:
    case RequestType::kDeleteAllObjects: return true;
  }
  return false;
}

std::string_view deliveryTypeName(DeliveryType t) {
  switch (t) {
    case DeliveryType::kX2Only: return "X2Only";
    case DeliveryType::kX3Only: return "X3Only";
    case DeliveryType::kX2andX3: return "X2andX3";
  }
  return "";
}

std::string_view serviceTypeName(ServiceType t) {
  switch (t) {
    case ServiceType::kVoice: return "voice";
    case ServiceType::kData: return "data";
    case ServiceType::kMessaging: return "messaging";
    case ServiceType::kPushToTalk: return "pushToTalk";
    case ServiceType::kLals: return "LALS";
    case ServiceType::kRcs: return "RCS";
  }
  return "";
}

std::string_view callPartyRoleName(CallPartyRole r) {
  switch (r) {
    case CallPartyRole::kOriginating: return "Originating";
    case CallPartyRole::kTerminating: return "Terminating";
    case CallPartyRole::kForwardedTo: return "Forwarded-To";
  }
  return "";
}

std::string_view nonLocalIdentifierName(NonLocalIdentifier n) {
  switch (n) {
    case NonLocalIdentifier::kLocal: return "Local";
    case NonLocalIdentifier::kNonLocal: return "NonLocal";
  }
  return "";
}

std::string_view payloadDirectionAssignmentName(PayloadDirectionAssignment d) {
  switch (d) {
    case PayloadDirectionAssignment::kToTarget: return "ToTarget";
    case PayloadDirectionAssignment::kFromTarget: return "FromTarget";
    case PayloadDirectionAssignment::kNotDetermined: return "NotDetermined";
  }
  return "";
}

std::string_view triggerScopeName(TriggerScope s) {
  switch (s) {
    case TriggerScope::kUnidirectional: return "Unidirectional";
    case TriggerScope::kBidirectional: return "Bidirectional";
  }
  return "";
}

std::string_view provisioningStatusName(ProvisioningStatus s) {
  switch (s) {
    case ProvisioningStatus::kAwaitingProvisioning: return "awaitingProvisioning";
    case ProvisioningStatus::kFailed: return "failed";
    case ProvisioningStatus::kComplete: return "complete";
  }
  return "";
}

std::string_view destinationDeliveryStatusName(DestinationDeliveryStatus s) {
  switch (s) {
    case DestinationDeliveryStatus::kActiveAndWorking: return "activeAndWorking";
    case DestinationDeliveryStatus::kDeliveryFault: return "deliveryFault";
  }
  return "";
}

std::string_view neStatusName(NeStatus s) {
  switch (s) {
    case NeStatus::kOk: return "OK";
    case NeStatus::kFaults: return "Faults";
  }
  return "";
}

std::string_view taskReportTypeName(TaskReportType t) {
  switch (t) {
    case TaskReportType::kAllClear: return "AllClear";
    case TaskReportType::kWarning: return "Warning";
    case TaskReportType::kNonTerminatingFault: return "NonTerminatingFault";
    case TaskReportType::kTerminatingFault: return "TerminatingFault";
    case TaskReportType::kImplicitDeactivation: return "ImplicitDeactivation";
    case TaskReportType::kFullyActionedAndSuccessful: return "FullyActionedAndSuccessful";
    case TaskReportType::kFullyActionedAndUnsuccessful: return "FullyActionedAndUnsuccessful";
  }
  return "";
}

std::string_view neIssueTypeName(NeIssueType t) {
  switch (t) {
    case NeIssueType::kWarning: return "Warning";
    case NeIssueType::kFaultCleared: return "FaultCleared";
    case NeIssueType::kFaultReport: return "FaultReport";
    case NeIssueType::kAlert: return "Alert";
  }
  return "";
}

std::string formatIpv4(const Ipv4Address& a) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a.octets[0], a.octets[1], a.octets[2], a.octets[3]);
  return buf;
}

std::string formatIpv6(const Ipv6Address& a) {
  char buf[40];
  char* p = buf;
  for (size_t i = 0; i < 16; i += 2) {
    p += std::snprintf(p, 6, i ? ":%02x%02x" : "%02x%02x", a.octets[i], a.octets[i + 1]);
  }
  return std::string(buf, static_cast<size_t>(p - buf));
}

std::optional<Ipv4Address> parseIpv4(std::string_view s) {
  Ipv4Address a;
  size_t pos = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (i > 0) {
      if (pos >= s.size() || s[pos] != '.') return std::nullopt;
      ++pos;
    }
    unsigned v = 0;
    size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && digits < 3) {
      v = v * 10 + static_cast<unsigned>(s[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits == 0 || v > 255) return std::nullopt;
    a.octets[i] = static_cast<uint8_t>(v);
  }
  if (pos != s.size()) return std::nullopt;
  return a;
}

std::optional<Ipv6Address> parseIpv6(std::string_view s) {
  if (s.size() != 39) return std::nullopt;
  Ipv6Address a;
  for (size_t g = 0; g < 8; ++g) {
    const size_t at = g * 5;
    if (g > 0 && s[at - 1] != ':') return std::nullopt;
    for (size_t k = 0; k < 2; ++k) {
      const int hi = hexValue(s[at + 2 * k]);
      const int lo = hexValue(s[at + 2 * k + 1]);
      if (hi < 0 || lo < 0) return std::nullopt;
      a.octets[g * 2 + k] = static_cast<uint8_t>(hi * 16 + lo);
    }
  }
  return a;
}

}  // namespace msrpgw::proto::li::x1
