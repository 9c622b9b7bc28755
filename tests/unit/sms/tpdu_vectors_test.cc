// Every TPDU vector of reference/sms.md §9, decoded field by field and re-encoded byte for
// byte.
#include <gtest/gtest.h>

#include <string>

#include "proto/sms/rp.h"
#include "proto/sms/tpdu.h"
#include "tests/support/guarded_buffer.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/sms/hex.h"
#include "tests/unit/sms/vectors.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::HasErrcAt;
using msrpgw::test::IsOk;
using test::fromHex;
using test::stripSca;
using test::toHex;
using namespace test::vectors;

template <class T>
T decodeAs(const Octets& tpdu, Direction dir) {
  auto r = decodeTpdu(view(tpdu), dir);
  EXPECT_THAT(r, IsOk());
  if (!r.ok()) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(*r));
  if (!std::holds_alternative<T>(*r)) return T{};
  return std::get<T>(*r);
}

void expectReencodes(const Tpdu& t, const Octets& want) {
  auto enc = encodeTpdu(t);
  ASSERT_THAT(enc, IsOk());
  EXPECT_EQ(toHex(*enc), toHex(want));
}

std::string text(const UserData& ud, uint8_t dcs) {
  return userDataText(ud, dcs).value_or("<none>");
}

TEST(TpduVectors, T1SubmitRelativeVp) {
  Octets tpdu = stripSca(fromHex(kT1));
  auto s = decodeAs<Submit>(tpdu, Direction::kMsToSc);
  EXPECT_FALSE(s.reject_duplicates);
  EXPECT_FALSE(s.status_report);
  EXPECT_FALSE(s.reply_path);
  EXPECT_EQ(s.mr, 0);
  EXPECT_EQ(s.da, internationalNumber("46708251358"));
  EXPECT_EQ(s.pid, 0);
  EXPECT_EQ(s.dcs, 0);
  EXPECT_EQ(s.vp.format, VpFormat::kRelative);
  EXPECT_EQ(s.vp.relative, 0xAA);
  EXPECT_EQ(relativeVpSeconds(s.vp.relative), 4u * 86400);
  EXPECT_FALSE(s.ud.header);
  EXPECT_EQ(s.ud.septets.size(), 10u);
  EXPECT_EQ(text(s.ud, s.dcs), "hellohello");
  expectReencodes(s, tpdu);
}

TEST(TpduVectors, T1bSubmitWithoutVp) {
  Octets tpdu = stripSca(fromHex(kT1b));
  auto s = decodeAs<Submit>(tpdu, Direction::kMsToSc);
  EXPECT_EQ(s.vp.format, VpFormat::kNone);
  EXPECT_EQ(s.da.value, "46708251358");
  EXPECT_EQ(text(s.ud, s.dcs), "hellohello");
  expectReencodes(s, tpdu);
}

TEST(TpduVectors, T2DeliverSubscriberNationalOa) {
  Octets at = fromHex(kT2);
  // The SMSC address in front: +27381000015.
  Reader sca(view(at).subspan(0, 8));
  auto rp_addr = decodeRpAddress(sca);
  ASSERT_THAT(rp_addr, IsOk());
  EXPECT_EQ(rp_addr->address, internationalNumber("27381000015"));

  Octets tpdu = stripSca(at);
  auto d = decodeAs<Deliver>(tpdu, Direction::kScToMs);
  EXPECT_TRUE(d.no_more_messages);
  EXPECT_FALSE(d.loop_prevention);
  EXPECT_FALSE(d.status_report);
  EXPECT_FALSE(d.reply_path);
  EXPECT_EQ(d.oa.ton, Ton::kSubscriber);
  EXPECT_EQ(d.oa.npi, Npi::kNational);
  EXPECT_EQ(d.oa.value, "27838890001");
  EXPECT_EQ(d.oa.typeOctet(), 0xC8);
  EXPECT_EQ(d.pid, 0);
  EXPECT_EQ(d.dcs, 0);
  EXPECT_EQ(d.scts, (Timestamp{1999, 3, 29, 15, 16, 59, 8}));
  EXPECT_EQ(toDateTime(d.scts), "1999-03-29T15:16:59+02:00");
  EXPECT_EQ(text(d.ud, d.dcs), "hellohello");
  expectReencodes(d, tpdu);
}

TEST(TpduVectors, T3PackedText) {
  // Covered in gsm7_test.cc as packing; here as a TP-UD of UDL 10.
  Octets ud = fromHex("0A E8329BFD4697D9EC37");
  Reader r(view(ud));
  auto d = decodeUserData(r, 0x00, false);
  ASSERT_THAT(d, IsOk());
  EXPECT_EQ(text(*d, 0), "hellohello");
}

