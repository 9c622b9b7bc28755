// peekHeader(): version, mId and first transaction of messages the parser rejects.
#include "proto/h248/peek.h"

#include <gtest/gtest.h>

#include "proto/h248/parser.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/h248/vectors.h"

namespace msrpgw::proto::h248 {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::IsOk;

TEST(Peek, BrokenBodyStillNamesTransaction) {
  std::string in =
      "MEGACO/3 [192.0.2.9]:2944\r\nTransaction = 77 { Context = 1 { Add = x { Foo } } }";
  ASSERT_FALSE(parseMessage(in).ok());
  auto h = peekHeader(in);
  ASSERT_THAT(h, IsOk());
  EXPECT_EQ(h->version, 3);
  EXPECT_EQ(h->mid.kind, MId::Kind::kIp4);
  EXPECT_EQ(h->mid.address, "192.0.2.9");
  EXPECT_EQ(h->mid.port, 2944);
  EXPECT_EQ(h->first_kind, TransactionKind::kRequest);
  EXPECT_EQ(h->first_id, 77u);
}

TEST(Peek, ReplyPendingAckSegment) {
  auto r = peekHeader("!/3 mgc P=5/1{garbage");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->first_kind, TransactionKind::kReply);
  EXPECT_EQ(r->first_id, 5u);
  auto p = peekHeader("!/2 <a.b>:1 PN = 6 {");
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->first_kind, TransactionKind::kPending);
  EXPECT_EQ(p->first_id, 6u);
  EXPECT_EQ(p->mid.kind, MId::Kind::kDomain);
  auto k = peekHeader("!/2 mg K{3-4,x");
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(k->first_kind, TransactionKind::kResponseAck);
  EXPECT_EQ(k->first_id, 3u);
  auto s = peekHeader("!/3 mg SM=9/2");
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->first_kind, TransactionKind::kSegment);
  EXPECT_EQ(s->first_id, 9u);
}

TEST(Peek, UnreadableTransactionId) {
  auto r = peekHeader("!/1 mg T=abc{");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->first_kind, TransactionKind::kRequest);
  EXPECT_FALSE(r->first_id);
  auto n = peekHeader("!/1 mg Bogus");
  ASSERT_THAT(n, IsOk());
  EXPECT_EQ(n->first_kind, TransactionKind::kNone);
}

TEST(Peek, BadHeaderFails) {
  EXPECT_THAT(peekHeader("HTTP/1.1 200 OK"), HasErrc(Errc::kProtocolError));
  EXPECT_THAT(peekHeader("MEGACO/9 mg T=1{}"), HasErrc(Errc::kVersionNotSupported));
  EXPECT_THAT(peekHeader("MEGACO/1 mg"), HasErrc(Errc::kBadRequest));
}

TEST(Peek, AgreesWithParserOnGoldenVectors) {
  for (const auto& v : test::goldenVectors()) {
    auto m = parseMessage(v.text);
    ASSERT_THAT(m, IsOk());
    auto h = peekHeader(v.text);
    ASSERT_THAT(h, IsOk()) << v.name;
    EXPECT_EQ(h->version, m->version);
    EXPECT_EQ(h->mid, m->mid);
    if (m->transactions.empty()) continue;
    std::visit(
        [&](const auto& t) {
          using T = std::decay_t<decltype(t)>;
          if constexpr (std::is_same_v<T, TransactionResponseAck>) {
            EXPECT_EQ(h->first_id, t.acks.at(0).first) << v.name;
          } else {
            EXPECT_EQ(h->first_id, t.id) << v.name;
          }
        },
        m->transactions[0]);
  }
}

}  // namespace
}  // namespace msrpgw::proto::h248
