// H.248 text (Annex B) parser: one message, versions 1 to 3, long and short keywords in
// any case, separators and ';' comments wherever the grammar allows them.
// Thread-safe: a pure function of its input; the returned Message owns all its strings.
//
// On failure the Error (domain kH248) carries the byte offset of the offending token and,
// as its code, the H.248 error code the MG should answer with (h248::Errc):
//   401 kProtocolError            the "MEGACO/v" header or the mId is malformed
//   406 kVersionNotSupported      a version other than 1, 2 or 3
//   400 kBadRequest               the body is neither an Error descriptor nor transactions
//   403 kSyntaxErrorInTransaction inside a transaction, outside its actions
//   422 kSyntaxErrorInAction      inside an action, outside its commands
//   442 kSyntaxErrorInCommand     inside a command or command reply
//   448 kDescriptorTwice          the same descriptor twice in one command or stream
// peekHeader() (peek.h) still recovers version, mId and transaction id from most of them.
#pragma once

#include <string_view>

#include "proto/base/result.h"
#include "proto/h248/ast.h"
#include "proto/h248/errc.h"

namespace msrpgw::proto::h248 {

Result<Message> parseMessage(std::string_view text);

// SDP text of a Local/Remote body in the form the AST keeps: "\}" unescaped, each line
// trimmed of blanks and of its CR, blank lines dropped, every line ended by CRLF.
std::string normalizeSdp(std::string_view raw);

}  // namespace msrpgw::proto::h248
