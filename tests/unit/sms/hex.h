// Hex helpers for the SMS tests: vectors are written as hex strings (spaces allowed).
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "proto/sms/reader.h"

namespace msrpgw::proto::sms::test {

inline Octets fromHex(std::string_view hex) {
  Octets out;
  int hi = -1;
  for (char c : hex) {
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    else
      continue;
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<uint8_t>(hi * 16 + v));
      hi = -1;
    }
  }
  EXPECT_LT(hi, 0) << "odd hex digit count";
  return out;
}

inline std::string toHex(const Octets& o) {
  std::string s;
  char buf[3];
  for (uint8_t b : o) {
    std::snprintf(buf, sizeof buf, "%02X", b);
    s += buf;
  }
  return s;
}

// An AT-command (+CMGS / +CMGL) PDU without its leading SMSC address.
inline Octets stripSca(const Octets& at_form) {
  size_t sca = at_form.at(0);
  return Octets(at_form.begin() + 1 + static_cast<ptrdiff_t>(sca), at_form.end());
}

}  // namespace msrpgw::proto::sms::test
