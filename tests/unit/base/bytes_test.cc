#include "proto/base/bytes.h"

#include <gtest/gtest.h>

namespace msrpgw {
namespace {

TEST(Bytes, TextAndBytesViewTheSameMemory) {
  std::string_view s = "MSRP a SEND";
  ByteView b = asBytes(s);
  EXPECT_EQ(b.size(), s.size());
  EXPECT_EQ(static_cast<const void*>(b.data()), static_cast<const void*>(s.data()));
  EXPECT_EQ(asText(b), s);
}

TEST(Bytes, CaseInsensitiveAsciiOnly) {
  EXPECT_TRUE(iequals("To-Path", "to-path"));
  EXPECT_TRUE(iequals("", ""));
  EXPECT_FALSE(iequals("To-Path", "To-Pat"));
  EXPECT_FALSE(iequals("\xc3\x84", "\xc3\xa4"));  // non-ASCII letters are not folded
  EXPECT_FALSE(iequals("[", "{"));                // 0x5b vs 0x7b: not letters
}

TEST(Bytes, TrimSpaces) {
  EXPECT_EQ(trimSpaces("  a b\t "), "a b");
  EXPECT_EQ(trimSpaces("   "), "");
}

}  // namespace
}  // namespace msrpgw
