// Splits UTF-8 text into the fewest SMS segments. The alphabet is GSM 7-bit when every
// character is in the default or extension table (extension characters cost 2 septets),
// otherwise UCS2 (UTF-16, characters above U+FFFF cost 2 units). One segment holds 160
// septets / 70 units; with a concatenation header 153 / 67 (8-bit reference) or 152 / 66
// (16-bit). An ESC + extension pair and a surrogate pair are never split. Greedy filling is
// optimal here: parts are filled as far as the next unsplittable unit allows.
// Errors: kBadUtf8, kUnrepresentable (GSM 7-bit only and a character outside it),
// kTooLong (more than max_segments), each at the byte offset of the character concerned.
// Thread-safe: functions of their arguments only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "proto/base/result.h"
#include "proto/sms/dcs.h"
#include "proto/sms/user_data.h"

namespace msrpgw::proto::sms {

struct SegmentOptions {
  bool ref16 = false;         // 16-bit concatenation reference (IE 0x08)
  bool allow_ucs2 = true;     // false: text outside GSM 7-bit is kUnrepresentable
  size_t max_segments = 255;  // kTooLong beyond this
};

struct Segment {
  std::string text;              // this part's characters, UTF-8
  std::vector<uint8_t> septets;  // GSM 7-bit form (alphabet kGsm7)
  Octets ucs2;                   // UTF-16BE form (alphabet kUcs2)
  size_t units = 0;              // septets or UTF-16 units used
};

struct SegmentPlan {
  Alphabet alphabet = Alphabet::kGsm7;
  bool ref16 = false;
  std::vector<Segment> segments;  // at least one (empty text gives one empty segment)
};

Result<SegmentPlan> segmentText(std::string_view utf8, const SegmentOptions& options = {});

// Capacity of one segment in septets (GSM 7-bit) or UTF-16 units (UCS2).
size_t segmentCapacity(Alphabet alphabet, bool concatenated, bool ref16);

// TP-UD for segment `index` (0-based) of `plan`, with a concatenation element carrying
// `reference` when the plan has more than one segment; its TP-DCS is makeDcs(plan.alphabet).
UserData segmentUserData(const SegmentPlan& plan, size_t index, uint16_t reference);

}  // namespace msrpgw::proto::sms
