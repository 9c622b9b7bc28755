// Typed model of the X1 messages (ETSI TS 103 221-1, schema v1.23.1) the gateway serves
// as an NE / LI_T3 CC-POI: task and destination management, status interrogation, Ping
// and Keepalive requests, their responses, error responses with the reference's error
// codes, and the 3GPP IMS LI_T3 target extension (TS 33.128 X1 extensions r19 v2).
// Plain owned values (strings are copies of the XML text): safe to move between loops.
// Thread-safe: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "proto/li/attribute.h"
#include "proto/li/errc.h"

namespace msrpgw::proto::li::x1 {

inline constexpr std::string_view kX1Namespace = "http://uri.etsi.org/03221/X1/2017/10";
inline constexpr std::string_view kCommonNamespace = "http://uri.etsi.org/03280/common/2017/07";
inline constexpr std::string_view k3gppNamespace = "urn:3GPP:ns:li:3GPPX1Extensions:r19:v2";
inline constexpr std::string_view k3gppOwner = "3GPP";
// The X1 version the gateway speaks (schema v1.23.1).
inline constexpr std::string_view kX1Version = "v1.23.1";

// XID, DID, transaction id, product id: the 16 octets of a UUID (lower-case on the wire).
using Uuid = std::array<uint8_t, 16>;
std::optional<Uuid> parseUuid(std::string_view text);  // 8-4-4-4-12 lower-case hex only
std::string formatUuid(const Uuid& u);

// QualifiedMicrosecondDateTime text in UTC ("2025-01-01T12:00:00.000000Z") from Unix
// microseconds; callers supply the clock.
std::string formatTimestamp(int64_t unix_microseconds);

struct MessageHeader {
  std::string admf_id;
  std::string ne_id;
  std::string timestamp;  // QualifiedMicrosecondDateTime, as sent
  std::string version = std::string(kX1Version);
  Uuid transaction_id{};
  friend bool operator==(const MessageHeader&, const MessageHeader&) = default;
};

enum class DeliveryType : uint8_t { kX2Only, kX3Only, kX2andX3 };
enum class ServiceType : uint8_t { kVoice, kData, kMessaging, kPushToTalk, kLals, kRcs };
enum class CallPartyRole : uint8_t { kOriginating, kTerminating, kForwardedTo };
enum class NonLocalIdentifier : uint8_t { kLocal, kNonLocal };

// 3GPP IMST3TargetIdentifierExtension choices (LI_T3 triggering of IMS media functions).
struct H248ContextId {
  uint32_t value = 0;  // 1..4294967293
  friend bool operator==(const H248ContextId&, const H248ContextId&) = default;
};
enum class PayloadDirectionAssignment : uint8_t { kToTarget, kFromTarget, kNotDetermined };
enum class TriggerScope : uint8_t { kUnidirectional, kBidirectional };
using ImsT3Item = std::variant<H248ContextId, PayloadDirectionAssignment, TriggerScope>;

// Target identifier forms the gateway can evaluate. Every other schema choice (imsi,
// gtpuTunnelId, a foreign targetIdentifierExtension, ...) is kept as UnsupportedTarget with
// its element name so the server can answer 3010.
struct SipUri {
  std::string uri;
  friend bool operator==(const SipUri&, const SipUri&) = default;
};
struct TelUri {
  std::string uri;
  friend bool operator==(const TelUri&, const TelUri&) = default;
};
struct Impu {
  std::string value;
  friend bool operator==(const Impu&, const Impu&) = default;
};
struct Impi {
  std::string value;
  friend bool operator==(const Impi&, const Impi&) = default;
};
struct E164Number {
  std::string digits;
  friend bool operator==(const E164Number&, const E164Number&) = default;
};
struct TcpPort {
  uint16_t port = 0;
  friend bool operator==(const TcpPort&, const TcpPort&) = default;
};
struct TcpPortRange {
  uint16_t start = 0;
  uint16_t end = 0;
  friend bool operator==(const TcpPortRange&, const TcpPortRange&) = default;
};
struct TcpPortList {
  std::vector<uint16_t> ports;
  friend bool operator==(const TcpPortList&, const TcpPortList&) = default;
};
struct ImsT3Extension {
  std::vector<ImsT3Item> items;  // IMST3TargetIdentifierExtensions, Owner "3GPP"
  friend bool operator==(const ImsT3Extension&, const ImsT3Extension&) = default;
};
struct UnsupportedTarget {
  std::string element;  // local name of the choice, e.g. "imsi"
  friend bool operator==(const UnsupportedTarget&, const UnsupportedTarget&) = default;
};
using TargetIdentifier =
    std::variant<SipUri, TelUri, Impu, Impi, E164Number, Ipv4Address, Ipv6Address, TcpPort,
                 TcpPortRange, TcpPortList, CallPartyRole, NonLocalIdentifier, ImsT3Extension,
                 UnsupportedTarget>;

// 3GPP X1Extensions/SDP entries carried in taskDetailsExtensions.
struct SdpData {
  bool local = true;  // LocalSDP, else RemoteSDP
  std::string sdp;
  friend bool operator==(const SdpData&, const SdpData&) = default;
};

struct TaskDetails {
  Uuid xid{};
  std::vector<TargetIdentifier> targets;  // 1..n
  DeliveryType delivery_type = DeliveryType::kX3Only;
  std::vector<Uuid> dids;
  std::vector<Uuid> destination_set_ids;  // dSId (DestinationSet objects)
  bool has_mediation_details = false;     // listOfMediationDetails present (MDF use only)
  std::optional<uint64_t> correlation_id;
  std::optional<bool> implicit_deactivation_allowed;
  std::optional<Uuid> product_id;
  std::vector<ServiceType> service_types;  // empty: listOfServiceTypes absent
  std::vector<SdpData> sdp;                // from 3GPP taskDetailsExtensions
  // Extension payloads we do not model, as "{namespace}localName" (the server may refuse).
  std::vector<std::string> unsupported_extensions;
  bool has_policy_references = false;  // traffic or IRI policy references present
  friend bool operator==(const TaskDetails&, const TaskDetails&) = default;
};

// The XID X2/X3 PDUs of this task carry: productID when present, else xId (clause 5.2.7,
// implementer reading).
inline Uuid pduXid(const TaskDetails& t) {
  return t.product_id.value_or(t.xid);
}

enum class Transport : uint8_t { kTcp, kUdp };
struct IpAddressAndPort {
  std::variant<Ipv4Address, Ipv6Address> address;
  Transport transport = Transport::kTcp;
  uint16_t port = 0;
  friend bool operator==(const IpAddressAndPort&, const IpAddressAndPort&) = default;
};
struct DeliveryUri {
  std::string uri;
  friend bool operator==(const DeliveryUri&, const DeliveryUri&) = default;
};
struct EmailAddress {
  std::string address;
  friend bool operator==(const EmailAddress&, const EmailAddress&) = default;
};
using DeliveryAddress = std::variant<IpAddressAndPort, E164Number, DeliveryUri, EmailAddress>;

struct DestinationDetails {
  Uuid did{};
  std::optional<std::string> friendly_name;
  DeliveryType delivery_type = DeliveryType::kX3Only;
  DeliveryAddress delivery_address;
  std::vector<std::string> unsupported_extensions;
  friend bool operator==(const DestinationDetails&, const DestinationDetails&) = default;
};

struct Fault {
  int64_t code = 0;
  std::string description;
  friend bool operator==(const Fault&, const Fault&) = default;
};

enum class ProvisioningStatus : uint8_t { kAwaitingProvisioning, kFailed, kComplete };
struct TaskStatus {
  ProvisioningStatus provisioning = ProvisioningStatus::kComplete;
  std::vector<Fault> faults;
  std::optional<std::string> time_of_last_intercept;
  std::optional<int64_t> amount_of_x2_data;
  std::optional<int64_t> amount_of_x3_data;
  std::optional<std::string> time_of_last_modification;
  std::optional<int64_t> number_of_modifications;
  friend bool operator==(const TaskStatus&, const TaskStatus&) = default;
};

enum class DestinationDeliveryStatus : uint8_t { kActiveAndWorking, kDeliveryFault };
struct DestinationStatus {
  DestinationDeliveryStatus delivery = DestinationDeliveryStatus::kActiveAndWorking;
  std::vector<Fault> faults;
  friend bool operator==(const DestinationStatus&, const DestinationStatus&) = default;
};

enum class NeStatus : uint8_t { kOk, kFaults };
struct NeStatusDetails {
  NeStatus status = NeStatus::kOk;
  std::vector<Fault> faults;
  friend bool operator==(const NeStatusDetails&, const NeStatusDetails&) = default;
};

struct TaskResponseDetails {
  TaskDetails task;
  TaskStatus status;
  friend bool operator==(const TaskResponseDetails&, const TaskResponseDetails&) = default;
};
struct DestinationResponseDetails {
  DestinationDetails destination;
  DestinationStatus status;
  friend bool operator==(const DestinationResponseDetails&,
                         const DestinationResponseDetails&) = default;
};

// RequestMessageType of the schema, in its enumeration order (the gateway serves the
// first 17; the others are parsed far enough to be answered 1080).
enum class RequestType : uint8_t {
  kActivateTask,
  kModifyTask,
  kDeactivateTask,
  kDeactivateAllTasks,
  kGetTaskDetails,
  kCreateDestination,
  kModifyDestination,
  kRemoveDestination,
  kRemoveAllDestinations,
  kGetDestinationDetails,
  kGetNEStatus,
  kGetAllDetails,
  kGetAllTaskDetails,
  kGetAllDestinationDetails,
  kListAllDetails,
  kPing,
  kKeepalive,
  kGetAllGenericObjectDetails,
  kReportTaskIssue,
  kReportDestinationIssue,
  kReportNEIssue,
  kCreateObject,
  kModifyObject,
  kGetObject,
  kDeleteObject,
  kListObjectsOfType,
  kDeleteAllObjects,
};
inline constexpr size_t kRequestTypeCount = 27;

// "ActivateTask", ...: the RequestMessageType value; xsi:type is this + "Request"/"Response".
std::string_view requestTypeName(RequestType t);
std::optional<RequestType> requestTypeFromName(std::string_view name);
bool isServed(RequestType t);  // one of the 17 the gateway implements
// True when the schema answers the type with an oK (OkResponse); the interrogations
// (Get*, ListAllDetails) have their own response bodies instead.
bool hasOkResponse(RequestType t);

// Request bodies. Messages with an empty body (DeactivateAllTasks, GetNEStatus, ...) carry
// only their type.
struct Request {
  MessageHeader header;
  RequestType type = RequestType::kPing;
  std::optional<TaskDetails> task;                // ActivateTask, ModifyTask
  std::optional<DestinationDetails> destination;  // Create/ModifyDestination
  std::optional<Uuid> xid;                        // DeactivateTask, GetTaskDetails
  std::optional<Uuid> did;                        // RemoveDestination, GetDestinationDetails
  friend bool operator==(const Request&, const Request&) = default;
};

// A message of an X1Request that failed schema validation or modelling: answered with an
// ErrorResponse (code, usually kSyntaxError 1010) carrying `reason`.
struct RejectedRequest {
  MessageHeader header;  // fields as far as they could be read
  RequestType type = RequestType::kPing;
  Errc code = Errc::kSyntaxError;
  std::string reason;
  friend bool operator==(const RejectedRequest&, const RejectedRequest&) = default;
};

using RequestMessage = std::variant<Request, RejectedRequest>;

// Responses.
enum class Ok : uint8_t { kAcknowledgedAndCompleted, kAcknowledged };
struct OkResponse {  // only for types with hasOkResponse()
  RequestType type = RequestType::kPing;
  Ok ok = Ok::kAcknowledgedAndCompleted;
};
struct ErrorResponse {
  RequestType type = RequestType::kPing;
  Errc code = Errc::kGenericError;
  std::string description;
};
struct GetTaskDetailsResponse {
  TaskResponseDetails details;
};
struct GetDestinationDetailsResponse {
  DestinationResponseDetails details;
};
struct GetNeStatusResponse {
  NeStatusDetails details;
};
struct GetAllDetailsResponse {
  NeStatusDetails ne;
  std::vector<TaskResponseDetails> tasks;
  std::vector<DestinationResponseDetails> destinations;
};
struct GetAllTaskDetailsResponse {
  std::vector<TaskResponseDetails> tasks;
};
struct GetAllDestinationDetailsResponse {
  std::vector<DestinationResponseDetails> destinations;
};
struct ListAllDetailsResponse {
  std::vector<Uuid> xids;
  std::vector<Uuid> dids;
};
using ResponseBody =
    std::variant<OkResponse, ErrorResponse, GetTaskDetailsResponse, GetDestinationDetailsResponse,
                 GetNeStatusResponse, GetAllDetailsResponse, GetAllTaskDetailsResponse,
                 GetAllDestinationDetailsResponse, ListAllDetailsResponse>;

struct Response {
  MessageHeader header;  // transaction id copied from the request
  ResponseBody body;
};

// NE -> ADMF reports (loss of content, delivery faults).
enum class TaskReportType : uint8_t {
  kAllClear,
  kWarning,
  kNonTerminatingFault,
  kTerminatingFault,
  kImplicitDeactivation,
  kFullyActionedAndSuccessful,
  kFullyActionedAndUnsuccessful,
};
enum class NeIssueType : uint8_t { kWarning, kFaultCleared, kFaultReport, kAlert };
struct ReportTaskIssue {
  Uuid xid{};
  TaskReportType report = TaskReportType::kWarning;
  std::optional<int64_t> error_code;
  std::optional<std::string> details;
};
struct ReportDestinationIssue {
  Uuid did{};
  TaskReportType report = TaskReportType::kWarning;
  std::optional<int64_t> error_code;
  std::optional<std::string> details;
};
struct ReportNeIssue {
  NeIssueType type = NeIssueType::kWarning;
  std::string description;
  std::optional<int64_t> issue_code;
};
struct Report {
  MessageHeader header;
  std::variant<ReportTaskIssue, ReportDestinationIssue, ReportNeIssue> body;
};

// Schema enumeration texts.
std::string_view deliveryTypeName(DeliveryType t);
std::string_view serviceTypeName(ServiceType t);
std::string_view callPartyRoleName(CallPartyRole r);
std::string_view nonLocalIdentifierName(NonLocalIdentifier n);
std::string_view payloadDirectionAssignmentName(PayloadDirectionAssignment d);
std::string_view triggerScopeName(TriggerScope s);
std::string_view provisioningStatusName(ProvisioningStatus s);
std::string_view destinationDeliveryStatusName(DestinationDeliveryStatus s);
std::string_view neStatusName(NeStatus s);
std::string_view taskReportTypeName(TaskReportType t);
std::string_view neIssueTypeName(NeIssueType t);

// Text forms of the TS 103 280 address types: dotted quad; eight groups of four lower-case
// hex digits (the only IPv6 form the schema accepts).
std::string formatIpv4(const Ipv4Address& a);
std::string formatIpv6(const Ipv6Address& a);
std::optional<Ipv4Address> parseIpv4(std::string_view s);
std::optional<Ipv6Address> parseIpv6(std::string_view s);  // the schema's full form only

}  // namespace msrpgw::proto::li::x1
