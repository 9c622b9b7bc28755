// The line check that runs before sofia-sip sees an SDP text, and the text sofia gets.
// sofia-sip's sdp_parse() in config mode silently skips lines it does not know, and cannot
// take the H.248 CHOOSE wildcard in the m= port; this pass
//   - splits the text on LF (a CR before the LF is dropped; blank lines are dropped, as
//     sofia-sip rejects a text that starts with one; any other control character
//     but TAB is a syntax error), strips leading blanks (H.248 descriptor indentation),
//   - requires every non-empty line to be "<type>=" with a known RFC 4566 type letter,
//   - allows bytes above 0x7f only in the text fields a=, s=, i=, u=, e=, p=, k=: sofia-sip
//     1.12.11 mishandles them elsewhere (a format "\xd8" on an m= line makes it allocate
//     2 GiB; found by tests/fuzz/sdp_parse_fuzz.cc),
//   - requires the m= fields to be tokens (sofia-sip allocates 2 GiB for a format that
//     starts with a tspecial),
//   - replaces "m=<media> $ ..." by port 0 for sofia and records the choice per m= line,
//   - records where each line and a= attribute starts, so errors found in sofia's result
//     point at their line.
// Errors: Errc::kSyntax at the offending line's start offset.
// Internal to proto/sdp. Thread-safe: pure functions; views point into the scanned text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "proto/base/result.h"

namespace msrpgw::proto::sdp::detail {

struct AttrPos {
  std::string_view name;  // as written, before any ':'
  uint32_t offset;        // start of the "a=" line in the original text
};

struct Scan {
  std::string normalized;                   // CRLF lines for sofia, '$' port replaced
  std::vector<uint32_t> line_offsets;       // start of each line in the original text
  std::vector<uint32_t> normalized_ends;    // end (after CRLF) of each normalized line
  std::vector<uint32_t> media_offsets;      // start of each m= line in the original text
  std::vector<uint32_t> media_c_offsets;    // per m= line: its first c= (UINT32_MAX: none)
  std::vector<bool> port_choose;            // per m= line: the port was '$'
  std::vector<std::vector<AttrPos>> attrs;  // [0] session level, [i+1] m= line i
  uint32_t origin_offset = UINT32_MAX;      // the first o= line (UINT32_MAX: none)
  uint32_t session_c_offset = UINT32_MAX;   // the first session-level c= line
  bool has_content = false;                 // some non-blank line
};

Result<Scan> scanLines(std::string_view text);

// Offset of the `occurrence`-th (0-based) a=<name> line of section `section`, or
// kNoOffset.
uint32_t attrOffset(const Scan& scan, size_t section, std::string_view name, size_t occurrence);

}  // namespace msrpgw::proto::sdp::detail
