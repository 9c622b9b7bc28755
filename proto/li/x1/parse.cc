#include "proto/li/x1/parse.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <map>
#include <mutex>

namespace msrpgw::proto::li::x1 {
namespace {

constexpr std::string_view kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

#if LIBXML_VERSION >= 21200
using ErrorArg = const xmlError*;
#else
using ErrorArg = xmlErrorPtr;
#endif

void initLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

std::string trimmed(const char* msg) {
  std::string s = msg ? msg : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string describeXmlError(ErrorArg e) {
  if (e == nullptr) return "unknown XML error";
  std::string s;
  if (e->line > 0) s = "line " + std::to_string(e->line) + ": ";
  return s + trimmed(e->message);
}

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

DocPtr readDoc(std::string_view xml, std::string& why) {
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == nullptr) {
    why = "out of memory";
    return nullptr;
  }
  xmlDocPtr doc =
      xmlCtxtReadMemory(ctxt, xml.data(), static_cast<int>(xml.size()), "x1.xml", nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr || !ctxt->wellFormed) {
    why = describeXmlError(xmlCtxtGetLastError(ctxt));
    if (doc) xmlFreeDoc(doc);
    doc = nullptr;
  }
  xmlFreeParserCtxt(ctxt);
  return DocPtr(doc);
}

struct ValidationError {
  xmlNode* node;
  std::string text;
};

void collectError(void* user, ErrorArg e) {
  auto* list = static_cast<std::vector<ValidationError>*>(user);
  if (list->size() >= 64) return;
  list->push_back({e ? static_cast<xmlNode*>(e->node) : nullptr, describeXmlError(e)});
}

// Returns -1 on internal failure, else the number of errors collected (0: valid).
int validateDoc(const SchemaSet& s, xmlDoc* doc, std::vector<ValidationError>& errors) {
  xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(s.schema());
  if (v == nullptr) return -1;
  xmlSchemaSetValidStructuredErrors(v, collectError, &errors);
  const int rc = xmlSchemaValidateDoc(v, doc);
  xmlSchemaFreeValidCtxt(v);
  if (rc < 0) return -1;
  if (rc > 0 && errors.empty()) errors.push_back({nullptr, "schema validation failed"});
  return static_cast<int>(errors.size());
}

// ---- DOM helpers -------------------------------------------------------------------------

std::string_view nameOf(const xmlNode* n) {
  return reinterpret_cast<const char*>(n->name);
}
std::string_view nsOf(const xmlNode* n) {
  return n->ns && n->ns->href ? std::string_view(reinterpret_cast<const char*>(n->ns->href))
                              : std::string_view();
}
bool is(const xmlNode* n, std::string_view ns, std::string_view name) {
  return n && n->type == XML_ELEMENT_NODE && nsOf(n) == ns && nameOf(n) == name;
}

template <class Fn>
void forEachElement(xmlNode* parent, Fn&& fn) {
  for (xmlNode* c = parent ? parent->children : nullptr; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) fn(c);
  }
}

xmlNode* child(xmlNode* parent, std::string_view name, std::string_view ns = kX1Namespace) {
  for (xmlNode* c = parent ? parent->children : nullptr; c; c = c->next) {
    if (is(c, ns, name)) return c;
  }
  return nullptr;
}

xmlNode* firstElement(xmlNode* parent) {
  for (xmlNode* c = parent ? parent->children : nullptr; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) return c;
  }
  return nullptr;
}

std::string content(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return s;
}

