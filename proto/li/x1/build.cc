#include "proto/li/x1/build.h"

#include <type_traits>

namespace msrpgw::proto::li::x1 {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// Length of the valid XML character starting at s[i], or 0.
size_t xmlCharLength(std::string_view s, size_t i) {
  const auto c = static_cast<uint8_t>(s[i]);
  if (c < 0x80) return (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') ? 1 : 0;
  size_t n;
  uint32_t cp;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    cp = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (s.size() - i < n) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<uint8_t>(s[i + k]);
    if ((cc & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3f);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff))) return 0;
  if ((cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff) return 0;
  return n;
}

class Writer {
 public:
  void open(std::string_view name, std::string_view attrs = {}) {
    out_ += '<';
    out_ += name;
    if (!attrs.empty()) {
      out_ += ' ';
      out_ += attrs;
    }
    out_ += '>';
  }
  void close(std::string_view name) {
    out_ += "</";
    out_ += name;
    out_ += '>';
  }
  void leaf(std::string_view name, std::string_view text) {
    open(name);
    out_ += escapeXmlText(text);
    close(name);
  }
  void leaf(std::string_view name, int64_t v) { leaf(name, std::to_string(v)); }
  void raw(std::string_view s) { out_ += s; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

constexpr std::string_view kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

std::string rootAttrs() {
  std::string a = "xmlns=\"";
  a += kX1Namespace;
  a += "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:c=\"";
  a += kCommonNamespace;
  a += '"';
  return a;
}

std::string typeAttr(std::string_view type_name, std::string_view suffix) {
  std::string a = "xsi:type=\"";
  a += type_name;
  a += suffix;
  a += '"';
  return a;
}

void header(Writer& w, const MessageHeader& h, bool with_transaction = true) {
  w.leaf("admfIdentifier", h.admf_id);
  w.leaf("neIdentifier", h.ne_id);
  w.leaf("messageTimestamp", h.timestamp);
  w.leaf("version", h.version);
  if (with_transaction) w.leaf("x1TransactionId", formatUuid(h.transaction_id));
}

void ims3gppOpen(Writer& w, std::string_view name) {
  std::string attrs = "xmlns=\"";
  attrs += k3gppNamespace;
  attrs += '"';
  w.open(name, attrs);
}

void target(Writer& w, const TargetIdentifier& t) {
  if (std::holds_alternative<UnsupportedTarget>(t)) return;
  w.open("targetIdentifier");
  std::visit(
      Overloaded{
          [&](const SipUri& v) { w.leaf("sipUri", v.uri); },
          [&](const TelUri& v) { w.leaf("telUri", v.uri); },
          [&](const Impu& v) { w.leaf("impu", v.value); },
          [&](const Impi& v) { w.leaf("impi", v.value); },
          [&](const E164Number& v) { w.leaf("e164Number", v.digits); },
          [&](const Ipv4Address& v) { w.leaf("ipv4Address", formatIpv4(v)); },
          [&](const Ipv6Address& v) { w.leaf("ipv6Address", formatIpv6(v)); },
          [&](const TcpPort& v) { w.leaf("tcpPort", v.port); },
          [&](const TcpPortRange& v) {
            w.open("tcpPortRange");
            w.leaf("c:start", v.start);
            w.leaf("c:end", v.end);
            w.close("tcpPortRange");
          },
          [&](const TcpPortList& v) {
            w.open("tcpPortList");
            for (uint16_t p : v.ports) w.leaf("tcpPort", p);
            w.close("tcpPortList");
          },
          [&](const CallPartyRole& v) { w.leaf("callPartyRole", callPartyRoleName(v)); },
          [&](const NonLocalIdentifier& v) {
            w.leaf("nonLocalIdentifier", nonLocalIdentifierName(v));
          },
          [&](const ImsT3Extension& v) {
            w.open("targetIdentifierExtension");
            w.leaf("Owner", k3gppOwner);
            ims3gppOpen(w, "IMST3TargetIdentifierExtensions");
            for (const ImsT3Item& item : v.items) {
              w.open("IMST3TargetIdentifierExtension");
              std::visit(
                  Overloaded{
                      [&](const H248ContextId& c) { w.leaf("H248ContextID", c.value); },
                      [&](const PayloadDirectionAssignment& d) {
                        w.leaf("PayloadDirectionAssignment", payloadDirectionAssignmentName(d));
                      },
                      [&](const TriggerScope& s) { w.leaf("TriggerScope", triggerScopeName(s)); },
                  },
                  item);
              w.close("IMST3TargetIdentifierExtension");
            }
            w.close("IMST3TargetIdentifierExtensions");
            w.close("targetIdentifierExtension");
          },
          [&](const UnsupportedTarget&) {},
      },
      t);
  w.close("targetIdentifier");
}

void taskDetails(Writer& w, const TaskDetails& t) {
  w.open("taskDetails");
  w.leaf("xId", formatUuid(t.xid));
  w.open("targetIdentifiers");
  for (const auto& target_id : t.targets) target(w, target_id);
  w.close("targetIdentifiers");
  w.leaf("deliveryType", deliveryTypeName(t.delivery_type));
  w.open("listOfDIDs");
  for (const Uuid& d : t.dids) w.leaf("dId", formatUuid(d));
  for (const Uuid& d : t.destination_set_ids) w.leaf("dSId", formatUuid(d));
  w.close("listOfDIDs");
  if (t.correlation_id) w.leaf("correlationID", std::to_string(*t.correlation_id));
  if (t.implicit_deactivation_allowed) {
    w.leaf("implicitDeactivationAllowed", *t.implicit_deactivation_allowed ? "true" : "false");
  }
  if (t.product_id) w.leaf("productID", formatUuid(*t.product_id));
  if (!t.service_types.empty()) {
    w.open("listOfServiceTypes");
    for (ServiceType s : t.service_types) w.leaf("serviceType", serviceTypeName(s));
    w.close("listOfServiceTypes");
  }
  if (!t.sdp.empty()) {
    w.open("taskDetailsExtensions");
    w.leaf("Owner", k3gppOwner);
    ims3gppOpen(w, "X1Extensions");
    w.open("SDP");
    for (const SdpData& d : t.sdp) {
      w.open("SDPData");
      w.leaf(d.local ? "LocalSDP" : "RemoteSDP", d.sdp);
      w.close("SDPData");
    }
    w.close("SDP");
    w.close("X1Extensions");
    w.close("taskDetailsExtensions");
  }
  w.close("taskDetails");
}

void destinationDetails(Writer& w, const DestinationDetails& d) {
  w.open("destinationDetails");
  w.leaf("dId", formatUuid(d.did));
  if (d.friendly_name) w.leaf("friendlyName", *d.friendly_name);
  w.leaf("deliveryType", deliveryTypeName(d.delivery_type));
  w.open("deliveryAddress");
  std::visit(Overloaded{
                 [&](const IpAddressAndPort& a) {
                   w.open("ipAddressAndPort");
                   w.open("c:address");
                   if (const auto* v4 = std::get_if<Ipv4Address>(&a.address)) {
                     w.leaf("c:IPv4Address", formatIpv4(*v4));
                   } else {
                     w.leaf("c:IPv6Address", formatIpv6(std::get<Ipv6Address>(a.address)));
                   }
                   w.close("c:address");
                   w.open("c:port");
                   w.leaf(a.transport == Transport::kTcp ? "c:TCPPort" : "c:UDPPort", a.port);
                   w.close("c:port");
                   w.close("ipAddressAndPort");
                 },
                 [&](const E164Number& v) { w.leaf("e164Number", v.digits); },
                 [&](const DeliveryUri& v) { w.leaf("uri", v.uri); },
                 [&](const EmailAddress& v) { w.leaf("emailAddress", v.address); },
             },
             d.delivery_address);
  w.close("deliveryAddress");
  w.close("destinationDetails");
}

void faults(Writer& w, const std::vector<Fault>& list) {
  w.open("listOfFaults");
  for (const Fault& f : list) {
    w.open("unresolvedFault");
    w.leaf("errorCode", f.code);
    w.leaf("errorDescription", f.description);
    w.close("unresolvedFault");
  }
  w.close("listOfFaults");
}

void taskResponseDetails(Writer& w, const TaskResponseDetails& d) {
  w.open("taskResponseDetails");
  taskDetails(w, d.task);
  const TaskStatus& s = d.status;
  w.open("taskStatus");
  w.leaf("provisioningStatus", provisioningStatusName(s.provisioning));
  faults(w, s.faults);
  if (s.time_of_last_intercept) w.leaf("timeOfLastIntercept", *s.time_of_last_intercept);
  if (s.amount_of_x2_data) w.leaf("amountOfX2Data", *s.amount_of_x2_data);
  if (s.amount_of_x3_data) w.leaf("amountOfX3Data", *s.amount_of_x3_data);
  if (s.time_of_last_modification) w.leaf("timeOfLastModification", *s.time_of_last_modification);
  if (s.number_of_modifications) w.leaf("numberOfModifications", *s.number_of_modifications);
  w.close("taskStatus");
  w.close("taskResponseDetails");
}

void destinationResponseDetails(Writer& w, const DestinationResponseDetails& d) {
  w.open("destinationResponseDetails");
  destinationDetails(w, d.destination);
  w.open("destinationStatus");
  w.leaf("destinationDeliveryStatus", destinationDeliveryStatusName(d.status.delivery));
  faults(w, d.status.faults);
  w.close("destinationStatus");
  w.close("destinationResponseDetails");
}

void neStatusDetails(Writer& w, const NeStatusDetails& d) {
  w.open("neStatusDetails");
  w.leaf("neStatus", neStatusName(d.status));
  faults(w, d.faults);
  w.close("neStatusDetails");
}

void responseMessage(Writer& w, const Response& r) {
  std::visit(Overloaded{
                 [&](const OkResponse& b) {
                   w.open("x1ResponseMessage", typeAttr(requestTypeName(b.type), "Response"));
                   header(w, r.header);
                   w.leaf("oK", b.ok == Ok::kAcknowledgedAndCompleted ? "AcknowledgedAndCompleted"
                                                                      : "Acknowledged");
                 },
                 [&](const ErrorResponse& b) {
                   w.open("x1ResponseMessage", typeAttr("ErrorResponse", ""));
                   header(w, r.header);
                   w.leaf("requestMessageType", requestTypeName(b.type));
                   w.open("errorInformation");
                   w.leaf("errorCode", static_cast<int64_t>(b.code));
                   w.leaf("errorDescription", b.description);
                   w.close("errorInformation");
                 },
                 [&](const GetTaskDetailsResponse& b) {
                   w.open("x1ResponseMessage", typeAttr("GetTaskDetailsResponse", ""));
                   header(w, r.header);
                   taskResponseDetails(w, b.details);
                 },
                 [&](const GetDestinationDetailsResponse& b) {
                   w.open("x1ResponseMessage", typeAttr("GetDestinationDetailsResponse", ""));
                   header(w, r.header);
                   destinationResponseDetails(w, b.details);
                 },
                 [&](const GetNeStatusResponse& b) {
                   w.open("x1ResponseMessage", typeAttr("GetNEStatusResponse", ""));
                   header(w, r.header);
                   neStatusDetails(w, b.details);
                 },
                 [&](const GetAllDetailsResponse& b) {
                   w.open("x1ResponseMessage", typeAttr("GetAllDetailsResponse", ""));
                   header(w, r.header);
                   neStatusDetails(w, b.ne);
                   w.open("listOfTaskResponseDetails");
                   for (const auto& t : b.tasks) taskResponseDetails(w, t);
                   w.close("listOfTaskResponseDetails");
                   w.open("listOfDestinationResponseDetails");
                   for (const auto& d : b.destinations) destinationResponseDetails(w, d);
                   w.close("listOfDestinationResponseDetails");
                 },
                 [&](const GetAllTaskDetailsResponse& b) {
                   w.open("x1ResponseMessage", typeAttr("GetAllTaskDetailsResponse", ""));
                   header(w, r.header);
                   w.open("listOfTaskResponseDetails");
                   for (const auto& t : b.tasks) taskResponseDetails(w, t);
                   w.close("listOfTaskResponseDetails");
                 },
                 [&](const GetAllDestinationDetailsResponse& b) {
                   w.open("x1ResponseMessage", typeAttr("GetAllDestinationDetailsResponse", ""));
                   header(w, r.header);
                   w.open("listOfDestinationResponseDetails");
                   for (const auto& d : b.destinations) destinationResponseDetails(w, d);
                   w.close("listOfDestinationResponseDetails");
                 },
                 [&](const ListAllDetailsResponse& b) {
                   w.open("x1ResponseMessage", typeAttr("ListAllDetailsResponse", ""));
                   header(w, r.header);
                   w.open("ListOfXIDs");
                   for (const Uuid& x : b.xids) w.leaf("xId", formatUuid(x));
                   w.close("ListOfXIDs");
                   w.open("ListOfDIDs");
                   for (const Uuid& d : b.dids) w.leaf("dId", formatUuid(d));
                   w.close("ListOfDIDs");
                 },
             },
             r.body);
  w.close("x1ResponseMessage");
}

void requestMessage(Writer& w, const Request& r) {
  w.open("x1RequestMessage", typeAttr(requestTypeName(r.type), "Request"));
  header(w, r.header);
  switch (r.type) {
    case RequestType::kActivateTask:
    case RequestType::kModifyTask:
      if (r.task) taskDetails(w, *r.task);
      break;
    case RequestType::kCreateDestination:
    case RequestType::kModifyDestination:
      if (r.destination) destinationDetails(w, *r.destination);
      break;
    case RequestType::kDeactivateTask:
    case RequestType::kGetTaskDetails:
      if (r.xid) w.leaf("xId", formatUuid(*r.xid));
      break;
    case RequestType::kRemoveDestination:
    case RequestType::kGetDestinationDetails:
      if (r.did) w.leaf("dId", formatUuid(*r.did));
      break;
    case RequestType::kDeactivateAllTasks:
    case RequestType::kRemoveAllDestinations:
    case RequestType::kGetNEStatus:
    case RequestType::kGetAllDetails:
    case RequestType::kGetAllTaskDetails:
    case RequestType::kGetAllDestinationDetails:
    case RequestType::kListAllDetails:
    case RequestType::kPing:
    case RequestType::kKeepalive:
    case RequestType::kGetAllGenericObjectDetails:
    case RequestType::kDeleteAllObjects:
    case RequestType::kReportTaskIssue:
    case RequestType::kReportDestinationIssue:
    case RequestType::kReportNEIssue:
    case RequestType::kCreateObject:
    case RequestType::kModifyObject:
    case RequestType::kGetObject:
    case RequestType::kDeleteObject:
    case RequestType::kListObjectsOfType: break;
  }
  w.close("x1RequestMessage");
}

void reportMessage(Writer& w, const Report& r) {
  std::visit(Overloaded{
                 [&](const ReportTaskIssue& b) {
                   w.open("x1RequestMessage", typeAttr("ReportTaskIssueRequest", ""));
                   header(w, r.header);
                   w.leaf("xId", formatUuid(b.xid));
                   w.leaf("taskReportType", taskReportTypeName(b.report));
                   if (b.error_code) w.leaf("taskIssueErrorCode", *b.error_code);
                   if (b.details) w.leaf("taskIssueDetails", *b.details);
                 },
                 [&](const ReportDestinationIssue& b) {
                   w.open("x1RequestMessage", typeAttr("ReportDestinationIssueRequest", ""));
                   header(w, r.header);
                   w.leaf("dId", formatUuid(b.did));
                   w.leaf("destinationReportType", taskReportTypeName(b.report));
                   if (b.error_code) w.leaf("destinationIssueErrorCode", *b.error_code);
                   if (b.details) w.leaf("destinationIssueDetails", *b.details);
                 },
                 [&](const ReportNeIssue& b) {
                   w.open("x1RequestMessage", typeAttr("ReportNEIssueRequest", ""));
                   header(w, r.header);
                   w.leaf("typeOfNeIssueMessage", neIssueTypeName(b.type));
                   w.leaf("description", b.description);
                   if (b.issue_code) w.leaf("issueCode", *b.issue_code);
                 },
             },
             r.body);
  w.close("x1RequestMessage");
}

}  // namespace

std::string escapeXmlText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = xmlCharLength(s, i);
    if (n == 0) {
      out += '?';
      ++i;
      continue;
    }
    switch (s[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\r': out += "&#13;"; break;
      default: out.append(s.substr(i, n)); break;
    }
    i += n;
  }
  return out;
}

std::string buildResponse(const std::vector<Response>& messages) {
  Writer w;
  w.raw(kDeclaration);
  w.open("X1Response", rootAttrs());
  for (const Response& r : messages) responseMessage(w, r);
  w.close("X1Response");
  return w.take();
}

std::string buildTopLevelError(const MessageHeader& h) {
  Writer w;
  w.raw(kDeclaration);
  w.open("X1TopLevelErrorResponse", rootAttrs());
  header(w, h, false);
  w.close("X1TopLevelErrorResponse");
  return w.take();
}

std::string buildRequest(const std::vector<Request>& messages) {
  Writer w;
  w.raw(kDeclaration);
  w.open("X1Request", rootAttrs());
  for (const Request& r : messages) requestMessage(w, r);
  w.close("X1Request");
  return w.take();
}

std::string buildReports(const std::vector<Report>& messages) {
  Writer w;
  w.raw(kDeclaration);
  w.open("X1Request", rootAttrs());
  for (const Report& r : messages) reportMessage(w, r);
  w.close("X1Request");
  return w.take();
}

Response makeErrorResponse(const MessageHeader& request_header, RequestType type, Errc code,
                           std::string description, std::string timestamp) {
  Response r;
  r.header = request_header;
  r.header.timestamp = std::move(timestamp);
  r.header.version = std::string(kX1Version);
  r.body = ErrorResponse{type, code, std::move(description)};
  return r;
}

Response makeErrorResponse(const RejectedRequest& rejected, std::string timestamp) {
  return makeErrorResponse(rejected.header, rejected.type, rejected.code, rejected.reason,
                           std::move(timestamp));
}

}  // namespace msrpgw::proto::li::x1
