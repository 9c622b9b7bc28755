// tshark decodes what proto/sms encodes: each case is an RP message built from values by
// our encoders, sent as the body of a SIP MESSAGE (Content-Type application/vnd.3gpp.sms)
// over UDP 5060, and checked field by field against tshark's gsm_a.rp / gsm_sms output.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "proto/sms/rp.h"
#include "proto/sms/segment.h"
#include "proto/sms/tpdu.h"
#include "tests/support/pcap_writer.h"
#include "tests/support/result_matchers.h"
#include "tests/support/subprocess.h"
#include "tests/support/tshark.h"
#include "tests/unit/sms/hex.h"
#include "tests/unit/sms/vectors.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::IsOk;

struct Case {
  std::string name;
  Octets rp;
  std::map<std::string, std::string> expect;  // tshark field -> value ('|' joins repeats)
  std::vector<std::string> verbose;           // lines of tshark -V output for this packet
};

// tshark 4.0 flags every SIP header block it shows as a string with "Trailing stray
// characters" (a quirk of its SIP dissector, not of our bytes): every other warning counts.
std::vector<std::string> problems(const std::string& pcap) {
  auto out = msrpgw::test::tsharkFields(
      pcap, {}, "", {"frame.number", "_ws.expert.severity", "_ws.expert.message", "_ws.malformed"});
  std::vector<std::string> found;
  for (const auto& row : out.rows) {
    if (row.size() < 4) continue;
    if (!row[3].empty()) found.push_back("frame " + row[0] + ": malformed");
    std::vector<std::string> sev, msg;
    auto split = [](const std::string& s, std::vector<std::string>& v) {
      size_t p = 0;
      while (p <= s.size()) {
        size_t bar = s.find('|', p);
        v.push_back(s.substr(p, bar == std::string::npos ? std::string::npos : bar - p));
        if (bar == std::string::npos) break;
        p = bar + 1;
      }
    };
    split(row[1], sev);
    split(row[2], msg);
    for (size_t i = 0; i < sev.size() && i < msg.size(); ++i) {
      if (sev[i].empty() || std::stol(sev[i]) < 6291456) continue;  // below PI_WARN
      if (msg[i] == "Trailing stray characters") continue;
      found.push_back("frame " + row[0] + ": " + msg[i]);
    }
  }
  return found;
}

// tshark -V output of one frame.
std::string verboseFrame(const std::string& pcap, size_t frame) {
  auto r = msrpgw::test::runCommand(
      {"tshark", "-n", "-r", pcap, "-V", "-Y", "frame.number == " + std::to_string(frame)});
  return r.out;
}

std::string sipMessage(const Octets& body, int n) {
  std::string s =
      "MESSAGE sip:sc.home1.net SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK" +
      std::to_string(n) +
      "\r\n"
      "From: <sip:+46708251358@ims.example>;tag=" +
      std::to_string(n) +
      "\r\n"
      "To: <sip:sc.home1.net>\r\n"
      "Call-ID: sms-" +
      std::to_string(n) +
      "@127.0.0.1\r\n"
      "CSeq: 1 MESSAGE\r\n"
      "Max-Forwards: 70\r\n"
      "Content-Type: application/vnd.3gpp.sms\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  s.append(reinterpret_cast<const char*>(body.data()), body.size());
  return s;
}

Octets rpOf(const RpMessage& m) {
  auto enc = encodeRp(m);
  EXPECT_THAT(enc, IsOk());
  return enc.ok() ? *enc : Octets{};
}

Octets tpduOf(const Tpdu& t) {
  auto enc = encodeTpdu(t);
  EXPECT_THAT(enc, IsOk());
  return enc.ok() ? *enc : Octets{};
}

// RP-DATA MS -> N (RP-DA = the SC) carrying `t`, encoded.
Octets moData(uint8_t mr, const Tpdu& t) {
  Octets tpdu = tpduOf(t);
  RpData d;
  d.dir = Direction::kMsToSc;
  d.mr = mr;
  d.da = {true, internationalNumber("27381000015")};
  d.user_data = view(tpdu);
  return rpOf(d);
}

// RP-DATA N -> MS (RP-OA = the SC) carrying `t`, encoded.
Octets mtData(uint8_t mr, const Tpdu& t) {
  Octets tpdu = tpduOf(t);
  RpData d;
  d.dir = Direction::kScToMs;
  d.mr = mr;
  d.oa = {true, internationalNumber("27381000015")};
  d.user_data = view(tpdu);
  return rpOf(d);
}