TEST(TpduVectors, T4ConcatenatedDeliverParts) {
  Octets p1 = stripSca(fromHex(kT4a));
  auto d1 = decodeAs<Deliver>(p1, Direction::kScToMs);
  EXPECT_EQ(d1.oa, internationalNumber("447930250969"));
  EXPECT_EQ(d1.scts, (Timestamp{2005, 10, 15, 23, 35, 22, 4}));
  EXPECT_EQ(toDateTime(d1.scts), "2005-10-15T23:35:22+01:00");
  ASSERT_TRUE(d1.ud.header);
  ASSERT_EQ(d1.ud.header->elements.size(), 1u);
  EXPECT_EQ(d1.ud.header->elements[0], (InformationElement{0x00, {0x7A, 0x02, 0x01}}));
  EXPECT_EQ(d1.ud.header->concat(), (Concat{122, 2, 1, false}));
  EXPECT_EQ(d1.ud.septets.size(), 153u);
  std::string t1 = text(d1.ud, d1.dcs);
  EXPECT_EQ(t1.rfind("Highlight to all deeps", 0), 0u) << t1;
  expectReencodes(d1, p1);

  Octets p2 = stripSca(fromHex(kT4b));
  auto d2 = decodeAs<Deliver>(p2, Direction::kScToMs);
  EXPECT_EQ(d2.ud.header->concat(), (Concat{122, 2, 2, false}));
  EXPECT_EQ(d2.ud.septets.size(), 49u - 7u);
  std::string t2 = text(d2.ud, d2.dcs);
  ASSERT_GE(t2.size(), 5u);
  EXPECT_EQ(t2.substr(t2.size() - 5), "BORED") << t2;
  expectReencodes(d2, p2);
}

TEST(TpduVectors, T5DeliverUcs2) {
  Octets tpdu = stripSca(fromHex(kT5));
  auto d = decodeAs<Deliver>(tpdu, Direction::kScToMs);
  EXPECT_EQ(d.oa, internationalNumber("221772610419"));
  EXPECT_EQ(d.dcs, 0x08);
  EXPECT_EQ(decodeDcs(d.dcs).alphabet, Alphabet::kUcs2);
  EXPECT_EQ(d.ud.octets.size(), 28u);
  EXPECT_EQ(text(d.ud, d.dcs), ".@€£hello éìkð");
  expectReencodes(d, tpdu);
}

TEST(TpduVectors, T6SubmitConcatenatedWithSrr) {
  Octets tpdu = stripSca(fromHex(kT6));
  auto s = decodeAs<Submit>(tpdu, Direction::kMsToSc);
  EXPECT_TRUE(s.status_report);
  EXPECT_FALSE(s.reject_duplicates);
  EXPECT_EQ(s.vp.format, VpFormat::kNone);
  EXPECT_EQ(s.mr, 1);
  EXPECT_EQ(s.da, internationalNumber("77777777777"));
  ASSERT_TRUE(s.ud.header);
  EXPECT_EQ(s.ud.header->concat(), (Concat{1, 3, 1, false}));
  std::string hello;
  for (int i = 0; i < 31; ++i) hello += "hello";
  EXPECT_EQ(text(s.ud, s.dcs), hello.substr(0, 153));
  expectReencodes(s, tpdu);
}

TEST(TpduVectors, T7StatusReport) {
  Octets tpdu = fromHex(kT7);
  auto s = decodeAs<StatusReport>(tpdu, Direction::kScToMs);
  EXPECT_TRUE(s.no_more_messages);
  EXPECT_FALSE(s.qualifier);
  EXPECT_EQ(s.mr, 0);
  EXPECT_EQ(s.ra.value, "1234");
  EXPECT_EQ(s.ra.typeOctet(), 0x80);
  Timestamp t{2011, 3, 22, 14, 25, 40, 36};
  EXPECT_EQ(s.scts, t);
  EXPECT_EQ(s.dt, t);
  EXPECT_EQ(toDateTime(s.dt), "2011-03-22T14:25:40+09:00");
  EXPECT_EQ(s.st, 0x00);
  EXPECT_FALSE(s.tail);
  expectReencodes(s, tpdu);
}

TEST(TpduVectors, T8ReservedMtiIsRejectedButReadsAsStatusReport) {
  Octets tpdu = fromHex(kT8);
  EXPECT_THAT(decodeTpdu(view(tpdu), Direction::kScToMs), HasErrcAt(Errc::kBadMessageType, 0u));
  auto s = decodeStatusReport(view(tpdu));
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->mr, 0x42);
  EXPECT_EQ(s->ra, internationalNumber("6391"));
  EXPECT_EQ(s->scts, (Timestamp{2015, 5, 17, 23, 2, 50, 32}));
  EXPECT_EQ(s->dt, (Timestamp{2015, 4, 18, 23, 2, 50, 24}));
  EXPECT_EQ(toDateTime(s->scts), "2015-05-17T23:02:50+08:00");
  EXPECT_EQ(s->st, 0xAB);
  // Re-encoded as a real STATUS-REPORT: only TP-MTI differs (11 -> 10).
  Octets want = tpdu;
  want[0] = 0x02;
  expectReencodes(*s, want);
}

