// Keyword table and scanner primitives.
#include "proto/h248/scanner.h"

#include <gtest/gtest.h>

#include <string>

namespace msrpgw::proto::h248 {
namespace {

TEST(Keywords, EveryTokenReadsBackFromBothForms) {
  for (int i = 1; i < static_cast<int>(Tok::kCount); ++i) {
    Tok t = static_cast<Tok>(i);
    EXPECT_EQ(classify(shortName(t)), t) << shortName(t);
    EXPECT_EQ(classify(longName(t)), t) << longName(t);
    std::string lower = longName(t);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(classify(lower), t) << lower;
  }
}

TEST(Keywords, CaseInsensitiveAndAliases) {
  EXPECT_EQ(classify("mEdIa"), Tok::kMedia);
  EXPECT_EQ(classify("TRANSACTIONRESPONSEACK"), Tok::kResponseAck);
  EXPECT_EQ(classify("Iteration"), Tok::kIteration);
  EXPECT_EQ(classify("sparequestid"), Tok::kRequestId);
  EXPECT_EQ(classify("ip/1/1"), Tok::kNone);
  EXPECT_EQ(classify(""), Tok::kNone);
  EXPECT_EQ(classify(std::string(100, 'a')), Tok::kNone);
}

TEST(Scanner, WordsQuotesCommentsAndRaw) {
  Scanner s("  ; comment\r\n Add=ip/1/$ {\"a b\" L{\r\nv=0\r\n}");
  EXPECT_EQ(s.word(), "Add");
  EXPECT_TRUE(s.accept('='));
  EXPECT_EQ(s.word(), "ip/1/$");
  EXPECT_EQ(s.peek(), '{');
  EXPECT_TRUE(s.accept('{'));
  std::string_view q;
  ASSERT_TRUE(s.quoted(&q));
  EXPECT_EQ(q, "a b");
  EXPECT_EQ(s.word(), "L");
  EXPECT_TRUE(s.accept('{'));
  std::string_view raw;
  ASSERT_TRUE(s.rawUntilBrace(&raw));
  EXPECT_EQ(raw, "\r\nv=0\r\n");
  EXPECT_TRUE(s.accept('}'));
  EXPECT_TRUE(s.atEnd());
}

TEST(Scanner, QuotedStopsAtLineEnd) {
  Scanner s("\"abc\r\ndef\"");
  std::string_view q;
  EXPECT_FALSE(s.quoted(&q));
  EXPECT_EQ(s.pos(), 4u);
}

TEST(Scanner, SafeChars) {
  for (char c : std::string("+-&!_/'?@^`~*$\\()%|.aZ09")) EXPECT_TRUE(isSafeChar(c)) << c;
  for (char c : std::string(" \t\r\n;[]{}:,#<>=\"")) EXPECT_FALSE(isSafeChar(c)) << c;
}

}  // namespace
}  // namespace msrpgw::proto::h248