UserData text(std::string_view utf8, Alphabet a) {
  auto ud = textUserData(utf8, a);
  EXPECT_THAT(ud, IsOk());
  return ud.ok() ? *ud : UserData{};
}

class SmsTshark : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(msrpgw::test::haveProgram("tshark"))
        << "tshark missing: run tools/install-deps --test";
  }

  // Writes every case as one packet and compares the fields tshark decoded.
  void check(const std::vector<Case>& cases, const std::string& file) {
    std::string pcap = msrpgw::test::tempPath(file);
    {
      msrpgw::test::PcapWriter w(pcap);
      for (size_t i = 0; i < cases.size(); ++i) {
        w.udp({0x7f000001, 5060}, {0x7f000002, 5060}, sipMessage(cases[i].rp, static_cast<int>(i)));
      }
      ASSERT_TRUE(w.close());
    }
    std::set<std::string> names;
    for (const auto& c : cases) {
      for (const auto& [f, v] : c.expect) names.insert(f);
    }
    std::vector<std::string> fields(names.begin(), names.end());
    auto out = msrpgw::test::tsharkFields(pcap, {}, "", fields);
    ASSERT_EQ(out.exit_code, 0) << out.err;
    ASSERT_EQ(out.rows.size(), cases.size());
    for (size_t i = 0; i < cases.size(); ++i) {
      for (size_t k = 0; k < fields.size(); ++k) {
        auto it = cases[i].expect.find(fields[k]);
        if (it == cases[i].expect.end()) continue;
        std::string got = k < out.rows[i].size() ? out.rows[i][k] : "<missing>";
        EXPECT_EQ(got, it->second) << cases[i].name << ": " << fields[k];
      }
    }
    for (size_t i = 0; i < cases.size(); ++i) {
      if (cases[i].verbose.empty()) continue;
      std::string v = verboseFrame(pcap, i + 1);
      for (const auto& line : cases[i].verbose) {
        EXPECT_NE(v.find(line), std::string::npos)
            << cases[i].name << ": no \"" << line << "\" in\n"
            << v;
      }
    }
    auto bad = problems(pcap);
    EXPECT_TRUE(bad.empty()) << ::testing::PrintToString(bad) << "\n"
                             << msrpgw::test::tsharkVerbose(pcap, {});
  }
};