// xs:token value: whitespace collapsed.
std::string token(const xmlNode* n) {
  const std::string raw = content(n);
  std::string out;
  bool space = false;
  for (char c : raw) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string qualified(const xmlNode* n) {
  return "{" + std::string(nsOf(n)) + "}" + std::string(nameOf(n));
}

// ---- message reader ----------------------------------------------------------------------

class Reader {
 public:
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  bool fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
    return false;
  }

  xmlNode* need(xmlNode* parent, std::string_view name, std::string_view ns = kX1Namespace) {
    xmlNode* n = child(parent, name, ns);
    if (!n)
      fail("missing element " + std::string(name) + " in " +
           std::string(parent ? nameOf(parent) : "?"));
    return n;
  }

  std::optional<Uuid> uuid(xmlNode* n) {
    if (!n) return std::nullopt;
    auto u = parseUuid(token(n));
    if (!u) fail(std::string(nameOf(n)) + " is not a lower-case UUID");
    return u;
  }

  std::optional<uint64_t> unsignedValue(xmlNode* n, uint64_t max) {
    if (!n) return std::nullopt;
    std::string t = token(n);
    std::string_view v = t;
    if (!v.empty() && v.front() == '+') v.remove_prefix(1);
    if (v.empty()) {
      fail(std::string(nameOf(n)) + " is not a non-negative integer");
      return std::nullopt;
    }
    uint64_t x = 0;
    for (char c : v) {
      if (c < '0' || c > '9') {
        fail(std::string(nameOf(n)) + " is not a non-negative integer");
        return std::nullopt;
      }
      const auto d = static_cast<uint64_t>(c - '0');
      if (x > (max - d) / 10) {
        fail(std::string(nameOf(n)) + " is out of range");
        return std::nullopt;
      }
      x = x * 10 + d;
    }
    return x;
  }

  std::optional<uint16_t> port(xmlNode* n, uint16_t min) {
    auto v = unsignedValue(n, 65535);
    if (v && *v < min) {
      fail(std::string(nameOf(n)) + " is out of range");
      return std::nullopt;
    }
    return v ? std::optional<uint16_t>(static_cast<uint16_t>(*v)) : std::nullopt;
  }

  std::string text(xmlNode* n) {
    std::string t = token(n);
    if (t.empty()) fail(std::string(nameOf(n)) + " is empty");
    return t;
  }

  template <class E, size_t N>
  std::optional<E> enumValue(xmlNode* n,
                             const std::array<std::pair<std::string_view, E>, N>& table) {
    if (!n) return std::nullopt;
    const std::string t = token(n);
    for (const auto& [name, value] : table) {
      if (t == name) return value;
    }
    fail(std::string(nameOf(n)) + " has an unknown value");
    return std::nullopt;
  }

 private:
  std::string error_;
};

constexpr std::array<std::pair<std::string_view, DeliveryType>, 3> kDeliveryTypes = {{
    {"X2Only", DeliveryType::kX2Only},
    {"X3Only", DeliveryType::kX3Only},
    {"X2andX3", DeliveryType::kX2andX3},
}};
constexpr std::array<std::pair<std::string_view, ServiceType>, 6> kServiceTypes = {{
    {"voice", ServiceType::kVoice},
    {"data", ServiceType::kData},
    {"messaging", ServiceType::kMessaging},
    {"pushToTalk", ServiceType::kPushToTalk},
    {"LALS", ServiceType::kLals},
    {"RCS", ServiceType::kRcs},
}};
constexpr std::array<std::pair<std::string_view, CallPartyRole>, 3> kCallPartyRoles = {{
    {"Originating", CallPartyRole::kOriginating},
    {"Terminating", CallPartyRole::kTerminating},
    {"Forwarded-To", CallPartyRole::kForwardedTo},
}};
constexpr std::array<std::pair<std::string_view, NonLocalIdentifier>, 2> kNonLocal = {{
    {"Local", NonLocalIdentifier::kLocal},
    {"NonLocal", NonLocalIdentifier::kNonLocal},
}};
constexpr std::array<std::pair<std::string_view, PayloadDirectionAssignment>, 3> kDirections = {{
    {"ToTarget", PayloadDirectionAssignment::kToTarget},
    {"FromTarget", PayloadDirectionAssignment::kFromTarget},
    {"NotDetermined", PayloadDirectionAssignment::kNotDetermined},
}};
constexpr std::array<std::pair<std::string_view, TriggerScope>, 2> kScopes = {{
    {"Unidirectional", TriggerScope::kUnidirectional},
    {"Bidirectional", TriggerScope::kBidirectional},
}};
constexpr std::array<std::pair<std::string_view, bool>, 4> kBooleans = {{
    {"true", true},
    {"false", false},
    {"1", true},
    {"0", false},
}};

