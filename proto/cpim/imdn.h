// IMDN notification bodies, message/imdn+xml (RFC 5438 §7), built and parsed with libxml2:
// delivery (delivered, failed, forbidden, error), display (displayed, forbidden, error) and
// processing (processed, stored, forbidden, error) notifications with message-id,
// datetime, recipient-uri, original-recipient-uri and subject. Parsed values are owned
// copies. Elements from other namespaces are ignored. The parser loads no DTD or external
// entity and substitutes no entities.
// Errors: kBadXml, kNotImdn, kMissingElement, kBadStatus (parse and build),
// kBadHeaderValue (build: a value that is not valid UTF-8).
// Thread-safe: yes; libxml2 state is per call, and the library is initialised once, on
// the first call, under a function-local static.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "proto/base/result.h"

namespace msrpgw::proto::cpim {

inline constexpr std::string_view kImdnXmlNamespace = "urn:ietf:params:xml:ns:imdn";
inline constexpr std::string_view kImdnContentType = "message/imdn+xml";

enum class NotificationType : uint8_t { kDelivery, kDisplay, kProcessing };

enum class ImdnStatus : uint8_t {
  kDelivered,
  kFailed,
  kForbidden,
  kError,
  kDisplayed,
  kProcessed,
  kStored,
};

// Whether RFC 5438's schema allows `status` inside a notification of `type`.
bool statusAllowed(NotificationType type, ImdnStatus status);
const char* statusName(ImdnStatus status);  // the element name, e.g. "delivered"

struct Notification {
  std::string message_id;
  std::string datetime;  // RFC 3339 of the original message
  std::optional<std::string> recipient_uri;
  std::optional<std::string> original_recipient_uri;
  std::optional<std::string> subject;
  NotificationType type = NotificationType::kDelivery;
  ImdnStatus status = ImdnStatus::kDelivered;
  bool operator==(const Notification&) const = default;
};

Result<std::string> buildImdn(const Notification& n);
Result<Notification> parseImdn(std::string_view xml);

}  // namespace msrpgw::proto::cpim