TEST_F(SmsTshark, SubmitAndDeliverTexts) {
  std::vector<Case> cases;
  {
    Submit s;
    s.da = internationalNumber("46708251358");
    s.vp = {VpFormat::kRelative, relativeVpCode(4 * 86400), {}, {}};
    s.ud = text("hellohello", Alphabet::kGsm7);
    cases.push_back({"submit gsm7",
                     (moData(1, s)),
                     {{"gsm_a.rp.msg_type", "0x00"},
                      {"gsm_a.rp.rp_message_reference", "0x01"},
                      {"gsm_a.dtap.cld_party_bcd_num", "27381000015"},
                      {"gsm_sms.tp-mti", "1"},
                      {"gsm_sms.tp-vpf", "2"},
                      {"gsm_sms.vp.validity_period", "170"},
                      {"gsm_sms.tp-da", "46708251358"},
                      {"gsm_sms.tp.user_data_length", "10"},
                      {"gsm_sms.sms_text", "hellohello"}}});
  }
  {
    Submit s;
    s.mr = 0x42;
    s.reject_duplicates = true;
    s.status_report = true;
    s.da = Address{Ton::kNational, Npi::kIsdn, "0708251358"};
    s.ud = text("{ext} [€] ~\\^| Ç@£$¥èéùìò", Alphabet::kGsm7);
    cases.push_back({"submit extension table",
                     (moData(2, s)),
                     {{"gsm_sms.tp-mr", "66"},
                      {"gsm_sms.tp-rd", "1"},
                      {"gsm_sms.tp-srr", "1"},
                      {"gsm_sms.tp-vpf", "0"},
                      {"gsm_sms.dis_field_addr.num_type", "2"},
                      {"gsm_sms.tp-da", "0708251358"},
                      {"gsm_sms.sms_text", "{ext} [€] ~\\^| Ç@£$¥èéùìò"}}});
  }
  {
    Deliver d;
    d.oa = internationalNumber("447930250969");
    d.scts = {2005, 10, 15, 23, 35, 22, 4};
    d.dcs = makeDcs(Alphabet::kUcs2);
    d.ud = text("Grüße 😀 Жж", Alphabet::kUcs2);
    cases.push_back({"deliver ucs2",
                     (mtData(3, d)),
                     {{"gsm_a.rp.msg_type", "0x01"},
                      {"gsm_a.dtap.cld_party_bcd_num", "27381000015"},  // RP-OA, same field
                      {"gsm_sms.tp-mti", "0"},
                      {"gsm_sms.tp-mms", "1"},
                      {"gsm_sms.tp-oa", "447930250969"},
                      {"gsm_sms.tp-dcs", "8"},
                      {"gsm_sms.scts.year", "5"},
                      {"gsm_sms.scts.month", "10"},
                      {"gsm_sms.scts.day", "15"},
                      {"gsm_sms.scts.hour", "23"},
                      {"gsm_sms.scts.minutes", "35"},
                      {"gsm_sms.scts.seconds", "22"},
                      {"gsm_sms.scts.timezone", "4"},
                      {"gsm_sms.sms_text", "Grüße 😀 Жж"}},
                     {"Timezone: GMT + 1 hours 0 minutes"}});
  }
  {
    Deliver d;
    d.no_more_messages = false;
    d.status_report = true;
    d.reply_path = true;
    d.oa = Address{Ton::kAlphanumeric, Npi::kUnknown, "Design@Home"};
    d.scts = {2026, 2, 28, 9, 5, 0, -14};
    d.ud = text("alphanumeric sender", Alphabet::kGsm7);
    cases.push_back({"deliver alphanumeric oa",
                     (mtData(4, d)),
                     {{"gsm_sms.tp-mms", "0"},
                      {"gsm_sms.tp-sri", "1"},
                      {"gsm_sms.tp-rp", "1"},
                      {"gsm_sms.dis_field_addr.num_type", "5"},
                      {"gsm_sms.tp-oa", "Design@Home"},
                      {"gsm_sms.scts.timezone", "14"},
                      {"gsm_sms.sms_text", "alphanumeric sender"}},
                     {"Timezone: GMT - 3 hours 30 minutes"}});
  }
  check(cases, "sms-texts.pcap");
}

TEST_F(SmsTshark, ConcatenatedSegments) {
  std::vector<Case> cases;
  // GSM 7-bit with extension characters around the split points, 8-bit reference.
  std::string gsm;
  for (int i = 0; i < 30; ++i) gsm += "part{" + std::to_string(i) + "}€ ";
  auto plan = segmentText(gsm);
  ASSERT_THAT(plan, IsOk());
  ASSERT_EQ(plan->alphabet, Alphabet::kGsm7);
  ASSERT_EQ(plan->segments.size(), 3u);
  for (size_t i = 0; i < plan->segments.size(); ++i) {
    Submit s;
    s.mr = static_cast<uint8_t>(10 + i);
    s.da = internationalNumber("46708251358");
    s.ud = segmentUserData(*plan, i, 0xC3);
    std::string n = std::to_string(i + 1);
    cases.push_back({"gsm7 part " + n,
                     (moData(static_cast<uint8_t>(i), s)),
                     {{"gsm_sms.tp-udhi", "1"},
                      {"gsm_sms.dis_field_udh.user_data_header_length", "5"},
                      {"gsm_sms.udh.mm.msg_id", "195"},
                      {"gsm_sms.udh.mm.msg_parts", "3"},
                      {"gsm_sms.udh.mm.msg_part", n},
                      {"gsm_sms.tp.user_data_length", std::to_string(7 + plan->segments[i].units)}},
                     {"SMS text: " + plan->segments[i].text,
                      ".... ...0 = Fill bits: 0x0"}});  // a one-bit mask: 1 fill bit
  }
  // UCS2 with emoji, 16-bit reference.
  std::string u;
  for (int i = 0; i < 30; ++i) u += "Жx😀";
  SegmentOptions o;
  o.ref16 = true;
  auto uplan = segmentText(u, o);
  ASSERT_THAT(uplan, IsOk());
  ASSERT_EQ(uplan->alphabet, Alphabet::kUcs2);
  ASSERT_EQ(uplan->segments.size(), 2u);
  for (size_t i = 0; i < uplan->segments.size(); ++i) {
    Deliver d;
    d.oa = internationalNumber("447930250969");
    d.scts = {2026, 11, 26, 1, 2, 3, 0};
    d.dcs = makeDcs(Alphabet::kUcs2);
    d.ud = segmentUserData(*uplan, i, 0xBEEF);
    std::string n = std::to_string(i + 1);
    cases.push_back(
        {"ucs2 part " + n,
         (mtData(static_cast<uint8_t>(20 + i), d)),
         {{"gsm_sms.tp-udhi", "1"},
          {"gsm_sms.dis_field_udh.user_data_header_length", "6"},
          {"gsm_sms.udh.mm.msg_id", "48879"},
          {"gsm_sms.udh.mm.msg_parts", "2"},
          {"gsm_sms.udh.mm.msg_part", n},
          {"gsm_sms.tp.user_data_length", std::to_string(7 + 2 * uplan->segments[i].units)}},
         {"SMS text: " + uplan->segments[i].text}});
  }
  // The last GSM part completes tshark's own reassembly of the three.
  cases[2].verbose.push_back("[3 Short Message fragments");
  check(cases, "sms-concat.pcap");
}