std::optional<ImsT3Extension> imsT3(Reader& r, xmlNode* list) {
  ImsT3Extension ext;
  forEachElement(list, [&](xmlNode* item) {
    if (!is(item, k3gppNamespace, "IMST3TargetIdentifierExtension")) {
      r.fail("unexpected " + qualified(item) + " in IMST3TargetIdentifierExtensions");
      return;
    }
    xmlNode* c = firstElement(item);
    if (is(c, k3gppNamespace, "H248ContextID")) {
      auto v = r.unsignedValue(c, 4294967293u);
      if (v && *v == 0) r.fail("H248ContextID is out of range");
      if (v && *v != 0) ext.items.emplace_back(H248ContextId{static_cast<uint32_t>(*v)});
    } else if (is(c, k3gppNamespace, "PayloadDirectionAssignment")) {
      if (auto d = r.enumValue(c, kDirections)) ext.items.emplace_back(*d);
    } else if (is(c, k3gppNamespace, "TriggerScope")) {
      if (auto s = r.enumValue(c, kScopes)) ext.items.emplace_back(*s);
    } else {
      r.fail("empty or unknown IMST3TargetIdentifierExtension");
    }
  });
  if (ext.items.empty()) r.fail("IMST3TargetIdentifierExtensions without an entry");
  if (!r.ok()) return std::nullopt;
  return ext;
}

std::optional<TargetIdentifier> targetIdentifier(Reader& r, xmlNode* t) {
  xmlNode* c = firstElement(t);
  if (!c) {
    r.fail("empty targetIdentifier");
    return std::nullopt;
  }
  if (nsOf(c) != kX1Namespace) return UnsupportedTarget{qualified(c)};
  const std::string_view name = nameOf(c);
  if (name == "sipUri") return SipUri{r.text(c)};
  if (name == "telUri") return TelUri{r.text(c)};
  if (name == "impu") return Impu{r.text(c)};
  if (name == "impi") return Impi{r.text(c)};
  if (name == "e164Number") return E164Number{r.text(c)};
  if (name == "ipv4Address") {
    if (auto a = parseIpv4(token(c))) return *a;
    r.fail("ipv4Address is not a dotted quad");
    return std::nullopt;
  }
  if (name == "ipv6Address") {
    if (auto a = parseIpv6(token(c))) return *a;
    r.fail("ipv6Address is not eight groups of four lower-case hex digits");
    return std::nullopt;
  }
  if (name == "tcpPort") {
    if (auto p = r.port(c, 2)) return TcpPort{*p};
    return std::nullopt;
  }
  if (name == "tcpPortRange") {
    auto a = r.port(r.need(c, "start", kCommonNamespace), 2);
    auto b = r.port(r.need(c, "end", kCommonNamespace), 2);
    if (a && b) return TcpPortRange{*a, *b};
    return std::nullopt;
  }
  if (name == "tcpPortList") {
    TcpPortList list;
    forEachElement(c, [&](xmlNode* p) {
      if (!is(p, kX1Namespace, "tcpPort")) {
        r.fail("unexpected " + qualified(p) + " in tcpPortList");
      } else if (auto v = r.port(p, 2)) {
        list.ports.push_back(*v);
      }
    });
    if (list.ports.empty()) r.fail("empty tcpPortList");
    if (!r.ok()) return std::nullopt;
    return list;
  }
  if (name == "callPartyRole") {
    if (auto v = r.enumValue(c, kCallPartyRoles)) return *v;
    return std::nullopt;
  }
  if (name == "nonLocalIdentifier") {
    if (auto v = r.enumValue(c, kNonLocal)) return *v;
    return std::nullopt;
  }
  if (name == "targetIdentifierExtension") {
    r.need(c, "Owner");
    xmlNode* payload = nullptr;
    forEachElement(c, [&](xmlNode* e) {
      if (!is(e, kX1Namespace, "Owner") && !payload) payload = e;
    });
    if (is(payload, k3gppNamespace, "IMST3TargetIdentifierExtensions")) {
      if (auto ext = imsT3(r, payload)) return *ext;
      return std::nullopt;
    }
    return UnsupportedTarget{payload ? "targetIdentifierExtension " + qualified(payload)
                                     : std::string("targetIdentifierExtension")};
  }
  return UnsupportedTarget{std::string(name)};
}