TEST(TpduVectors, T9Ucs2SurrogatePair) {
  Octets tpdu = fromHex(kT9);
  auto d = decodeAs<Deliver>(tpdu, Direction::kScToMs);
  EXPECT_EQ(d.ud.octets.size(), 6u);
  EXPECT_EQ(text(d.ud, d.dcs),
            "\xF0\x9F\x98\x80"
            "A");
  expectReencodes(d, tpdu);
}

TEST(TpduVectors, BuildsT1FromValues) {
  Submit s;
  s.mr = 0;
  s.da = internationalNumber("46708251358");
  s.vp.format = VpFormat::kRelative;
  s.vp.relative = relativeVpCode(4 * 86400);
  auto ud = textUserData("hellohello", Alphabet::kGsm7);
  ASSERT_THAT(ud, IsOk());
  s.ud = *ud;
  expectReencodes(s, stripSca(fromHex(kT1)));
}

TEST(TpduVectors, ReportsAckAndErrorForms) {
  // SUBMIT-REPORT ack: FO 01, PI 00, SCTS.
  Octets sr = fromHex("0100993092516195 80");
  auto a = decodeTpdu(view(sr), Direction::kScToMs, ReportForm::kAck);
  ASSERT_THAT(a, IsOk());
  const auto& rep = std::get<SubmitReport>(*a);
  EXPECT_FALSE(rep.fcs);
  EXPECT_EQ(rep.tail.pi, 0);
  EXPECT_EQ(rep.scts, (Timestamp{1999, 3, 29, 15, 16, 59, 8}));
  expectReencodes(rep, sr);

  // SUBMIT-REPORT error with FCS C5 (duplicate), PI 07, PID, DCS 08, UD "Hi".
  Octets sre = fromHex("01C507993092516195800008 04 00480069");
  auto e = decodeTpdu(view(sre), Direction::kScToMs, ReportForm::kError);
  ASSERT_THAT(e, IsOk());
  const auto& rep2 = std::get<SubmitReport>(*e);
  EXPECT_EQ(rep2.fcs, 0xC5);
  EXPECT_EQ(rep2.tail.pi, 0x07);
  EXPECT_EQ(rep2.tail.dcs, 0x08);
  EXPECT_EQ(text(rep2.tail.ud, rep2.tail.dcs), "Hi");
  expectReencodes(rep2, sre);

  // DELIVER-REPORT ack and error (FCS D3 memory capacity exceeded).
  Octets dra = fromHex("0000");
  auto da = decodeTpdu(view(dra), Direction::kMsToSc, ReportForm::kAck);
  ASSERT_THAT(da, IsOk());
  EXPECT_FALSE(std::get<DeliverReport>(*da).fcs);
  expectReencodes(*da, dra);
  Octets dre = fromHex("00D300");
  auto de = decodeTpdu(view(dre), Direction::kMsToSc, ReportForm::kError);
  ASSERT_THAT(de, IsOk());
  EXPECT_EQ(std::get<DeliverReport>(*de).fcs, 0xD3);
  expectReencodes(*de, dre);
}

TEST(TpduVectors, StatusReportWithTailAndUdh) {
  StatusReport s;
  s.mr = 7;
  s.ra = internationalNumber("46708251358");
  s.scts = {2024, 2, 29, 23, 59, 59, -20};
  s.dt = {2024, 3, 1, 0, 0, 1, -20};
  s.st = 0x46;
  ReportTail tail;
  tail.pi = 0x07;
  tail.pid = 0x00;
  tail.dcs = 0x00;
  auto ud = textUserData("late", Alphabet::kGsm7, Udh{{portsElement({2948, 9200, true})}});
  ASSERT_THAT(ud, IsOk());
  tail.ud = *ud;
  s.tail = tail;
  auto enc = encodeTpdu(s);
  ASSERT_THAT(enc, IsOk());
  EXPECT_EQ((*enc)[0], 0x46);  // MTI 10 + MMS + UDHI
  auto back = decodeTpdu(view(*enc), Direction::kScToMs);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(std::get<StatusReport>(*back), s);
  EXPECT_EQ(std::get<StatusReport>(*back).tail->ud.header->ports(), (Ports{2948, 9200, true}));
}