TEST_F(SmsTshark, HeadersPortsAndValidityPeriods) {
  std::vector<Case> cases;
  {
    Submit s;
    s.da = internationalNumber("46708251358");
    s.vp.format = VpFormat::kAbsolute;
    s.vp.absolute = {2030, 12, 31, 23, 0, 0, -22};
    s.dcs = makeDcs(Alphabet::k8Bit);
    s.ud.header = Udh{{portsElement({2948, 9200, true})}};
    s.ud.octets = {0xDE, 0xAD, 0xBE, 0xEF};
    cases.push_back({"8-bit with 16-bit ports, absolute VP",
                     (moData(1, s)),
                     {{"gsm_sms.tp-vpf", "3"},
                      {"gsm_sms.destination_port", "2948"},
                      {"gsm_sms.originator_port", "9200"},
                      {"gsm_sms.tp.user_data_length", "11"}},
                     {"TP-Validity-Period: absolute", "Year: 30", "Month: 12", "Day: 31",
                      "Hour: 23", "Timezone: GMT - 5 hours 30 minutes"}});
  }
  {
    Submit s;
    s.da = internationalNumber("46708251358");
    s.vp.format = VpFormat::kEnhanced;
    s.vp.enhanced = {0x43, 0x01, 0x30, 0x00, 0x00, 0x00, 0x00};
    s.ud = text("enhanced", Alphabet::kGsm7);
    s.ud.header = Udh{{{kIeiSingleShift, {0x01}}, {kIeiLockingShift, {0x02}}, {0x70, {}}}};
    cases.push_back({"enhanced VP, shift tables, unknown IE",
                     (moData(2, s)),
                     {{"gsm_sms.tp-vpf", "1"},
                      {"gsm_sms.vp.single_shot_sm", "1"},
                      {"gsm_sms.vp.validity_period_format", "3"},
                      {"gsm_sms.vp.validity_period.hour", "10"},
                      {"gsm_sms.vp.validity_period.minutes", "3"},
                      {"gsm_sms.dis_iei_lang.single_shift", "1"},
                      {"gsm_sms.dis_iei_lang.locking_shift", "2"},
                      {"gsm_sms.dis_field_udh.user_data_header_length", "8"}}});
  }
  check(cases, "sms-headers.pcap");
}

