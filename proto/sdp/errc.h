// Error codes of the MSRP view of SDP (RFC 4566 as sofia-sip parses it, RFC 4975 section
// 8, RFC 6135, RFC 6714, RFC 5547). Each names one kind of SDP the gateway cannot accept
// or cannot write; errcName() gives a stable snake_case name for statistics
// (sdp.rejected.<name>).
//
// What control answers: H.248.1 has no SDP-specific code, so h248CodeFor() maps each
// error to the code of /work/shared/reference/h248.md section 7 that says it most honestly:
//   442 "Syntax error in command"      SDP text that does not parse (the Local/Remote
//                                      descriptor is part of the command's text);
//   515 "Unsupported media type"       no m=message line, or an m=message transport other
//                                      than TCP/MSRP and TCP/TLS/MSRP;
//   449 "Unsupported or unknown parameter or property value"
//                                      an MSRP attribute with a value the gateway cannot
//                                      use (path, setup, connection, accept-types, max-size,
//                                      direction, conflicting values);
//   0                                  writer errors: a bug in the caller, never sent.
// Error offsets are byte offsets into the text given to parse(): the start of the
// offending line (lineAt() in parse.h turns one into a 1-based line number), or kNoOffset.
// Thread-safe: constants and pure functions.
#pragma once

#include <cstdint>

#include "proto/base/error.h"

namespace msrpgw::proto::sdp {

enum class Errc : uint16_t {
  kSyntax = 1,       // a line sofia-sip's parser (or our line check) rejects
  kNoMessageMedia,   // no m=message line with an MSRP transport
  kBadTransport,     // m=message with a transport other than TCP/MSRP, TCP/TLS/MSRP
  kBadPath,          // a=path missing a value, or not RFC 4975 MSRP URIs
  kBadSetup,         // a=setup not active|passive|actpass|holdconn, or twice
  kBadConnection,    // a=connection not new|existing, or twice
  kBadAcceptTypes,   // accept-types / accept-wrapped-types not "*", type/*, type/subtype
  kBadMaxSize,       // a=max-size not a 64-bit decimal, or twice
  kBadDirection,     // two direction attributes in one media description
  kConflict,         // values that contradict each other (msrps path on TCP/MSRP, ...)
  kActpassInAnswer,  // writer: an answer must say active or passive (RFC 6135)
  kChooseLeft,       // writer: a '$' (CHOOSE) left where concrete values were required
  kUnwritable,       // writer: a field holds CR, LF or NUL, or is empty where text is needed
};

// Stable snake_case name, e.g. "bad_setup".
const char* errcName(Errc e);
// The H.248 error code control answers for SDP it cannot accept (0: local error).
uint16_t h248CodeFor(Errc e);

inline Error makeError(Errc e, const char* reason, uint32_t offset = kNoOffset) {
  return Error{Domain::kSdp, static_cast<uint16_t>(e), reason, offset};
}

inline Errc errcOf(const Error& e) {
  return static_cast<Errc>(e.code);
}

}  // namespace msrpgw::proto::sdp
