// RP examples of reference/sms.md §5, decoded field by field and re-encoded byte for byte.
#include "proto/sms/rp.h"

#include <gtest/gtest.h>

#include "tests/support/guarded_buffer.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/sms/hex.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::HasErrcAt;
using msrpgw::test::IsOk;
using test::fromHex;
using test::toHex;

RpMessage decodeOk(const Octets& b) {
  auto r = decodeRp(view(b));
  EXPECT_THAT(r, IsOk());
  return r.ok() ? *r : RpMessage(RpSmma{});
}

void expectReencodes(const RpMessage& m, const Octets& want) {
  auto enc = encodeRp(m);
  ASSERT_THAT(enc, IsOk());
  EXPECT_EQ(toHex(*enc), toHex(want));
}

TEST(Rp, DataMoWithSubmit) {
  Octets b = fromHex(
      "00 01 00 07 91 72 83 01 00 10 F5 17 11 00 0B 91 64 07 28 15 53 F8 00 00 AA 0A E8 32 9B FD "
      "46 97 D9 EC 37");
  RpMessage m = decodeOk(b);
  const auto& d = std::get<RpData>(m);
  EXPECT_EQ(d.dir, Direction::kMsToSc);
  EXPECT_EQ(d.mr, 1);
  EXPECT_FALSE(d.oa.present);
  ASSERT_TRUE(d.da.present);
  EXPECT_EQ(d.da.address, internationalNumber("27381000015"));
  EXPECT_EQ(d.user_data.size(), 0x17u);
  EXPECT_EQ(d.user_data_offset, 12u);
  auto t = rpTpdu(m);
  ASSERT_THAT(t, IsOk());
  const auto& s = std::get<Submit>(*t);
  EXPECT_EQ(s.da, internationalNumber("46708251358"));
  EXPECT_EQ(userDataText(s.ud, s.dcs), "hellohello");
  expectReencodes(m, b);
}

TEST(Rp, AckNetworkWithSubmitReport) {
  Octets b = fromHex("03 01 41 09 01 00 99 30 92 51 61 95 80");
  RpMessage m = decodeOk(b);
  const auto& a = std::get<RpAck>(m);
  EXPECT_EQ(a.dir, Direction::kScToMs);
  EXPECT_EQ(a.mr, 1);
  ASSERT_TRUE(a.user_data);
  auto t = rpTpdu(m);
  ASSERT_THAT(t, IsOk());
  const auto& rep = std::get<SubmitReport>(*t);
  EXPECT_FALSE(rep.fcs);
  EXPECT_EQ(rep.tail.pi, 0);
  EXPECT_EQ(toDateTime(rep.scts), "1999-03-29T15:16:59+02:00");
  expectReencodes(m, b);
}

TEST(Rp, ErrorNetworkCongestion) {
  Octets b = fromHex("05 01 01 2A");
  RpMessage m = decodeOk(b);
  const auto& e = std::get<RpError>(m);
  EXPECT_EQ(e.dir, Direction::kScToMs);
  EXPECT_EQ(e.cause, kCauseCongestion);
  EXPECT_FALSE(e.diagnostic);
  EXPECT_FALSE(e.user_data);
  EXPECT_THAT(rpTpdu(m), msrpgw::test::HasErrc(Errc::kBadElement));
  expectReencodes(m, b);
}

TEST(Rp, AckMsWithDeliverReport) {
  Octets b = fromHex("02 01 41 02 00 00");
  RpMessage m = decodeOk(b);
  EXPECT_EQ(std::get<RpAck>(m).dir, Direction::kMsToSc);
  auto t = rpTpdu(m);
  ASSERT_THAT(t, IsOk());
  EXPECT_FALSE(std::get<DeliverReport>(*t).fcs);
  expectReencodes(m, b);
}

TEST(Rp, ErrorMsMemoryExceededWithDeliverReport) {
  Octets b = fromHex("04 01 01 16 41 03 00 D3 00");
  RpMessage m = decodeOk(b);
  const auto& e = std::get<RpError>(m);
  EXPECT_EQ(e.dir, Direction::kMsToSc);
  EXPECT_EQ(e.cause, kCauseMemoryCapacityExceeded);
  auto t = rpTpdu(m);
  ASSERT_THAT(t, IsOk());
  EXPECT_EQ(std::get<DeliverReport>(*t).fcs, 0xD3);
  expectReencodes(m, b);
}

TEST(Rp, ErrorWithDiagnostic) {
  RpError e;
  e.dir = Direction::kScToMs;
  e.mr = 9;
  e.cause = kCauseTemporaryFailure;
  e.diagnostic = 0x05;
  auto enc = encodeRp(e);
  ASSERT_THAT(enc, IsOk());
  EXPECT_EQ(toHex(*enc), "0509022905");
  RpMessage back = decodeOk(*enc);
  EXPECT_EQ(std::get<RpError>(back), e);
}