void taskExtensions(Reader& r, xmlNode* ext, TaskDetails& t) {
  forEachElement(ext, [&](xmlNode* e) {
    if (is(e, kX1Namespace, "Owner")) return;
    if (!is(e, k3gppNamespace, "X1Extensions")) {
      t.unsupported_extensions.push_back(qualified(e));
      return;
    }
    xmlNode* choice = firstElement(e);
    if (!is(choice, k3gppNamespace, "SDP")) {
      t.unsupported_extensions.push_back(qualified(e) + "/" +
                                         (choice ? std::string(nameOf(choice)) : ""));
      return;
    }
    forEachElement(choice, [&](xmlNode* d) {
      xmlNode* sdp = firstElement(d);
      if (!is(d, k3gppNamespace, "SDPData") ||
          !(is(sdp, k3gppNamespace, "LocalSDP") || is(sdp, k3gppNamespace, "RemoteSDP"))) {
        r.fail("SDP holds something other than SDPData with LocalSDP or RemoteSDP");
        return;
      }
      t.sdp.push_back({nameOf(sdp) == "LocalSDP", content(sdp)});
    });
  });
}

std::optional<TaskDetails> taskDetails(Reader& r, xmlNode* n) {
  if (!n) return std::nullopt;
  TaskDetails t;
  if (auto x = r.uuid(r.need(n, "xId"))) t.xid = *x;
  if (xmlNode* list = r.need(n, "targetIdentifiers")) {
    forEachElement(list, [&](xmlNode* ti) {
      if (!is(ti, kX1Namespace, "targetIdentifier")) {
        r.fail("unexpected " + qualified(ti) + " in targetIdentifiers");
      } else if (auto v = targetIdentifier(r, ti)) {
        t.targets.push_back(std::move(*v));
      }
    });
    if (t.targets.empty()) r.fail("targetIdentifiers without a targetIdentifier");
  }
  if (auto d = r.enumValue(r.need(n, "deliveryType"), kDeliveryTypes)) t.delivery_type = *d;
  if (xmlNode* list = r.need(n, "listOfDIDs")) {
    forEachElement(list, [&](xmlNode* d) {
      if (is(d, kX1Namespace, "dId")) {
        if (auto u = r.uuid(d)) t.dids.push_back(*u);
      } else if (is(d, kX1Namespace, "dSId")) {
        if (auto u = r.uuid(d)) t.destination_set_ids.push_back(*u);
      } else {
        r.fail("unexpected " + qualified(d) + " in listOfDIDs");
      }
    });
  }
  t.has_mediation_details = child(n, "listOfMediationDetails") != nullptr;
  if (xmlNode* c = child(n, "correlationID")) t.correlation_id = r.unsignedValue(c, UINT64_MAX);
  if (xmlNode* c = child(n, "implicitDeactivationAllowed")) {
    t.implicit_deactivation_allowed = r.enumValue(c, kBooleans);
  }
  if (xmlNode* c = child(n, "productID")) t.product_id = r.uuid(c);
  if (xmlNode* c = child(n, "listOfServiceTypes")) {
    forEachElement(c, [&](xmlNode* s) {
      if (auto v = r.enumValue(s, kServiceTypes)) t.service_types.push_back(*v);
    });
  }
  forEachElement(n, [&](xmlNode* e) {
    if (is(e, kX1Namespace, "taskDetailsExtensions")) taskExtensions(r, e, t);
  });
  t.has_policy_references = child(n, "listOfTrafficPolicyReferences") != nullptr ||
                            child(n, "listOfIRIPolicyReferences") != nullptr;
  if (!r.ok()) return std::nullopt;
  return t;
}

