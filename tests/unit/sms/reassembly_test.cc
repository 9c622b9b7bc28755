#include "proto/sms/reassembly.h"

#include <gtest/gtest.h>

#include "proto/sms/segment.h"
#include "proto/sms/tpdu.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/sms/hex.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::IsOk;
using test::fromHex;
using test::stripSca;
using Outcome = Reassembler::Outcome;
using namespace std::chrono_literals;

const Reassembler::TimePoint t0{};

Fragment gsm(std::string_view text) {
  auto ud = textUserData(text, Alphabet::kGsm7);
  EXPECT_THAT(ud, IsOk());
  return fragmentOf(*ud, 0x00);
}

Fragment ucs2(const Octets& o) {
  Fragment f;
  f.alphabet = Alphabet::kUcs2;
  f.octets = o;
  return f;
}

ReassemblyKey key(uint16_t ref, uint8_t total, std::string from = "46708251358") {
  return ReassemblyKey{std::move(from), "", ref, total, false};
}

TEST(Reassembly, ReferenceVectorT4) {
  auto d1 = decodeDeliver(view(stripSca(fromHex(
      "0791448720003023440C91449703529096000050015132532240A00500037A020190E9339A9D3EA3E920FA1B"
      "1466B341E472193E079DD3EE73D85DA7EB41E7B41C1407C1CBF43228CC26E3416137390F3AABCFEAB3FAAC3E"
      "ABCFEAB3FAAC3EABCFEAB3FAAC3EABCFEAB3FADC3EB7CFED73FBDC3EBF5D4416D9457411596457137D87B7E1"
      "6438194E86BBCF6D16D9055D429548A28BE822BA882E6370196C2A8950E291E822BA88"))));
  auto d2 = decodeDeliver(view(stripSca(fromHex(
      "0791448720003023440C91449703529096000050015132537240310500037A02025C4417D1D52422894EE5B1"
      "7824BA8EC423F1483C129BC725315464118FCDE011247C4A8B44"))));
  ASSERT_THAT(d1, IsOk());
  ASSERT_THAT(d2, IsOk());
  Reassembler r;
  auto c2 = *d2->ud.header->concat();
  ReassemblyKey k{d2->oa.value, "", c2.reference, c2.total, c2.ref16};
  // Out of order: part 2 first.
  EXPECT_EQ(r.add(k, c2.seq, fragmentOf(d2->ud, d2->dcs), t0).outcome, Outcome::kStored);
  auto done = r.add(k, d1->ud.header->concat()->seq, fragmentOf(d1->ud, d1->dcs), t0 + 1s);
  ASSERT_EQ(done.outcome, Outcome::kComplete);
  ASSERT_TRUE(done.message);
  EXPECT_EQ(done.message->text.size(), 153u + 42u);
  EXPECT_EQ(done.message->text.rfind("Highlight to all deeps", 0), 0u);
  EXPECT_EQ(done.message->text.substr(done.message->text.size() - 5), "BORED");
  EXPECT_TRUE(done.message->missing.empty());
  EXPECT_EQ(r.pendingMessages(), 0u);
  EXPECT_EQ(r.pendingOctets(), 0u);
}

TEST(Reassembly, DuplicatesKeepTheFirstCopy) {
  Reassembler r;
  EXPECT_EQ(r.add(key(5, 2), 1, gsm("first "), t0).outcome, Outcome::kStored);
  EXPECT_EQ(r.add(key(5, 2), 1, gsm("again "), t0).outcome, Outcome::kDuplicate);
  auto done = r.add(key(5, 2), 2, gsm("second"), t0);
  ASSERT_EQ(done.outcome, Outcome::kComplete);
  EXPECT_EQ(done.message->text, "first second");
}

TEST(Reassembly, KeysKeepMessagesApart) {
  Reassembler r;
  EXPECT_EQ(r.add(key(5, 2), 1, gsm("A1"), t0).outcome, Outcome::kStored);
  EXPECT_EQ(r.add(key(5, 2, "other"), 1, gsm("B1"), t0).outcome, Outcome::kStored);
  EXPECT_EQ(r.add(key(5, 3), 1, gsm("C1"), t0).outcome, Outcome::kStored);  // other total
  ReassemblyKey wide = key(5, 2);
  wide.ref16 = true;
  EXPECT_EQ(r.add(wide, 1, gsm("D1"), t0).outcome, Outcome::kStored);
  EXPECT_EQ(r.pendingMessages(), 4u);
  EXPECT_EQ(r.add(key(5, 2, "other"), 2, gsm("B2"), t0).message->text, "B1B2");
  EXPECT_EQ(r.pendingMessages(), 3u);
}