TEST_F(SmsTshark, ReportsAcksErrorsAndSmma) {
  std::vector<Case> cases;
  {
    SubmitReport r;
    r.scts = {1999, 3, 29, 15, 16, 59, 8};
    RpAck a;
    a.dir = Direction::kScToMs;
    a.mr = 1;
    Octets tpdu = tpduOf(r);
    a.user_data = view(tpdu);
    cases.push_back({"RP-ACK + SUBMIT-REPORT",
                     rpOf(a),
                     {{"gsm_a.rp.msg_type", "0x03"},
                      {"gsm_a.rp.rp_message_reference", "0x01"},
                      {"gsm_sms.tp-mti", "1"},
                      {"gsm_sms.scts.year", "99"},
                      {"gsm_sms.scts.timezone", "8"}}});
  }
  {
    RpError e;
    e.dir = Direction::kScToMs;
    e.mr = 2;
    e.cause = kCauseCongestion;
    cases.push_back({"RP-ERROR congestion",
                     rpOf(e),
                     {{"gsm_a.rp.msg_type", "0x05"}, {"gsm_a.rp.cause", "42"}}});
  }
  {
    DeliverReport r;
    r.fcs = 0xD3;
    RpError e;
    e.dir = Direction::kMsToSc;
    e.mr = 3;
    e.cause = kCauseMemoryCapacityExceeded;
    e.diagnostic = 0x07;
    Octets tpdu = tpduOf(r);
    e.user_data = view(tpdu);
    cases.push_back({"RP-ERROR + DELIVER-REPORT FCS D3",
                     rpOf(e),
                     {{"gsm_a.rp.msg_type", "0x04"},
                      {"gsm_a.rp.cause", "22"},
                      {"gsm_a.rp.diagnostic_field", "07"},
                      {"gsm_sms.tp-mti", "0"},
                      {"gsm_sms.tp-fcs", "0xd3"}}});
  }
  {
    DeliverReport r;
    r.tail.pi = 0x07;
    r.tail.dcs = makeDcs(Alphabet::kGsm7);
    r.tail.ud = text("got it", Alphabet::kGsm7);
    RpAck a;
    a.dir = Direction::kMsToSc;
    a.mr = 4;
    Octets tpdu = tpduOf(r);
    a.user_data = view(tpdu);
    cases.push_back({"RP-ACK + DELIVER-REPORT with text",
                     rpOf(a),
                     {{"gsm_a.rp.msg_type", "0x02"},
                      {"gsm_sms.tp.parameter_indicator", "0x07"},
                      {"gsm_sms.sms_text", "got it"}}});
  }
  {
    StatusReport s;
    s.mr = 0x42;
    s.ra = internationalNumber("46708251358");
    s.scts = {2011, 3, 22, 14, 25, 40, 36};
    s.dt = {2011, 3, 22, 14, 26, 1, 36};
    s.st = 0x46;
    cases.push_back({"RP-DATA + STATUS-REPORT",
                     (mtData(5, s)),
                     {{"gsm_sms.tp-mti", "2"},
                      {"gsm_sms.tp-mr", "66"},
                      {"gsm_sms.tp-ra", "46708251358"},
                      {"gsm_sms.tp-srq", "0"}},
                     {"Validity Period Expired"}});
  }
  cases.push_back({"RP-SMMA",
                   rpOf(RpSmma{6}),
                   {{"gsm_a.rp.msg_type", "0x06"}, {"gsm_a.rp.rp_message_reference", "0x06"}}});
  check(cases, "sms-reports.pcap");
}

