// Error codes of the CPIM and IMDN codecs (Domain::kCpim). CPIM has no wire status codes
// of its own: a message that fails here is answered by its carrier (MSRP 400 / 415).
// Thread-safe: constants and a pure function.
#pragma once

#include <cstdint>

#include "proto/base/error.h"

namespace msrpgw::proto::cpim {

enum class Errc : uint16_t {
  kNoHeaderEnd = 1,  // the CPIM header block has no terminating empty line
  kNoMimeEnd,        // the encapsulated MIME header block has no terminating empty line
  kBadHeaderLine,    // a header line without a name or without ':'
  kBadParameter,     // a header parameter that is not ;name=value
  kBadNameAddr,      // From / To / cc without a <URI>
  kBadDateTime,      // DateTime not RFC 3339
  kBadNamespace,     // NS without a <URI>, or a bad prefix
  kDuplicateHeader,  // From or DateTime more than once
  kTooManyHeaders,   // over kMaxHeaders in one block
  kBadHeaderValue,   // building: a value holding CR or LF
  kBadXml,           // IMDN body is not well-formed XML
  kNotImdn,          // root is not <imdn> in urn:ietf:params:xml:ns:imdn
  kMissingElement,   // <message-id>, <datetime> or the notification is missing
  kBadStatus,        // a status the notification type does not allow, or none
};

inline Error error(Errc code, const char* reason, uint32_t offset = kNoOffset) {
  return Error{Domain::kCpim, static_cast<uint16_t>(code), reason, offset};
}

}  // namespace msrpgw::proto::cpim
