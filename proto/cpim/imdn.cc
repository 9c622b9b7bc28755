#include "proto/cpim/imdn.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <array>
#include <memory>

#include "proto/base/bytes.h"
#include "proto/cpim/errc.h"

namespace msrpgw::proto::cpim {
namespace {

constexpr std::array<const char*, 7> kStatusNames = {"delivered", "failed",    "forbidden", "error",
                                                     "displayed", "processed", "stored"};

const char* notificationName(NotificationType t) {
  switch (t) {
    case NotificationType::kDelivery: return "delivery-notification";
    case NotificationType::kDisplay: return "display-notification";
    case NotificationType::kProcessing: return "processing-notification";
  }
  return "delivery-notification";
}

// libxml2 must be initialised once before threads use it; a function-local static makes
// the first call do it exactly once.
void ensureLibxml() {
  static const bool done = [] {
    xmlInitParser();
    return true;
  }();
  (void)done;
}

const xmlChar* x(const char* s) {
  return reinterpret_cast<const xmlChar*>(s);
}

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

bool inImdnNs(const xmlNode* n) {
  return n->type == XML_ELEMENT_NODE && n->ns != nullptr && n->ns->href != nullptr &&
         std::string_view(reinterpret_cast<const char*>(n->ns->href)) == kImdnXmlNamespace;
}

bool named(const xmlNode* n, const char* name) {
  return inImdnNs(n) && xmlStrcmp(n->name, x(name)) == 0;
}

std::string text(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  if (c == nullptr) return {};
  std::string_view v(reinterpret_cast<const char*>(c));
  constexpr std::string_view kXmlSpace = " \t\r\n";
  size_t first = v.find_first_not_of(kXmlSpace);
  std::string s = first == std::string_view::npos
                      ? std::string()
                      : std::string(v.substr(first, v.find_last_not_of(kXmlSpace) - first + 1));
  xmlFree(c);
  return s;
}

}  // namespace

bool statusAllowed(NotificationType type, ImdnStatus status) {
  switch (status) {
    case ImdnStatus::kForbidden:
    case ImdnStatus::kError: return true;
    case ImdnStatus::kDelivered:
    case ImdnStatus::kFailed: return type == NotificationType::kDelivery;
    case ImdnStatus::kDisplayed: return type == NotificationType::kDisplay;
    case ImdnStatus::kProcessed:
    case ImdnStatus::kStored: return type == NotificationType::kProcessing;
  }
  return false;
}

const char* statusName(ImdnStatus s) {
  return kStatusNames[static_cast<size_t>(s)];
}

Result<std::string> buildImdn(const Notification& n) {
  ensureLibxml();
  if (n.message_id.empty() || n.datetime.empty()) {
    return error(Errc::kMissingElement, "IMDN needs message-id and datetime");
  }
  if (n.recipient_uri.has_value() != n.original_recipient_uri.has_value()) {
    return error(Errc::kMissingElement, "recipient-uri and original-recipient-uri go together");
  }
  if (n.subject && !n.recipient_uri) {
    return error(Errc::kMissingElement, "subject needs recipient-uri (RFC 5438 schema)");
  }
  if (!statusAllowed(n.type, n.status))
    return error(Errc::kBadStatus, "status not allowed for this notification");
  for (const std::string* v : {&n.message_id, &n.datetime}) {
    if (xmlCheckUTF8(x(v->c_str())) == 0 || v->find('\0') != std::string::npos) {
      return error(Errc::kBadHeaderValue, "IMDN value is not UTF-8");
    }
  }
  for (const auto* v : {&n.recipient_uri, &n.original_recipient_uri, &n.subject}) {
    if (*v && (xmlCheckUTF8(x((*v)->c_str())) == 0 || (*v)->find('\0') != std::string::npos)) {
      return error(Errc::kBadHeaderValue, "IMDN value is not UTF-8");
    }
  }
  DocPtr doc(xmlNewDoc(x("1.0")));
  xmlNode* root = xmlNewNode(nullptr, x("imdn"));
  xmlNs* ns = xmlNewNs(root, x(std::string(kImdnXmlNamespace).c_str()), nullptr);
  xmlSetNs(root, ns);
  xmlDocSetRootElement(doc.get(), root);
  xmlNewTextChild(root, ns, x("message-id"), x(n.message_id.c_str()));
  xmlNewTextChild(root, ns, x("datetime"), x(n.datetime.c_str()));
  if (n.recipient_uri) {
    xmlNewTextChild(root, ns, x("recipient-uri"), x(n.recipient_uri->c_str()));
    xmlNewTextChild(root, ns, x("original-recipient-uri"), x(n.original_recipient_uri->c_str()));
  }
  if (n.subject) xmlNewTextChild(root, ns, x("subject"), x(n.subject->c_str()));
  xmlNode* note = xmlNewChild(root, ns, x(notificationName(n.type)), nullptr);
  xmlNode* status = xmlNewChild(note, ns, x("status"), nullptr);
  xmlNewChild(status, ns, x(statusName(n.status)), nullptr);
  xmlChar* mem = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc.get(), &mem, &size, "UTF-8", 1);
  std::string out(reinterpret_cast<const char*>(mem), static_cast<size_t>(size));
  xmlFree(mem);
  return out;
}

