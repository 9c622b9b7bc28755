// Sample X1 model values shared by the X1 unit tests, the xmllint interop tests and the
// fuzz seed writer: every target identifier form, every delivery address form, every
// request and response the gateway handles. Also the reference's section 2.5 example and
// the path of the ETSI schema set beside the repository.
#pragma once

#include <string>
#include <vector>

#include "proto/li/x1/build.h"
#include "proto/li/x1/model.h"

namespace msrpgw::test::li {

namespace x1 = proto::li::x1;

inline std::string schemaDir() {
  return MSRPGW_SOURCE_DIR "/../shared/reference/li/xsd";
}
inline std::string etsiSchema() {
  return schemaDir() + "/X1All.xsd";
}
inline std::string threeGppSchema() {
  return schemaDir() + "/X1All-3GPP.xsd";
}

inline x1::Uuid uuid(const char* s) {
  return *x1::parseUuid(s);
}

// Reference li.md section 2.5, verbatim.
inline const std::string kReferenceRequest =
    R"(<X1Request xmlns="http://uri.etsi.org/03221/X1/2017/10"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:c="http://uri.etsi.org/03280/common/2017/07">
  <x1RequestMessage xsi:type="CreateDestinationRequest">
    <admfIdentifier>cctf-1</admfIdentifier><neIdentifier>msrp-gw-1</neIdentifier>
    <messageTimestamp>2025-01-01T12:00:00.000000Z</messageTimestamp>
    <version>v1.23.1</version>
    <x1TransactionId>c1b0d9a0-0000-4000-8000-000000000002</x1TransactionId>
    <destinationDetails>
      <dId>d1d1d1d1-0000-4000-8000-000000000001</dId>
      <deliveryType>X3Only</deliveryType>
      <deliveryAddress><ipAddressAndPort>
        <c:address><c:IPv4Address>192.0.2.50</c:IPv4Address></c:address>
        <c:port><c:TCPPort>42069</c:TCPPort></c:port>
      </ipAddressAndPort></deliveryAddress>
    </destinationDetails>
  </x1RequestMessage>
  <x1RequestMessage xsi:type="ActivateTaskRequest">
    <admfIdentifier>cctf-1</admfIdentifier><neIdentifier>msrp-gw-1</neIdentifier>
    <messageTimestamp>2025-01-01T12:00:00.000000Z</messageTimestamp>
    <version>v1.23.1</version>
    <x1TransactionId>c1b0d9a0-0000-4000-8000-000000000001</x1TransactionId>
    <taskDetails>
      <xId>12345678-1234-5678-1234-567812345678</xId>
      <targetIdentifiers><targetIdentifier><sipUri>sip:alice@ims.example</sipUri></targetIdentifier></targetIdentifiers>
      <deliveryType>X3Only</deliveryType>
      <listOfDIDs><dId>d1d1d1d1-0000-4000-8000-000000000001</dId></listOfDIDs>
      <correlationID>11259375</correlationID>
      <listOfServiceTypes><serviceType>messaging</serviceType></listOfServiceTypes>
    </taskDetails>
  </x1RequestMessage>
</X1Request>)";

inline x1::MessageHeader header(uint8_t n) {
  x1::MessageHeader h;
  h.admf_id = "cctf-1";
  h.ne_id = "msrp-gw-1";
  h.timestamp = "2025-01-01T12:00:00.000000Z";
  h.version = "v1.23.1";
  h.transaction_id = uuid("c1b0d9a0-0000-4000-8000-000000000000");
  h.transaction_id[15] = n;
  return h;
}

// Every target form the model knows, ETSI ones only (validates with X1All.xsd).
inline x1::TaskDetails etsiTask() {
  x1::TaskDetails t;
  t.xid = uuid("12345678-1234-5678-1234-567812345678");
  t.targets = {
      x1::SipUri{"sip:alice@ims.example"},
      x1::TelUri{"tel:+15551234"},
      x1::Impu{"sip:+15551234@ims.example;user=phone"},
      x1::Impi{"alice@ims.example"},
      x1::E164Number{"15551234"},
      proto::li::Ipv4Address{{192, 0, 2, 10}},
      proto::li::Ipv6Address{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd}},
      x1::TcpPort{2855},
      x1::TcpPortRange{40000, 40100},
      x1::TcpPortList{{2855, 2856}},
      x1::CallPartyRole::kForwardedTo,
      x1::NonLocalIdentifier::kNonLocal,
  };
  t.delivery_type = x1::DeliveryType::kX2andX3;
  t.dids = {uuid("d1d1d1d1-0000-4000-8000-000000000001"),
            uuid("d1d1d1d1-0000-4000-8000-000000000002")};
  t.correlation_id = 18446744073709551615u;
  t.implicit_deactivation_allowed = false;
  t.product_id = uuid("0a0b0c0d-0000-4000-8000-00000000abcd");
  t.service_types = {x1::ServiceType::kMessaging, x1::ServiceType::kRcs};
  return t;
}

