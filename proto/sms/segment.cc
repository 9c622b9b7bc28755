#include "proto/sms/segment.h"

#include "proto/sms/gsm7.h"
#include "proto/sms/ucs2.h"
#include "proto/sms/utf8.h"

namespace msrpgw::proto::sms {

size_t segmentCapacity(Alphabet alphabet, bool concatenated, bool ref16) {
  if (alphabet == Alphabet::kUcs2) return !concatenated ? 70 : ref16 ? 66 : 67;
  return !concatenated ? 160 : ref16 ? 152 : 153;
}

Result<SegmentPlan> segmentText(std::string_view utf8, const SegmentOptions& options) {
  MSRPGW_SMS_TRY(auto cps, decodeUtf8(utf8));
  SegmentPlan plan;
  plan.ref16 = options.ref16;
  // Choose the alphabet and the cost of each character in it.
  std::vector<uint8_t> cost(cps.size());
  size_t total = 0;
  for (size_t i = 0; i < cps.size(); ++i) {
    uint8_t s[2];
    int n = gsm7FromCodePoint(cps[i].value, s);
    if (n == 0) {
      if (!options.allow_ucs2) {
        return error(Errc::kUnrepresentable, "character not in the GSM 7-bit alphabet",
                     cps[i].offset);
      }
      plan.alphabet = Alphabet::kUcs2;
      break;
    }
    cost[i] = static_cast<uint8_t>(n);
    total += n;
  }
  if (plan.alphabet == Alphabet::kUcs2) {
    total = 0;
    for (size_t i = 0; i < cps.size(); ++i) {
      cost[i] = static_cast<uint8_t>(utf16Units(cps[i].value));
      total += cost[i];
    }
  }
  bool multi = total > segmentCapacity(plan.alphabet, false, false);
  size_t capacity = segmentCapacity(plan.alphabet, multi, options.ref16);
  plan.segments.emplace_back();
  for (size_t i = 0; i < cps.size(); ++i) {
    if (plan.segments.back().units + cost[i] > capacity) {
      if (plan.segments.size() == options.max_segments) {
        return error(Errc::kTooLong, "text needs more segments than allowed", cps[i].offset);
      }
      plan.segments.emplace_back();
    }
    Segment& seg = plan.segments.back();
    seg.units += cost[i];
    seg.text.append(utf8.substr(cps[i].offset, cps[i].size));
    if (plan.alphabet == Alphabet::kGsm7) {
      uint8_t s[2];
      int n = gsm7FromCodePoint(cps[i].value, s);
      seg.septets.insert(seg.septets.end(), s, s + n);
    } else {
      appendUtf16be(seg.ucs2, cps[i].value);
    }
  }
  return plan;
}

UserData segmentUserData(const SegmentPlan& plan, size_t index, uint16_t reference) {
  UserData ud;
  const Segment& seg = plan.segments.at(index);
  if (plan.segments.size() > 1) {
    Concat c;
    c.reference = plan.ref16 ? reference : static_cast<uint16_t>(reference & 0xFF);
    c.total = static_cast<uint8_t>(plan.segments.size());
    c.seq = static_cast<uint8_t>(index + 1);
    c.ref16 = plan.ref16;
    ud.header = Udh{{concatElement(c)}};
  }
  if (plan.alphabet == Alphabet::kGsm7) {
    ud.septets = seg.septets;
  } else {
    ud.octets = seg.ucs2;
  }
  return ud;
}

}  // namespace msrpgw::proto::sms