std::optional<DestinationDetails> destinationDetails(Reader& r, xmlNode* n) {
  if (!n) return std::nullopt;
  DestinationDetails d;
  if (auto u = r.uuid(r.need(n, "dId"))) d.did = *u;
  if (xmlNode* f = child(n, "friendlyName")) d.friendly_name = content(f);
  if (auto t = r.enumValue(r.need(n, "deliveryType"), kDeliveryTypes)) d.delivery_type = *t;
  if (xmlNode* a = r.need(n, "deliveryAddress")) {
    xmlNode* c = firstElement(a);
    if (is(c, kX1Namespace, "ipAddressAndPort")) {
      IpAddressAndPort ap;
      xmlNode* addr = firstElement(r.need(c, "address", kCommonNamespace));
      if (is(addr, kCommonNamespace, "IPv4Address")) {
        if (auto v = parseIpv4(token(addr)))
          ap.address = *v;
        else
          r.fail("IPv4Address is not a dotted quad");
      } else if (is(addr, kCommonNamespace, "IPv6Address")) {
        if (auto v = parseIpv6(token(addr)))
          ap.address = *v;
        else
          r.fail("IPv6Address is not eight groups of four lower-case hex digits");
      } else {
        r.fail("address holds neither IPv4Address nor IPv6Address");
      }
      xmlNode* port = firstElement(r.need(c, "port", kCommonNamespace));
      if (is(port, kCommonNamespace, "TCPPort")) {
        if (auto p = r.port(port, 2)) ap.port = *p;
        ap.transport = Transport::kTcp;
      } else if (is(port, kCommonNamespace, "UDPPort")) {
        if (auto p = r.port(port, 0)) ap.port = *p;
        ap.transport = Transport::kUdp;
      } else {
        r.fail("port holds neither TCPPort nor UDPPort");
      }
      d.delivery_address = ap;
    } else if (is(c, kX1Namespace, "e164Number")) {
      d.delivery_address = E164Number{r.text(c)};
    } else if (is(c, kX1Namespace, "uri")) {
      d.delivery_address = DeliveryUri{r.text(c)};
    } else if (is(c, kX1Namespace, "emailAddress")) {
      d.delivery_address = EmailAddress{r.text(c)};
    } else {
      r.fail("deliveryAddress holds no known address form");
    }
  }
  forEachElement(n, [&](xmlNode* e) {
    if (!is(e, kX1Namespace, "destinationDetailsExtensions")) return;
    forEachElement(e, [&](xmlNode* x) {
      if (!is(x, kX1Namespace, "Owner")) d.unsupported_extensions.push_back(qualified(x));
    });
  });
  if (!r.ok()) return std::nullopt;
  return d;
}