// An LI_T3 trigger with the 3GPP IMS extension and SDP (validates with X1All-3GPP.xsd).
inline x1::TaskDetails t3Task() {
  x1::TaskDetails t;
  t.xid = uuid("22222222-1234-5678-1234-567812345678");
  t.targets = {x1::ImsT3Extension{{x1::H248ContextId{4294967293u},
                                   x1::PayloadDirectionAssignment::kFromTarget,
                                   x1::TriggerScope::kBidirectional}},
               x1::ImsT3Extension{{x1::H248ContextId{1}}}};
  t.delivery_type = x1::DeliveryType::kX3Only;
  t.dids = {uuid("d1d1d1d1-0000-4000-8000-000000000001")};
  t.correlation_id = 11259375;
  t.service_types = {x1::ServiceType::kMessaging};
  t.sdp = {
      {true,
       "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
       "m=message 2855 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
       "a=path:msrp://192.0.2.10:2855/s1;tcp\r\n"},
      {false, "v=0\r\nm=message 40001 TCP/MSRP *\r\na=path:msrp://198.51.100.20:40001/s2;tcp\r\n"}};
  return t;
}

inline std::vector<x1::DestinationDetails> destinations() {
  x1::DestinationDetails a;
  a.did = uuid("d1d1d1d1-0000-4000-8000-000000000001");
  a.friendly_name = "MDF3 <north> & co";
  a.delivery_type = x1::DeliveryType::kX3Only;
  a.delivery_address =
      x1::IpAddressAndPort{proto::li::Ipv4Address{{192, 0, 2, 50}}, x1::Transport::kTcp, 42069};
  x1::DestinationDetails b = a;
  b.did = uuid("d1d1d1d1-0000-4000-8000-000000000002");
  b.friendly_name.reset();
  b.delivery_type = x1::DeliveryType::kX2andX3;
  b.delivery_address = x1::IpAddressAndPort{
      proto::li::Ipv6Address{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x50}},
      x1::Transport::kUdp, 0};
  x1::DestinationDetails c = a;
  c.did = uuid("d1d1d1d1-0000-4000-8000-000000000003");
  c.delivery_address = x1::DeliveryUri{"https://mdf.example/x3"};
  x1::DestinationDetails d = a;
  d.did = uuid("d1d1d1d1-0000-4000-8000-000000000004");
  d.delivery_address = x1::E164Number{"15550000"};
  x1::DestinationDetails e = a;
  e.did = uuid("d1d1d1d1-0000-4000-8000-000000000005");
  e.delivery_address = x1::EmailAddress{"mdf@ims.example"};
  return {a, b, c, d, e};
}

// One request of each type the gateway serves (ETSI-only content).
inline std::vector<x1::Request> etsiRequests() {
  std::vector<x1::Request> out;
  uint8_t n = 1;
  auto add = [&](x1::RequestType t) -> x1::Request& {
    x1::Request r;
    r.header = header(n++);
    r.type = t;
    out.push_back(r);
    return out.back();
  };
  add(x1::RequestType::kActivateTask).task = etsiTask();
  x1::TaskDetails modified = etsiTask();
  modified.targets = {x1::SipUri{"sips:bob@ims.example"}};
  modified.correlation_id.reset();
  add(x1::RequestType::kModifyTask).task = modified;
  add(x1::RequestType::kDeactivateTask).xid = etsiTask().xid;
  add(x1::RequestType::kDeactivateAllTasks);
  add(x1::RequestType::kGetTaskDetails).xid = etsiTask().xid;
  for (const auto& d : destinations()) add(x1::RequestType::kCreateDestination).destination = d;
  add(x1::RequestType::kModifyDestination).destination = destinations()[1];
  add(x1::RequestType::kRemoveDestination).did = destinations()[0].did;
  add(x1::RequestType::kRemoveAllDestinations);
  add(x1::RequestType::kGetDestinationDetails).did = destinations()[0].did;
  add(x1::RequestType::kGetNEStatus);
  add(x1::RequestType::kGetAllDetails);
  add(x1::RequestType::kGetAllTaskDetails);
  add(x1::RequestType::kGetAllDestinationDetails);
  add(x1::RequestType::kListAllDetails);
  add(x1::RequestType::kPing);
  add(x1::RequestType::kKeepalive);
  return out;
}

