#include "proto/sms/timestamp.h"

#include <cstdio>
#include <cstdlib>

namespace msrpgw::proto::sms {
namespace {

bool leap(unsigned y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned daysIn(unsigned year, unsigned month) {
  static constexpr uint8_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

bool valid(const Timestamp& t) {
  return t.year >= 1990 && t.year <= 2089 && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
         t.day <= daysIn(t.year, t.month) && t.hour < 24 && t.minute < 60 && t.second < 60 &&
         t.tz_quarters >= -79 && t.tz_quarters <= 79;
}

uint8_t swapped(unsigned v) {
  return static_cast<uint8_t>(((v % 10) << 4) | (v / 10));
}

}  // namespace

Result<Timestamp> decodeTimestamp(Reader& r, const char* what) {
  uint32_t start = r.offset();
  MSRPGW_SMS_TRY(ByteView b, r.take(kTimestampOctets, what));
  unsigned v[6];
  for (int i = 0; i < 6; ++i) {
    uint8_t o = at(b, i);
    if ((o & 0x0F) > 9 || (o >> 4) > 9)
      return error(Errc::kBadTimestamp, "time stamp digit over 9", start + i);
    v[i] = (o & 0x0F) * 10 + (o >> 4);
  }
  uint8_t tz = at(b, 6);
  if ((tz >> 4) > 9) return error(Errc::kBadTimestamp, "time zone digit over 9", start + 6);
  int quarters = (tz & 0x07) * 10 + (tz >> 4);
  Timestamp t;
  t.year = static_cast<uint16_t>(v[0] < 90 ? 2000 + v[0] : 1900 + v[0]);
  t.month = static_cast<uint8_t>(v[1]);
  t.day = static_cast<uint8_t>(v[2]);
  t.hour = static_cast<uint8_t>(v[3]);
  t.minute = static_cast<uint8_t>(v[4]);
  t.second = static_cast<uint8_t>(v[5]);
  t.tz_quarters = static_cast<int8_t>((tz & 0x08) ? -quarters : quarters);
  if (!valid(t)) return error(Errc::kBadTimestamp, "time stamp field out of range", start);
  return t;
}

Status encodeTimestamp(const Timestamp& t, Octets& out) {
  if (!valid(t)) return error(Errc::kBadTimestamp, "time stamp field out of range");
  out.push_back(swapped(t.year % 100));
  out.push_back(swapped(t.month));
  out.push_back(swapped(t.day));
  out.push_back(swapped(t.hour));
  out.push_back(swapped(t.minute));
  out.push_back(swapped(t.second));
  unsigned q = static_cast<unsigned>(std::abs(t.tz_quarters));
  uint8_t tz = swapped(q);
  if (t.tz_quarters < 0) tz |= 0x08;
  out.push_back(tz);
  return {};
}

std::string toDateTime(const Timestamp& t) {
  int minutes = std::abs(t.tz_quarters) * 15;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02u%c%02d:%02d", unsigned(t.year),
                unsigned(t.month), unsigned(t.day), unsigned(t.hour), unsigned(t.minute),
                unsigned(t.second), t.tz_quarters < 0 ? '-' : '+', minutes / 60, minutes % 60);
  return buf;
}

Result<Timestamp> fromDateTime(std::string_view s) {
  auto bad = [](const char* why) { return error(Errc::kBadDateTime, why); };
  size_t pos = 0;
  auto num = [&](size_t digits, unsigned& v) {
    if (pos + digits > s.size()) return false;
    v = 0;
    for (size_t i = 0; i < digits; ++i) {
      char c = s[pos + i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + unsigned(c - '0');
    }
    pos += digits;
    return true;
  };
  auto lit = [&](std::string_view options) {
    if (pos >= s.size() || options.find(s[pos]) == std::string_view::npos) return false;
    ++pos;
    return true;
  };
  unsigned y, mo, d, h, mi, se;
  if (!num(4, y) || !lit("-") || !num(2, mo) || !lit("-") || !num(2, d) || !lit("Tt ") ||
      !num(2, h) || !lit(":") || !num(2, mi) || !lit(":") || !num(2, se)) {
    return bad("date-time not YYYY-MM-DDThh:mm:ss");
  }
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos, ++digits;
    if (digits == 0) return bad("date-time fraction without digits");
  }
  int quarters = 0;
  if (lit("Zz")) {
    quarters = 0;
  } else {
    if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-'))
      return bad("date-time without time zone");
    bool neg = s[pos++] == '-';
    unsigned oh, om;
    if (!num(2, oh) || !lit(":") || !num(2, om) || om >= 60)
      return bad("date-time offset not hh:mm");
    unsigned total = oh * 60 + om;
    if (total % 15) return bad("date-time offset not a whole quarter hour");
    quarters = static_cast<int>(total / 15) * (neg ? -1 : 1);
    if (quarters > 79 || quarters < -79) return bad("date-time offset too large for TP-SCTS");
  }
  if (pos != s.size()) return bad("date-time followed by extra text");
  Timestamp t;
  t.year = static_cast<uint16_t>(y);
  t.month = static_cast<uint8_t>(mo);
  t.day = static_cast<uint8_t>(d);
  t.hour = static_cast<uint8_t>(h);
  t.minute = static_cast<uint8_t>(mi);
  t.second = static_cast<uint8_t>(se == 60 ? 59 : se);  // a leap second has no SCTS form
  t.tz_quarters = static_cast<int8_t>(quarters);
  if (!valid(t)) return bad("date-time out of the TP-SCTS range 1990-2089");
  return t;
}

}  // namespace msrpgw::proto::sms
