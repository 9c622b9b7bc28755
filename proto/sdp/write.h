// write(): SDP text from the typed model (model.h), for the Local descriptor the MG
// returns. CRLF line ends and a stable order:
//   v=0, o=, s=, c=, t= (o=, s=, t= only when the model has them: a full SDP for a SIP
//   peer sets all three, an H.248 Local none), session a= lines, then per m= line:
//   m=, c=, a=path, a=setup, a=connection, a=accept-types, a=accept-wrapped-types,
//   a=max-size, direction, a=msrp-cema, a=fingerprint..., RFC 5547 a=file-* in order,
//   other attributes in order.
// What it writes, parse() reads back into an equal model (the round trip is tested).
// Errors:
//   kActpassInAnswer  options.answer and a=setup:actpass (RFC 6135: answers never say it)
//   kChooseLeft       options.concrete and a '$' left (c= address or m= port)
//   kBadPath, kBadAcceptTypes  path URIs / media ranges that would not parse back
//   kUnwritable       CR, LF or NUL in any text, an empty attribute name or c= address
// Thread-safe: pure function.
#pragma once

#include <string>

#include "proto/base/result.h"
#include "proto/sdp/model.h"

namespace msrpgw::proto::sdp {

struct WriteOptions {
  bool answer = false;    // the description answers an offer: no actpass
  bool concrete = false;  // every value filled in: no '$'
};

Result<std::string> write(const Sdp& sdp, const WriteOptions& options = {});

}  // namespace msrpgw::proto::sdp