// The message's type from xsi:type ("ActivateTaskRequest" in the X1 namespace).
std::optional<RequestType> messageType(xmlDoc* doc, xmlNode* m) {
  xmlChar* v = xmlGetNsProp(m, BAD_CAST "type", BAD_CAST kXsiNamespace.data());
  if (!v) return std::nullopt;
  std::string qname = reinterpret_cast<const char*>(v);
  xmlFree(v);
  while (!qname.empty() && (qname.back() == ' ' || qname.back() == '\n' || qname.back() == '\t'))
    qname.pop_back();
  while (!qname.empty() && (qname.front() == ' ' || qname.front() == '\n' || qname.front() == '\t'))
    qname.erase(0, 1);
  std::string prefix;
  std::string local = qname;
  if (const size_t colon = qname.find(':'); colon != std::string::npos) {
    prefix = qname.substr(0, colon);
    local = qname.substr(colon + 1);
  }
  xmlNs* ns = xmlSearchNs(doc, m, prefix.empty() ? nullptr : BAD_CAST prefix.c_str());
  if (!ns || !ns->href ||
      std::string_view(reinterpret_cast<const char*>(ns->href)) != kX1Namespace) {
    return std::nullopt;
  }
  constexpr std::string_view kSuffix = "Request";
  if (local.size() <= kSuffix.size() ||
      local.compare(local.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
    return std::nullopt;
  }
  return requestTypeFromName(std::string_view(local).substr(0, local.size() - kSuffix.size()));
}

// Header fields, leniently (for error responses too). Returns false without a usable
// transaction id.
bool readHeader(xmlNode* m, MessageHeader& h) {
  if (xmlNode* n = child(m, "admfIdentifier")) h.admf_id = token(n);
  if (xmlNode* n = child(m, "neIdentifier")) h.ne_id = token(n);
  if (xmlNode* n = child(m, "messageTimestamp")) h.timestamp = token(n);
  if (xmlNode* n = child(m, "version")) h.version = token(n);
  xmlNode* t = child(m, "x1TransactionId");
  auto u = t ? parseUuid(token(t)) : std::nullopt;
  if (!u) return false;
  h.transaction_id = *u;
  return true;
}

Request readBody(Reader& r, xmlNode* m, RequestType type, const MessageHeader& h) {
  Request q;
  q.header = h;
  q.type = type;
  if (h.admf_id.empty()) r.need(m, "admfIdentifier");
  if (h.ne_id.empty()) r.need(m, "neIdentifier");
  if (h.timestamp.empty()) r.fail("missing or empty messageTimestamp");
  if (h.version.empty()) r.fail("missing or empty version");
  switch (type) {
    case RequestType::kActivateTask:
    case RequestType::kModifyTask: q.task = taskDetails(r, r.need(m, "taskDetails")); break;
    case RequestType::kCreateDestination:
    case RequestType::kModifyDestination:
      q.destination = destinationDetails(r, r.need(m, "destinationDetails"));
      break;
    case RequestType::kDeactivateTask:
    case RequestType::kGetTaskDetails: q.xid = r.uuid(r.need(m, "xId")); break;
    case RequestType::kRemoveDestination:
    case RequestType::kGetDestinationDetails: q.did = r.uuid(r.need(m, "dId")); break;
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
    case RequestType::kReportTaskIssue:
    case RequestType::kReportDestinationIssue:
    case RequestType::kReportNEIssue:
    case RequestType::kCreateObject:
    case RequestType::kModifyObject:
    case RequestType::kGetObject:
    case RequestType::kDeleteObject:
    case RequestType::kListObjectsOfType:
    case RequestType::kDeleteAllObjects: break;
  }
  return q;
}

Error topLevel(const char* reason, std::string* detail, std::string text) {
  if (detail) *detail = std::move(text);
  return makeError(Errc::kSyntaxError, reason);
}

void ignoreGenericError(void*, const char*, ...) {}

// Routes libxml2's generic (unstructured) messages, such as "I/O warning: failed to load
// external entity", away from stderr for the lifetime of the guard (this thread only).
class QuietGenericErrors {
 public:
  QuietGenericErrors() : saved_(xmlGenericError), saved_ctx_(xmlGenericErrorContext) {
    xmlSetGenericErrorFunc(nullptr, ignoreGenericError);
  }
  ~QuietGenericErrors() { xmlSetGenericErrorFunc(saved_ctx_, saved_); }

 private:
  xmlGenericErrorFunc saved_;
  void* saved_ctx_;
};

}  // namespace

Result<std::unique_ptr<SchemaSet>> SchemaSet::load(const std::string& xsd_path,
                                                   std::string* detail) {
  initLibxml();
  QuietGenericErrors quiet;
  std::vector<ValidationError> errors;
  xmlSchemaParserCtxtPtr p = xmlSchemaNewParserCtxt(xsd_path.c_str());
  if (p == nullptr) {
    if (detail) *detail = xsd_path;
    return makeError(Errc::kGenericError, "cannot read the X1 schema");
  }
  xmlSchemaSetParserStructuredErrors(p, collectError, &errors);
  xmlSchemaPtr s = xmlSchemaParse(p);
  xmlSchemaFreeParserCtxt(p);
  if (s == nullptr) {
    if (detail) *detail = errors.empty() ? xsd_path : errors.front().text;
    return makeError(Errc::kGenericError, "cannot compile the X1 schema");
  }
  return std::unique_ptr<SchemaSet>(new SchemaSet(s));
}