// The reference vectors, decoded and re-encoded by us, in RP-DATA built by us.
TEST_F(SmsTshark, ReferenceVectorsReencoded) {
  using namespace test::vectors;
  auto reencoded = [](const char* hex, bool at_form, Direction dir) {
    Octets tpdu = test::fromHex(hex);
    if (at_form) tpdu = test::stripSca(tpdu);
    auto t = decodeTpdu(view(tpdu), dir);
    EXPECT_THAT(t, IsOk());
    return t.ok() ? *t : Tpdu{};
  };
  std::string hello31;
  for (int i = 0; i < 31; ++i) hello31 += "hello";
  std::vector<Case> cases;
  cases.push_back({"T1",
                   (moData(1, reencoded(kT1, true, Direction::kMsToSc))),
                   {{"gsm_sms.tp-da", "46708251358"},
                    {"gsm_sms.vp.validity_period", "170"},
                    {"gsm_sms.sms_text", "hellohello"}}});
  cases.push_back({"T1b",
                   (moData(2, reencoded(kT1b, true, Direction::kMsToSc))),
                   {{"gsm_sms.tp-vpf", "0"}, {"gsm_sms.sms_text", "hellohello"}}});
  cases.push_back({"T2",
                   (mtData(3, reencoded(kT2, true, Direction::kScToMs))),
                   {{"gsm_sms.tp-oa", "27838890001"},
                    {"gsm_sms.dis_field_addr.num_type", "4"},
                    {"gsm_sms.dis_field_addr.num_plan", "8"},
                    {"gsm_sms.scts.year", "99"},
                    {"gsm_sms.scts.timezone", "8"},
                    {"gsm_sms.sms_text", "hellohello"}}});
  cases.push_back({"T4a",
                   (mtData(4, reencoded(kT4a, true, Direction::kScToMs))),
                   {{"gsm_sms.tp-oa", "447930250969"},
                    {"gsm_sms.udh.mm.msg_id", "122"},
                    {"gsm_sms.udh.mm.msg_parts", "2"},
                    {"gsm_sms.udh.mm.msg_part", "1"},
                    {"gsm_sms.tp.user_data_length", "160"}}});
  cases.push_back({"T4b",
                   (mtData(5, reencoded(kT4b, true, Direction::kScToMs))),
                   {{"gsm_sms.udh.mm.msg_part", "2"}, {"gsm_sms.tp.user_data_length", "49"}},
                   {"[2 Short Message fragments"}});
  cases.push_back({"T5",
                   (mtData(6, reencoded(kT5, true, Direction::kScToMs))),
                   {{"gsm_sms.tp-oa", "221772610419"},
                    {"gsm_sms.tp-dcs", "8"},
                    {"gsm_sms.sms_text", ".@€£hello éìkð"}}});
  cases.push_back({"T6",
                   (moData(7, reencoded(kT6, true, Direction::kMsToSc))),
                   {{"gsm_sms.tp-srr", "1"},
                    {"gsm_sms.tp-da", "77777777777"},
                    {"gsm_sms.udh.mm.msg_id", "1"},
                    {"gsm_sms.udh.mm.msg_parts", "3"},
                    {"gsm_sms.sms_text", hello31.substr(0, 153)}}});
  cases.push_back({"T7",
                   (mtData(8, reencoded(kT7, false, Direction::kScToMs))),
                   {{"gsm_sms.tp-mti", "2"},
                    {"gsm_sms.tp-ra", "1234"},
                    {"gsm_sms.scts.year", "11|11"},  // SCTS, DT
                    {"gsm_sms.scts.timezone", "36|36"}}});
  cases.push_back({"T9",
                   (mtData(9, reencoded(kT9, false, Direction::kScToMs))),
                   {{"gsm_sms.tp.user_data_length", "6"}, {"gsm_sms.sms_text", "😀A"}}});
  check(cases, "sms-vectors.pcap");
}

// TP-DCS coding groups: tshark's reading of the octet against decodeDcs().
TEST_F(SmsTshark, DataCodingSchemes) {
  std::vector<Case> cases;
  for (uint8_t dcs : {0x00, 0x08, 0x11, 0x18, 0x04, 0x2A, 0xF6, 0xF1, 0xC8, 0xD9, 0xE2}) {
    Dcs d = decodeDcs(dcs);
    Deliver m;
    m.oa = internationalNumber("46708251358");
    m.scts = {2026, 11, 26, 1, 2, 3, 0};
    m.dcs = dcs;
    if (d.compressed || d.alphabet == Alphabet::k8Bit) {
      m.ud.octets = {0x01, 0x02, 0x03};
    } else {
      m.ud = text("dcs", d.alphabet);
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", dcs);
    Case c{
        std::string("DCS ") + hex, mtData(dcs, m), {{"gsm_sms.tp-dcs", std::to_string(dcs)}}, {}};
    auto hexOf = [](int v) { return "0x0" + std::to_string(v); };  // tshark shows 0x00-0x03
    if (d.message_class) c.expect["gsm_sms.dcs.message_class"] = hexOf(*d.message_class);
    if (d.group == DcsGroup::kGeneral && dcs != 0x00) {  // tshark shows 0x00 as a special case
      c.expect["gsm_sms.dcs.text_compressed"] = d.compressed ? "1" : "0";
      c.expect["gsm_sms.dcs.character_set"] = hexOf(d.alphabet == Alphabet::kGsm7   ? 0
                                                    : d.alphabet == Alphabet::k8Bit ? 1
                                                                                    : 2);
    }
    if (!d.compressed && d.alphabet != Alphabet::k8Bit) c.expect["gsm_sms.sms_text"] = "dcs";
    if (d.group == DcsGroup::kWaitingDiscard || d.group == DcsGroup::kWaitingStoreGsm7 ||
        d.group == DcsGroup::kWaitingStoreUcs2) {
      c.expect["gsm_sms.dcs.indication_sense"] = d.waiting_active ? "1" : "0";
      c.expect["gsm_sms.dcs.message_waiting"] = hexOf(static_cast<int>(d.waiting_type));
    }
    cases.push_back(std::move(c));
  }
  check(cases, "sms-dcs.pcap");
}

}  // namespace
}  // namespace msrpgw::proto::sms