TEST(Rp, Smma) {
  Octets b = fromHex("06 01");
  RpMessage m = decodeOk(b);
  EXPECT_EQ(std::get<RpSmma>(m).mr, 1);
  expectReencodes(m, b);
}

TEST(Rp, DataMoSeenInTheField) {
  Octets b = fromHex(
      "00 02 00 07 91 14 70 80 00 65 78 12 11 02 0C 91 24 60 80 32 84 86 00 00 FF 04 D4 F2 9C 0E");
  RpMessage m = decodeOk(b);
  const auto& d = std::get<RpData>(m);
  EXPECT_EQ(d.mr, 2);
  EXPECT_EQ(d.da.address, internationalNumber("410708005687"));
  auto t = rpTpdu(m);
  ASSERT_THAT(t, IsOk());
  const auto& s = std::get<Submit>(*t);
  EXPECT_EQ(s.mr, 2);
  EXPECT_EQ(s.da, internationalNumber("420608234868"));
  EXPECT_EQ(s.vp.relative, 0xFF);
  EXPECT_EQ(relativeVpSeconds(0xFF), 63u * 7 * 86400);
  EXPECT_EQ(userDataText(s.ud, s.dcs), "Test");
  expectReencodes(m, b);
}

TEST(Rp, DataMtWithDeliverBuiltFromValues) {
  Deliver d;
  d.oa = internationalNumber("46708251358");
  d.scts = {2026, 11, 26, 1, 2, 3, 4};
  auto ud = textUserData("x", Alphabet::kGsm7);
  ASSERT_THAT(ud, IsOk());
  d.ud = *ud;
  auto tpdu = encodeTpdu(d);
  ASSERT_THAT(tpdu, IsOk());
  RpData rp;
  rp.dir = Direction::kScToMs;
  rp.mr = 0x33;
  rp.oa = {true, internationalNumber("27381000015")};
  rp.user_data = view(*tpdu);
  auto enc = encodeRp(rp);
  ASSERT_THAT(enc, IsOk());
  EXPECT_EQ((*enc)[0], 0x01);
  RpMessage back = decodeOk(*enc);
  auto t = rpTpdu(back);
  ASSERT_THAT(t, IsOk());
  EXPECT_EQ(std::get<Deliver>(*t), d);
}

TEST(Rp, ErrorOffsetsPointIntoTheRpMessage) {
  // RP-DATA MO whose TPDU has a bad TP-UDL (200 septets): the error offset is absolute.
  Octets b =
      fromHex("00 01 00 07 91 72 83 01 00 10 F5 0E 01 00 0B 91 64 07 28 15 53 F8 00 00 C8 00");
  auto m = decodeRp(view(b));
  ASSERT_THAT(m, IsOk());
  EXPECT_THAT(rpTpdu(*m), HasErrcAt(Errc::kBadUserDataLength, 24u));
}

// Every RP example and each of its prefixes from a copy that ends at a PROT_NONE page: a
// read past the end crashes; a prefix decodes only where RP-ACK / RP-ERROR could end.
TEST(Rp, EveryPrefixAgainstAGuardPage) {
  for (const char* hex : {"00 01 00 07 91 72 83 01 00 10 F5 17 11 00 0B 91 64 07 28 15 53 F8 00 00 "
                          "AA 0A E8 32 9B FD 46 97 D9 EC 37",
                          "03 01 41 09 01 00 99 30 92 51 61 95 80", "05 01 01 2A",
                          "02 01 41 02 00 00", "04 01 01 16 41 03 00 D3 00", "06 01",
                          "00 02 00 07 91 14 70 80 00 65 78 12 11 02 0C 91 24 60 80 32 84 86 00 00 "
                          "FF 04 D4 F2 9C 0E"}) {
    Octets full = fromHex(hex);
    for (size_t n = 0; n <= full.size(); ++n) {
      msrpgw::test::GuardedBuffer g(std::string(reinterpret_cast<const char*>(full.data()), n));
      auto m = decodeRp(asBytes(g.view()));
      if (n < full.size()) {
        // RP-ACK / RP-ERROR end where their optional element would start.
        bool optional_tail_cut = m.ok() && !std::holds_alternative<RpData>(*m);
        EXPECT_TRUE(!m.ok() || optional_tail_cut) << hex << " prefix " << n;
        continue;
      }
      ASSERT_THAT(m, IsOk()) << hex;
      auto t = rpTpdu(*m);
      (void)t;
    }
  }
}

}  // namespace
}  // namespace msrpgw::proto::sms