Result<Notification> parseImdn(std::string_view xml) {
  ensureLibxml();
  if (xml.size() > INT32_MAX) return error(Errc::kBadXml, "IMDN body too large");
  DocPtr doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA));
  if (!doc) return error(Errc::kBadXml, "IMDN body is not well-formed XML");
  if (doc->intSubset != nullptr) return error(Errc::kBadXml, "IMDN body with a DTD");
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || !named(root, "imdn"))
    return error(Errc::kNotImdn, "root is not imdn in urn:ietf:params:xml:ns:imdn");
  Notification n;
  bool have_id = false, have_time = false, have_note = false;
  for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (!inImdnNs(c)) continue;
    if (named(c, "message-id")) {
      n.message_id = text(c), have_id = true;
    } else if (named(c, "datetime")) {
      n.datetime = text(c), have_time = true;
    } else if (named(c, "recipient-uri")) {
      n.recipient_uri = text(c);
    } else if (named(c, "original-recipient-uri")) {
      n.original_recipient_uri = text(c);
    } else if (named(c, "subject")) {
      n.subject = text(c);
    } else {
      NotificationType type;
      if (named(c, "delivery-notification")) {
        type = NotificationType::kDelivery;
      } else if (named(c, "display-notification")) {
        type = NotificationType::kDisplay;
      } else if (named(c, "processing-notification")) {
        type = NotificationType::kProcessing;
      } else {
        continue;
      }
      if (have_note) return error(Errc::kBadStatus, "more than one notification");
      have_note = true;
      n.type = type;
      const xmlNode* status = nullptr;
      for (const xmlNode* s = c->children; s != nullptr; s = s->next) {
        if (named(s, "status")) status = s;
      }
      if (status == nullptr) return error(Errc::kBadStatus, "notification without status");
      bool found = false;
      for (const xmlNode* s = status->children; s != nullptr && !found; s = s->next) {
        if (!inImdnNs(s)) continue;
        for (size_t i = 0; i < kStatusNames.size(); ++i) {
          if (xmlStrcmp(s->name, x(kStatusNames[i])) == 0) {
            n.status = static_cast<ImdnStatus>(i);
            found = true;
            break;
          }
        }
        if (!found) return error(Errc::kBadStatus, "unknown IMDN status");
      }
      if (!found) return error(Errc::kBadStatus, "status without a value");
      if (!statusAllowed(n.type, n.status))
        return error(Errc::kBadStatus, "status not allowed for this notification");
    }
  }
  if (!have_id || n.message_id.empty())
    return error(Errc::kMissingElement, "IMDN without message-id");
  if (!have_time || n.datetime.empty())
    return error(Errc::kMissingElement, "IMDN without datetime");
  if (!have_note) return error(Errc::kMissingElement, "IMDN without a notification");
  return n;
}

}  // namespace msrpgw::proto::cpim