TEST(Reassembly, InvalidSequenceNumbers) {
  Reassembler r;
  EXPECT_EQ(r.add(key(1, 0), 1, gsm("x"), t0).outcome, Outcome::kInvalid);
  EXPECT_EQ(r.add(key(1, 2), 0, gsm("x"), t0).outcome, Outcome::kInvalid);
  EXPECT_EQ(r.add(key(1, 2), 3, gsm("x"), t0).outcome, Outcome::kInvalid);
  auto single = r.add(key(1, 1), 1, gsm("solo"), t0);
  ASSERT_EQ(single.outcome, Outcome::kComplete);
  EXPECT_EQ(single.message->text, "solo");
  EXPECT_EQ(r.pendingMessages(), 0u);
}

TEST(Reassembly, TimeoutReturnsWhatArrivedWithGaps) {
  Reassembler::Limits lim;
  lim.timeout = 30s;
  Reassembler r(lim);
  r.add(key(9, 4), 1, gsm("one "), t0);
  r.add(key(9, 4), 4, gsm(" four"), t0 + 10s);
  r.add(key(8, 2), 1, gsm("later"), t0 + 20s);
  EXPECT_EQ(r.nextDeadline(), t0 + 30s);
  EXPECT_TRUE(r.expire(t0 + 29s).empty());
  auto gone = r.expire(t0 + 30s);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].key.reference, 9);
  EXPECT_EQ(gone[0].missing, (std::vector<uint8_t>{2, 3}));
  EXPECT_EQ(gone[0].text, "one [...] four");
  EXPECT_EQ(r.nextDeadline(), t0 + 50s);
  EXPECT_EQ(r.pendingMessages(), 1u);
  EXPECT_EQ(r.pendingOctets(), 5u);
}

TEST(Reassembly, MemoryCap) {
  Reassembler::Limits lim;
  lim.max_octets = 10;
  lim.max_messages = 2;
  Reassembler r(lim);
  EXPECT_EQ(r.add(key(1, 2), 1, gsm("12345"), t0).outcome, Outcome::kStored);
  EXPECT_EQ(r.add(key(2, 2), 1, gsm("1234"), t0).outcome, Outcome::kStored);
  EXPECT_EQ(r.add(key(3, 2), 1, gsm("1"), t0).outcome, Outcome::kOverLimit);   // 3rd message
  EXPECT_EQ(r.add(key(1, 3), 1, gsm("12"), t0).outcome, Outcome::kOverLimit);  // octets
  // A completing part is always taken: it frees memory.
  EXPECT_EQ(r.add(key(1, 2), 2, gsm("abcdefgh"), t0).outcome, Outcome::kComplete);
  EXPECT_EQ(r.pendingOctets(), 4u);
}

TEST(Reassembly, Ucs2JoinedBeforeDecodingSoSplitSurrogatesSurvive) {
  Reassembler r;
  // "A😀B" with the surrogate pair split across the two parts.
  r.add(key(3, 2), 1, ucs2(fromHex("0041D83D")), t0);
  auto done = r.add(key(3, 2), 2, ucs2(fromHex("DE000042")), t0);
  ASSERT_EQ(done.outcome, Outcome::kComplete);
  EXPECT_EQ(done.message->text, "A😀B");
}

TEST(Reassembly, SegmentThenReassemble) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "Grüße {€} ";
  auto plan = segmentText(text);
  ASSERT_THAT(plan, IsOk());
  ASSERT_GT(plan->segments.size(), 3u);
  Reassembler r;
  std::optional<Reassembled> out;
  for (size_t i = plan->segments.size(); i-- > 0;) {
    UserData ud = segmentUserData(*plan, i, 77);
    auto c = *ud.header->concat();
    auto res = r.add({"x", "", c.reference, c.total, c.ref16}, c.seq,
                     fragmentOf(ud, makeDcs(plan->alphabet)), t0);
    if (res.message) out = res.message;
  }
  ASSERT_TRUE(out);
  EXPECT_EQ(out->text, text);
}

TEST(Reassembly, BinaryPartsAreJoinedAsData) {
  Reassembler r;
  Fragment a;
  a.alphabet = Alphabet::k8Bit;
  a.octets = {1, 2};
  Fragment b = a;
  b.octets = {3};
  r.add(key(4, 2), 2, b, t0);
  auto done = r.add(key(4, 2), 1, a, t0);
  ASSERT_EQ(done.outcome, Outcome::kComplete);
  EXPECT_TRUE(done.message->has_binary);
  EXPECT_EQ(done.message->data, (Octets{1, 2, 3}));
}

}  // namespace
}  // namespace msrpgw::proto::sms