inline std::vector<x1::Request> t3Requests() {
  x1::Request r;
  r.header = header(0x41);
  r.type = x1::RequestType::kActivateTask;
  r.task = t3Task();
  x1::Request m = r;
  m.header = header(0x42);
  m.type = x1::RequestType::kModifyTask;
  m.task->targets = {x1::ImsT3Extension{{x1::H248ContextId{77}}}};
  return {r, m};
}

inline x1::TaskStatus richStatus() {
  x1::TaskStatus s;
  s.provisioning = x1::ProvisioningStatus::kComplete;
  s.faults = {{3000, "X3 delivery lost 2 PDUs"}};
  s.time_of_last_intercept = "2025-01-01T12:00:01.250000Z";
  s.amount_of_x2_data = 0;
  s.amount_of_x3_data = 183;
  s.time_of_last_modification = "2025-01-01T12:00:00.500000+01:00";
  s.number_of_modifications = 1;
  return s;
}

// One response of each kind the gateway sends; `task` picks the TaskDetails inside.
inline std::vector<x1::Response> responses(const x1::TaskDetails& task) {
  std::vector<x1::Response> out;
  uint8_t n = 0x80;
  auto add = [&](x1::ResponseBody b) {
    x1::Response r;
    r.header = header(n++);
    r.header.timestamp = "2025-01-01T12:00:00.123456Z";
    r.body = std::move(b);
    out.push_back(std::move(r));
  };
  for (size_t i = 0; i < x1::kRequestTypeCount; ++i) {
    const auto t = static_cast<x1::RequestType>(i);
    if (!x1::isServed(t) || !x1::hasOkResponse(t)) continue;
    add(x1::OkResponse{t, x1::Ok::kAcknowledgedAndCompleted});
  }
  add(x1::OkResponse{x1::RequestType::kActivateTask, x1::Ok::kAcknowledged});
  add(x1::ErrorResponse{x1::RequestType::kActivateTask, proto::li::Errc::kXidExists,
                        "XID already exists"});
  add(x1::ErrorResponse{x1::RequestType::kCreateObject, proto::li::Errc::kUnsupportedRequest,
                        "Unsupported request"});
  const auto dests = destinations();
  add(x1::GetTaskDetailsResponse{{task, richStatus()}});
  add(x1::GetDestinationDetailsResponse{
      {dests[0], {x1::DestinationDeliveryStatus::kDeliveryFault, {{6000, "connect refused"}}}}});
  add(x1::GetNeStatusResponse{{x1::NeStatus::kOk, {}}});
  std::vector<x1::DestinationResponseDetails> all_dests;
  for (const auto& d : dests) all_dests.push_back({d, {}});
  add(x1::GetAllDetailsResponse{{x1::NeStatus::kFaults, {{1000, "X3 link down"}}},
                                {{task, richStatus()}, {task, x1::TaskStatus{}}},
                                all_dests});
  add(x1::GetAllDetailsResponse{});
  add(x1::GetAllTaskDetailsResponse{{{task, richStatus()}}});
  add(x1::GetAllTaskDetailsResponse{});
  add(x1::GetAllDestinationDetailsResponse{all_dests});
  add(x1::ListAllDetailsResponse{{task.xid}, {dests[0].did, dests[1].did}});
  add(x1::ListAllDetailsResponse{});
  return out;
}

inline std::vector<x1::Report> reports() {
  std::vector<x1::Report> out;
  x1::Report a{header(0x90), x1::ReportTaskIssue{etsiTask().xid, x1::TaskReportType::kWarning, 3000,
                                                 "2 X3 PDUs dropped: buffer full"}};
  x1::Report b{header(0x91), x1::ReportDestinationIssue{destinations()[0].did,
                                                        x1::TaskReportType::kNonTerminatingFault,
                                                        std::nullopt, std::nullopt}};
  x1::Report c{header(0x92),
               x1::ReportNeIssue{x1::NeIssueType::kFaultReport, "X3 delivery backlog", 1000}};
  out = {a, b, c};
  return out;
}

}  // namespace msrpgw::test::li
