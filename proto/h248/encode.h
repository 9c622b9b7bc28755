// H.248 text (Annex B) encoders: compact (short keywords, no white space; the default on
// the wire) and pretty (long keywords, one item per line, tab indentation).
// Both write Local/Remote SDP verbatim after "{" CRLF, every line ended by CRLF and never
// indented, with the closing "}" right after the last line, and avoid what Erlang megaco
// rejects: an empty Signals is written bare ("SG", not "SG{}"), a command or reply without
// descriptors gets no braces, a ServiceChange reply whose Services are all empty is
// written as "SC=ROOT". Values that are not all SafeChars are quoted.
// Thread-safe: pure functions of their arguments.
//
// The encoders write any Message; one the parser could not have produced (a kRange Parm
// with one value, a v3 feature in a v1 message) may give text that does not parse back.
#pragma once

#include <string>

#include "proto/h248/ast.h"

namespace msrpgw::proto::h248 {

enum class Style : uint8_t { kCompact, kPretty };

// Appends the encoding of `m` to `out`.
void encode(const Message& m, Style style, std::string* out);

std::string encodeCompact(const Message& m);
std::string encodePretty(const Message& m);

}  // namespace msrpgw::proto::h248