TEST(TpduVectors, CommandIsPassedThrough) {
  // FO 02 (MTI 10), MR 05, PID 00, CT 01 (cancel SRR), MN 04, DA +4670, CDL 0.
  Octets c = fromHex("0205000104 04916407 00");
  auto t = decodeTpdu(view(c), Direction::kMsToSc);
  ASSERT_THAT(t, IsOk());
  const auto& cmd = std::get<Command>(*t);
  EXPECT_EQ(cmd.mr, 5);
  EXPECT_EQ(cmd.ct, 1);
  EXPECT_EQ(cmd.da, internationalNumber("4670"));
  expectReencodes(cmd, c);
}

TEST(TpduVectors, SubmitWithAbsoluteAndEnhancedVp) {
  Submit s;
  s.reject_duplicates = true;
  s.reply_path = true;
  s.mr = 0xFE;
  s.da = Address{Ton::kNational, Npi::kIsdn, "0701234567"};
  s.vp.format = VpFormat::kAbsolute;
  s.vp.absolute = {2030, 12, 31, 23, 0, 0, -22};
  s.dcs = makeDcs(Alphabet::kUcs2, 1);
  auto ud = textUserData("Ω😀", Alphabet::kUcs2);
  ASSERT_THAT(ud, IsOk());
  s.ud = *ud;
  auto enc = encodeTpdu(s);
  ASSERT_THAT(enc, IsOk());
  EXPECT_EQ((*enc)[0], 0x01 | 0x04 | 0x18 | 0x80);
  auto back = decodeTpdu(view(*enc), Direction::kMsToSc);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(std::get<Submit>(*back), s);

  s.vp.format = VpFormat::kEnhanced;
  s.vp.enhanced = {0x43, 0x01, 0x30, 0x00, 0x00, 0x00, 0x00};  // single shot, 10:03:00
  enc = encodeTpdu(s);
  ASSERT_THAT(enc, IsOk());
  EXPECT_EQ((*enc)[0] & 0x18, 0x08);
  back = decodeTpdu(view(*enc), Direction::kMsToSc);
  ASSERT_THAT(back, IsOk());
  const auto& vp = std::get<Submit>(*back).vp;
  auto e = decodeEnhancedVp(vp.enhanced);
  ASSERT_THAT(e, IsOk());
  EXPECT_TRUE(e->single_shot);
  EXPECT_EQ(e->seconds, 10u * 3600 + 3 * 60);
}

// Every vector and every prefix of it, decoded from a copy that ends at a PROT_NONE page:
// a read past the end crashes. A prefix either decodes or fails cleanly.
TEST(TpduVectors, EveryPrefixAgainstAGuardPage) {
  struct V {
    const char* hex;
    bool at_form;
    Direction dir;
  };
  for (const V& v : {V{kT1, true, Direction::kMsToSc}, V{kT1b, true, Direction::kMsToSc},
                     V{kT2, true, Direction::kScToMs}, V{kT4a, true, Direction::kScToMs},
                     V{kT4b, true, Direction::kScToMs}, V{kT5, true, Direction::kScToMs},
                     V{kT6, true, Direction::kMsToSc}, V{kT7, false, Direction::kScToMs},
                     V{kT8, false, Direction::kScToMs}, V{kT9, false, Direction::kScToMs}}) {
    Octets full = fromHex(v.hex);
    if (v.at_form) full = stripSca(full);
    for (size_t n = 0; n <= full.size(); ++n) {
      std::string bytes(reinterpret_cast<const char*>(full.data()), n);
      msrpgw::test::GuardedBuffer g(bytes);
      ByteView in = asBytes(g.view());
      auto t = decodeTpdu(in, v.dir);
      if (n < full.size() && t.ok()) {
        // Only a shorter TP-UD could still parse; never beyond the input.
        ADD_FAILURE() << v.hex << " prefix " << n << " decoded";
      }
      for (ReportForm f : {ReportForm::kAck, ReportForm::kError}) {
        for (Direction d : {Direction::kMsToSc, Direction::kScToMs}) (void)decodeTpdu(in, d, f);
      }
      (void)decodeRp(in);
    }
  }
}

TEST(TpduVectors, ErrorsMapToRpCausesAndFailureCauses) {
  EXPECT_EQ(rpCauseFor(Errc::kBadMessageType), 97);
  EXPECT_EQ(rpCauseFor(Errc::kBadElement), 99);
  EXPECT_EQ(rpCauseFor(Errc::kTruncated), 96);
  EXPECT_EQ(rpCauseFor(Errc::kTrailingData), 95);
  EXPECT_EQ(tpFailureCauseFor(Errc::kBadAddress), 0xC3);
  EXPECT_EQ(tpFailureCauseFor(Errc::kBadValidityPeriod), 0xC7);
  EXPECT_EQ(tpFailureCauseFor(Errc::kBadMessageType), 0xB0);
  EXPECT_EQ(tpFailureCauseFor(Errc::kBadUdh), 0xFF);
}

}  // namespace
}  // namespace msrpgw::proto::sms