SchemaSet::~SchemaSet() {
  xmlSchemaFree(schema_);
}

std::string SchemaSet::validate(std::string_view xml) const {
  std::string why;
  DocPtr doc = readDoc(xml, why);
  if (!doc) return why.empty() ? "not well-formed" : why;
  std::vector<ValidationError> errors;
  const int n = validateDoc(*this, doc.get(), errors);
  if (n < 0) return "schema validation could not run";
  return n == 0 ? std::string() : errors.front().text;
}

Result<std::vector<RequestMessage>> parseRequest(std::string_view xml, const SchemaSet* schema,
                                                 std::string* detail, const ParseLimits& limits) {
  initLibxml();
  if (xml.empty() || xml.size() > limits.max_bytes || xml.size() > INT32_MAX) {
    return topLevel("empty or oversized X1 document", detail,
                    std::to_string(xml.size()) + " octets");
  }
  std::string why;
  DocPtr doc = readDoc(xml, why);
  if (!doc) return topLevel("X1 document is not well-formed XML", detail, why);
  if (doc->intSubset || doc->extSubset) {
    return topLevel("X1 document has a DTD", detail, "DOCTYPE not allowed");
  }
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!is(root, kX1Namespace, "X1Request")) {
    return topLevel("root element is not X1Request", detail,
                    root ? qualified(root) : std::string("no root element"));
  }
  std::vector<xmlNode*> messages;
  bool stray = false;
  forEachElement(root, [&](xmlNode* m) {
    if (is(m, kX1Namespace, "x1RequestMessage"))
      messages.push_back(m);
    else
      stray = true;
  });
  if (messages.empty()) return topLevel("X1Request holds no x1RequestMessage", detail, "");
  if (messages.size() > limits.max_messages) {
    return topLevel("too many messages in one X1Request", detail, std::to_string(messages.size()));
  }
  std::map<xmlNode*, std::string> schema_errors;  // first error per message
  if (schema) {
    std::vector<ValidationError> errors;
    if (validateDoc(*schema, doc.get(), errors) < 0) {
      return topLevel("X1 schema validation could not run", detail, "");
    }
    for (const ValidationError& e : errors) {
      xmlNode* n = e.node;
      while (n && n->parent != root) n = n->parent;
      if (!n || !is(n, kX1Namespace, "x1RequestMessage")) {
        return topLevel("X1 document is not schema-valid", detail, e.text);
      }
      schema_errors.emplace(n, e.text);
    }
  } else if (stray) {
    return topLevel("unexpected element in X1Request", detail, "");
  }

  std::vector<RequestMessage> out;
  out.reserve(messages.size());
  for (xmlNode* m : messages) {
    const std::optional<RequestType> type = messageType(doc.get(), m);
    MessageHeader h;
    h.version.clear();
    const bool have_tid = readHeader(m, h);
    if (!type || !have_tid) {
      auto it = schema_errors.find(m);
      return topLevel("X1 message without a readable type or x1TransactionId", detail,
                      it != schema_errors.end() ? it->second
                      : type                    ? "x1TransactionId missing or not a lower-case UUID"
                                                : "xsi:type is not an X1 request type");
    }
    if (auto it = schema_errors.find(m); it != schema_errors.end()) {
      out.emplace_back(RejectedRequest{h, *type, Errc::kSyntaxError, it->second});
      continue;
    }
    Reader r;
    Request q = readBody(r, m, *type, h);
    if (!r.ok()) {
      out.emplace_back(RejectedRequest{h, *type, Errc::kSyntaxError, r.error()});
    } else {
      out.emplace_back(std::move(q));
    }
  }
  return out;
}

}  // namespace msrpgw::proto::li::x1
