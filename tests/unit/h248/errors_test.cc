// Malformed input: each error class gives the H.248 code the MG should answer and the
// byte offset of the offending token. `at` names the text the offset must point to (its
// first occurrence at or after `from`).
#include <gtest/gtest.h>

#include "proto/h248/parser.h"
#include "tests/support/guarded_buffer.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/h248/vectors.h"

namespace msrpgw::proto::h248 {
namespace {

struct BadCase {
  const char* name;
  const char* input;
  Errc code;
  const char* at;  // the offending text; the expected offset is where it first occurs
  size_t from = 0;
};

const BadCase kCases[] = {
    // Header: 401 / 406.
    {"empty", "", Errc::kProtocolError, ""},
    {"no_megaco", "HELLO/1 [1.2.3.4]:5 T=1{C=-{N=a{OE=1{e/f}}}}", Errc::kProtocolError, "HELLO"},
    {"no_version", "MEGACO [1.2.3.4]:5 T=1{}", Errc::kProtocolError, "MEGACO"},
    {"version_4", "MEGACO/4 [1.2.3.4]:5 T=1{C=-{N=a{OE=1{e/f}}}}", Errc::kVersionNotSupported,
     "4 "},
    {"version_0", "!/0 mg T=1{C=-{N=a{OE=1{e/f}}}}", Errc::kVersionNotSupported, "0 "},
    {"version_letters", "MEGACO/x mg T=1{}", Errc::kProtocolError, "x"},
    {"bad_ipv4", "MEGACO/1 [1.2.3]:5 T=1{C=-{N=a{OE=1{e/f}}}}", Errc::kProtocolError, "["},
    {"ipv4_octet", "MEGACO/1 [1.2.3.256]:5 T=1{C=-{N=a{OE=1{e/f}}}}", Errc::kProtocolError, "["},
    {"unterminated_address", "MEGACO/1 [1.2.3.4:5 T=1{}", Errc::kProtocolError, "["},
    {"bad_port", "MEGACO/1 [1.2.3.4]:99999 T=1{}", Errc::kProtocolError, "99999"},
    {"bad_domain", "MEGACO/1 <a_b>:5 T=1{}", Errc::kProtocolError, "<"},
    {"mid_glued_to_body", "MEGACO/1 [1.2.3.4]:5T=1{}", Errc::kProtocolError, "5T"},
    {"device_digit", "MEGACO/1 9mg T=1{}", Errc::kProtocolError, "9mg"},
    {"bad_mtp", "MEGACO/1 MTP{xyz} T=1{}", Errc::kProtocolError, "xyz"},
    // Body: 400.
    {"no_body", "MEGACO/1 mg   ", Errc::kBadRequest, "", 14},
    {"unknown_transaction", "MEGACO/1 mg Hello=1{}", Errc::kBadRequest, "Hello"},
    {"second_transaction_unknown", "MEGACO/1 mg PN=1{} X=2{}", Errc::kBadRequest, "X=2"},
    {"text_after_message_error", "MEGACO/1 mg ER=401{\"x\"} T=1", Errc::kBadRequest, "T=1"},
    {"bad_message_error_code", "MEGACO/1 mg ER=40100{\"x\"}", Errc::kBadRequest, "40100"},
    // Transaction: 403.
    {"transaction_without_id", "!/1 mg T={C=-{N=a{OE=1{e/f}}}}", Errc::kSyntaxErrorInTransaction,
     "{"},
    {"transaction_id_too_big", "!/1 mg T=4294967296{C=-{N=a{OE=1{e/f}}}}",
     Errc::kSyntaxErrorInTransaction, "4294967296"},
    {"transaction_empty", "!/1 mg T=1{}", Errc::kSyntaxErrorInTransaction, "}"},
    {"transaction_unclosed", "!/1 mg T=1{C=-{N=a{OE=1{e/f}}}", Errc::kSyntaxErrorInTransaction, "",
     30},
    {"pending_without_braces", "!/1 mg PN=7", Errc::kSyntaxErrorInTransaction, "", 11},
    {"pending_not_empty", "!/1 mg PN=7{C}", Errc::kSyntaxErrorInTransaction, "C}"},
    {"ack_range_backwards", "!/1 mg K{5-3}", Errc::kSyntaxErrorInTransaction, "5-3"},
    {"reply_segment_in_v2", "!/2 mg P=1/1{C=-{N=a}}", Errc::kSyntaxErrorInTransaction, "P=1"},
    {"segment_in_v1", "!/1 mg SM=1/1", Errc::kSyntaxErrorInTransaction, "SM"},
    {"segment_without_number", "!/3 mg SM=1", Errc::kSyntaxErrorInTransaction, "SM"},
    {"reply_bad_end", "!/3 mg P=1/2/FIN{C=-{N=a}}", Errc::kSyntaxErrorInTransaction, "1/2/FIN"},
    {"not_a_context", "!/1 mg T=1{A=a}", Errc::kSyntaxErrorInTransaction, "A=a"},
    // Action: 422.
    {"bad_context_id", "!/1 mg T=1{C=x{A=a}}", Errc::kSyntaxErrorInAction, "x{"},
    {"unknown_command", "!/1 mg T=1{C=1{Foo=a}}", Errc::kSyntaxErrorInAction, "Foo"},
    {"action_empty", "!/1 mg T=1{C=1{}}", Errc::kSyntaxErrorInAction, "}}"},
    {"topology_bad_direction", "!/1 mg T=1{C=1{TP{a,b,sideways},A=a}}", Errc::kSyntaxErrorInAction,
     "sideways"},
    {"priority_not_number", "!/1 mg T=1{C=1{PR=high,A=a}}", Errc::kSyntaxErrorInAction, "high"},
    {"context_audit_item", "!/2 mg T=1{C=1{CA{Media}}}", Errc::kSyntaxErrorInAction, "Media"},
    {"reply_after_action_error", "!/1 mg P=1{C=1{ER=411{},A=a}}", Errc::kSyntaxErrorInAction,
     "A=a"},
    // Command: 442 and 448.
    {"command_without_equal", "!/1 mg T=1{C=1{A a}}", Errc::kSyntaxErrorInCommand, "a}"},
    {"command_without_termination", "!/1 mg T=1{C=1{A={M{}}}}", Errc::kSyntaxErrorInCommand, "{M"},
    {"subtract_empty_braces", "!/1 mg T=1{C=1{S=ip/1/1{}}}", Errc::kSyntaxErrorInCommand, "}}}"},
    {"unknown_descriptor", "!/1 mg T=1{C=1{MF=a{Foo{}}}}", Errc::kSyntaxErrorInCommand, "Foo"},
    {"media_empty", "!/1 mg T=1{C=1{MF=a{M{}}}}", Errc::kSyntaxErrorInCommand, "}}}}"},
    {"bad_mode", "!/1 mg T=1{C=1{MF=a{M{O{MO=both}}}}}", Errc::kSyntaxErrorInCommand, "both"},
    {"reserved_value_not_on_off", "!/1 mg T=1{C=1{MF=a{M{O{RV=maybe}}}}}",
     Errc::kSyntaxErrorInCommand, "maybe"},
    {"parm_without_value", "!/1 mg T=1{C=1{MF=a{M{O{x/y}}}}}", Errc::kSyntaxErrorInCommand,
     "}}}}}"},
    {"range_unclosed", "!/1 mg T=1{C=1{MF=a{M{O{x/y=[1:2}}}}}", Errc::kSyntaxErrorInCommand,
     "}}}}}"},
    {"unterminated_quote", "!/1 mg T=1{C=1{MF=a{M{O{x/y=\"abc}}}}}", Errc::kSyntaxErrorInCommand,
     "", 37},
    {"unterminated_local", "!/1 mg T=1{C=1{MF=a{M{L{\r\nv=0\r\n", Errc::kSyntaxErrorInCommand,
     "\r\nv=0"},
    {"stream_id_not_number", "!/1 mg T=1{C=1{MF=a{M{ST=x{O{MO=SR}}}}}}",
     Errc::kSyntaxErrorInCommand, "x{"},
    {"stream_parms_mixed", "!/1 mg T=1{C=1{MF=a{M{O{MO=SR},ST=1{O{MO=SR}}}}}}",
     Errc::kSyntaxErrorInCommand, "}", 45},
    {"events_without_request_id", "!/1 mg T=1{C=1{MF=a{E={g/cause}}}}", Errc::kSyntaxErrorInCommand,
     "{g/cause"},
    {"signal_type_bad", "!/1 mg T=1{C=1{MF=a{SG{x/y{SY=loud}}}}}", Errc::kSyntaxErrorInCommand,
     "loud"},
    {"notify_completion_bad", "!/1 mg T=1{C=1{MF=a{SG{x/y{NC={never}}}}}}",
     Errc::kSyntaxErrorInCommand, "never"},
    {"digitmap_unterminated", "!/1 mg T=1{C=1{MF=a{DM{xx", Errc::kSyntaxErrorInCommand, "xx"},
    {"embed_events_twice_deep", "!/1 mg T=1{C=1{MF=a{E=1{a/b{EM{E=2{c/d{EM{E=3{e/f}}}}}}}}}}}",
     Errc::kSyntaxErrorInCommand, "E=3"},
    {"audit_bad_item", "!/1 mg T=1{C=1{AV=a{AT{Foo}}}}", Errc::kSyntaxErrorInCommand, "Foo"},
    {"audit_value_without_audit", "!/1 mg T=1{C=1{AV=a}}", Errc::kSyntaxErrorInCommand, "}}"},
    {"notify_without_observed", "!/1 mg T=1{C=1{N=a{E=1{a/b}}}}", Errc::kSyntaxErrorInCommand,
     "{E=1"},
    {"observed_bad_timestamp", "!/1 mg T=1{C=1{N=a{OE=1{2024:a/b}}}}", Errc::kSyntaxErrorInCommand,
     "2024:"},
    {"servicechange_without_reason", "!/1 mg T=1{C=-{SC=ROOT{SV{MT=RS}}}}",
     Errc::kSyntaxErrorInCommand, "{SV"},
    {"servicechange_bad_method", "!/1 mg T=1{C=-{SC=ROOT{SV{MT=Reboot,RE=\"901\"}}}}",
     Errc::kSyntaxErrorInCommand, "Reboot"},
    {"servicechange_bad_profile", "!/1 mg T=1{C=-{SC=ROOT{SV{MT=RS,RE=901,PF=abc}}}}",
     Errc::kSyntaxErrorInCommand, "abc}"},
    {"servicechange_address_and_mgcid",
     "!/1 mg T=1{C=-{SC=ROOT{SV{MT=RS,RE=901,AD=2944,MG=mgc2}}}}", Errc::kSyntaxErrorInCommand,
     "}}}}"},
    {"packages_without_version", "!/1 mg P=1{C=-{AV=ROOT{PG{g}}}}", Errc::kSyntaxErrorInCommand,
     "g}"},
    {"audit_in_reply", "!/1 mg P=1{C=-{AV=ROOT{AT{M}}}}", Errc::kSyntaxErrorInCommand, "{AT"},
    {"notify_reply_with_media", "!/1 mg P=1{C=-{N=a{M{O{MO=SR}}}}}", Errc::kSyntaxErrorInCommand,
     "{M"},
    {"servicechange_reply_method", "!/1 mg P=1{C=-{SC=ROOT{SV{MT=RS}}}}",
     Errc::kSyntaxErrorInCommand, "{SV"},
    {"error_code_too_long", "!/1 mg P=1{C=-{A=a{ER=12345{}}}}", Errc::kSyntaxErrorInCommand,
     "12345"},
    {"signals_in_subtract", "!/1 mg T=1{C=1{S=a{SG}}}", Errc::kSyntaxErrorInCommand, "{SG"},
    {"media_twice", "!/1 mg T=1{C=1{MF=a{M{O{MO=SR}},M{O{MO=SO}}}}}", Errc::kDescriptorTwice,
     "{M{O{MO=SR"},
    {"local_twice", "!/1 mg T=1{C=1{MF=a{M{L{\nv=0\n},L{\nv=0\n}}}}}", Errc::kDescriptorTwice, "L{",
     26},
    {"stream_twice", "!/1 mg T=1{C=1{MF=a{M{ST=1{O{MO=SR}},ST=1{O{MO=SO}}}}}}",
     Errc::kDescriptorTwice, "ST=1", 30},
    // v3 termination id lists (termIDList "[t1, t2]").
    {"termlist_in_v2", "!/2 mg T=1{C=1{A=[a,b]}}", Errc::kSyntaxErrorInCommand, "[a,b]"},
    {"termlist_in_v1_reply", "!/1 mg P=1{C=1{N=[a,b]}}", Errc::kSyntaxErrorInCommand, "[a,b]"},
    {"termlist_in_v2_servicechange", "!/2 mg T=1{C=-{SC=[a,b]{SV{MT=RS,RE=901}}}}",
     Errc::kSyntaxErrorInCommand, "[a,b]"},
    {"termlist_unclosed", "!/3 mg T=1{C=1{A=[a,b{M{O{MO=SR}}}}}}", Errc::kSyntaxErrorInCommand,
     "{M"},
    {"termlist_empty", "!/3 mg T=1{C=1{A=[]}}", Errc::kSyntaxErrorInCommand, "]}}"},
    {"termlist_trailing_comma", "!/3 mg T=1{C=1{S=[a,]}}", Errc::kSyntaxErrorInCommand, "]}}"},
    {"termlist_nested", "!/3 mg T=1{C=1{S=[[a,b]]}}", Errc::kSyntaxErrorInCommand, "[a,b]]"},
    {"termlist_in_context_audit_reply", "!/3 mg P=1{C=1{AV=C{[a,b]}}}", Errc::kSyntaxErrorInCommand,
     "[a,b]"},
    // A bare "Events" inside Embed (Annex B embedFirst) takes nothing after it.
    {"embed_bare_events_then_signals", "!/1 mg T=1{C=1{MF=a{E=1{g/cause{EM{E,SG{x/y}}}}}}}",
     Errc::kSyntaxErrorInCommand, ",SG"},
    {"embed_bare_events_with_body", "!/1 mg T=1{C=1{MF=a{E=1{g/cause{EM{E{al/on}}}}}}}",
     Errc::kSyntaxErrorInCommand, "{al/on"},
    {"embed_events_without_request_id", "!/1 mg T=1{C=1{MF=a{E=1{g/cause{EM{E={al/on}}}}}}}",
     Errc::kSyntaxErrorInCommand, "{al/on"},
    {"embed_bare_events_in_embedded_event",
     "!/1 mg T=1{C=1{MF=a{E=1{g/cause{EM{E=2{al/on{EM{E}}}}}}}}}", Errc::kSyntaxErrorInCommand,
     "E}}}"},
    // v2 audit items in ServiceChange Services (serviceChangeParm / auditItem).
    {"servicechange_audit_item_in_v1", "!/1 mg T=1{C=-{SC=ROOT{SV{MT=RS,RE=901,M}}}}",
     Errc::kSyntaxErrorInCommand, "M}"},
    {"servicechange_indaud_in_v1", "!/1 mg T=1{C=-{SC=ROOT{SV{MT=RS,RE=901,PG{nt-1}}}}}",
     Errc::kSyntaxErrorInCommand, "PG"},
    {"servicechange_reply_audit_item", "!/2 mg P=1{C=-{SC=ROOT{SV{V=2,M}}}}",
     Errc::kSyntaxErrorInCommand, "{SV"},
    {"servicechange_audit_item_bad", "!/2 mg T=1{C=-{SC=ROOT{SV{MT=RS,RE=901,M{x}}}}}",
     Errc::kSyntaxErrorInCommand, "x}"},
    // Individual audit descriptors (v2/v3 indAud*).
    {"indaud_in_v1", "!/1 mg T=1{C=1{AV=a{AT{M{O{MO}}}}}}", Errc::kSyntaxErrorInCommand, "M{O"},
    {"indaud_events_two", "!/2 mg T=1{C=1{AV=a{AT{E{a/b,c/d}}}}}", Errc::kSyntaxErrorInCommand,
     ",c/d"},
    {"indaud_events_not_pkgd", "!/2 mg T=1{C=1{AV=a{AT{E=1{ab}}}}}", Errc::kSyntaxErrorInCommand,
     "ab}"},
    {"indaud_stream_two_items", "!/2 mg T=1{C=1{AV=a{AT{M{ST=1{O{MO},SA{a/b}}}}}}}",
     Errc::kSyntaxErrorInCommand, ",SA"},
    {"indaud_termstate_two_items", "!/2 mg T=1{C=1{AV=a{AT{M{TS{SI,BF}}}}}}",
     Errc::kSyntaxErrorInCommand, ",BF"},
    {"indaud_mode_select_in_v2", "!/2 mg T=1{C=1{AV=a{AT{M{O{MO=SR}}}}}}",
     Errc::kSyntaxErrorInCommand, "=SR"},
    {"indaud_prop_condition_in_v2", "!/2 mg T=1{C=1{AV=a{AT{M{O{a/b=1}}}}}}",
     Errc::kSyntaxErrorInCommand, "=1}"},
    {"indaud_mode_twice", "!/3 mg T=1{C=1{AV=a{AT{M{O{MO,MO=SR}}}}}}", Errc::kPropertyTwice,
     "MO=SR"},
    {"indaud_bad_mode", "!/3 mg T=1{C=1{AV=a{AT{M{O{MO#both}}}}}}", Errc::kSyntaxErrorInCommand,
     "both"},
    {"indaud_streams_mixed", "!/3 mg T=1{C=1{AV=a{AT{M{O{MO},ST=1{O{MO}}}}}}}",
     Errc::kSyntaxErrorInCommand, "", 42},
    {"indaud_signals_two", "!/3 mg T=1{C=1{AV=a{AT{SG{a/b,c/d}}}}}", Errc::kSyntaxErrorInCommand,
     ",c/d"},
    {"indaud_signal_bad_parm", "!/3 mg T=1{C=1{AV=a{AT{SG{a/b{DR=5}}}}}}",
     Errc::kSyntaxErrorInCommand, "DR=5"},
    {"indaud_packages_no_version", "!/2 mg T=1{C=1{AV=a{AT{PG{nt}}}}}", Errc::kSyntaxErrorInCommand,
     "nt}"},
    {"indaud_local_in_v2", "!/2 mg T=1{C=1{AV=a{AT{M{L{\r\nv=0\r\n}}}}}}",
     Errc::kSyntaxErrorInCommand, "L{"},
    // Bare audit items belong to audit and AMMS replies only; context audit replies.
    {"bare_item_in_notify_reply", "!/1 mg P=1{C=-{N=a{M}}}", Errc::kSyntaxErrorInCommand, "}}}"},
    {"context_audit_reply_empty", "!/1 mg P=1{C=1{AV=C{}}}", Errc::kSyntaxErrorInCommand, "}}}"},
    // v3 notification behaviours.
    {"notify_immediate_in_v2", "!/2 mg T=1{C=1{MF=a{E=1{a/b{NBIN}}}}}", Errc::kSyntaxErrorInCommand,
     "NBIN"},
    {"reset_events_in_v2", "!/2 mg T=1{C=1{MF=a{E=1{a/b{RSE}}}}}", Errc::kSyntaxErrorInCommand,
     "RSE"},
    {"two_notify_behaviours", "!/3 mg T=1{C=1{MF=a{E=1{a/b{NBIN,NBNN}}}}}",
     Errc::kSyntaxErrorInCommand, "NBNN"},
    {"regulated_without_embed", "!/3 mg T=1{C=1{MF=a{E=1{a/b{NBRN{SG{x/y}}}}}}}",
     Errc::kSyntaxErrorInCommand, "SG{x"},
    {"regulated_events_too_deep",
     "!/3 mg T=1{C=1{MF=a{E=1{a/b{NBRN{EM{E=2{c/d{NBRN{EM{E=3{e/f}}}}}}}}}}}}}",
     Errc::kSyntaxErrorInCommand, "E=3"},
    // v3 context attributes and context audit selection.
    {"ieps_in_v2", "!/2 mg T=1{C=1{IEPS=ON,A=a}}", Errc::kSyntaxErrorInAction, "=ON"},
    {"ieps_bad_value", "!/3 mg T=1{C=1{IEPS=maybe,A=a}}", Errc::kSyntaxErrorInAction, "maybe"},
    {"context_list_choose", "!/3 mg T=1{C=1{CT{CLT={1,$}},A=a}}", Errc::kSyntaxErrorInAction, "$}"},
    {"context_attr_not_pkgd", "!/3 mg T=1{C=1{CT{ab=1},A=a}}", Errc::kSyntaxErrorInAction, "ab="},
    {"context_audit_item_twice", "!/3 mg T=1{C=1{CA{TP,TP}}}", Errc::kPropertyTwice, "TP}"},
    {"context_audit_select_in_v2", "!/2 mg T=1{C=1{CA{PR=5}}}", Errc::kSyntaxErrorInAction, "PR=5"},
    // A backslash is no digit map character; written back without the blank it would
    // escape the closing brace (found by h248_fuzz).
    {"digit_map_backslash", "!/1 mg T=1{C=1{MF=a{DM=d{(1x\\ )}}}}", Errc::kSyntaxErrorInCommand,
     "(1x"},
    {"context_audit_bad_emergency", "!/3 mg T=1{C=*{CA{EGV=maybe}}}", Errc::kSyntaxErrorInAction,
     "maybe"},
};

void PrintTo(const BadCase& c, std::ostream* os) {
  *os << c.name;
}

class Malformed : public ::testing::TestWithParam<BadCase> {};

TEST_P(Malformed, GivesCodeAndOffset) {
  const BadCase& c = GetParam();
  std::string in = c.input;
  size_t expected = std::string(c.at).empty() ? c.from : in.find(c.at, c.from);
  ASSERT_NE(expected, std::string::npos) << "bad test: marker not found";
  auto r = parseMessage(in);
  ASSERT_FALSE(r.ok()) << c.name;
  EXPECT_EQ(r.error().domain, Domain::kH248);
  EXPECT_EQ(r.error().code, static_cast<uint16_t>(c.code)) << describe(r.error());
  EXPECT_EQ(r.error().offset, expected) << describe(r.error()) << "\n" << in;
  // Same answer against a guard page (no read past the end).
  msrpgw::test::GuardedBuffer buf(in);
  auto g = parseMessage(buf.view());
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error(), r.error());
}

INSTANTIATE_TEST_SUITE_P(H248, Malformed, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<BadCase>& i) { return i.param.name; });

// Every strict prefix of every golden vector fails cleanly (no crash, an H.248 code, an
// offset inside the input).
TEST(Malformed, EveryTruncationOfEveryVectorFailsCleanly) {
  for (const auto& v : test::goldenVectors()) {
    for (size_t n = 0; n < v.text.size(); ++n) {
      std::string_view cut(v.text.data(), n);
      // Trailing separators and comments after the last '}' are not truncation.
      std::string_view rest(v.text.data() + n, v.text.size() - n);
      if (rest.find_first_not_of(" \r\n\t") == std::string_view::npos) continue;
      auto r = parseMessage(cut);
      if (r.ok()) continue;  // a shorter message can be valid (e.g. before a 2nd transaction)
      EXPECT_EQ(r.error().domain, Domain::kH248);
      EXPECT_GE(r.error().code, 400);
      EXPECT_LE(r.error().offset, n) << v.name << " cut at " << n;
    }
  }
}

TEST(Errc, TextsAreStandard) {
  EXPECT_STREQ(errcText(Errc::kSyntaxErrorInCommand), "Syntax Error in Command");
  EXPECT_STREQ(errcText(Errc::kUnsupportedValue),
               "Unsupported or Unknown Parameter or Property Value");
  EXPECT_STREQ(errcText(Errc::kBeforeServiceChangeReply),
               "Transaction Request Received before a Service Change Reply has been received");
}

}  // namespace
}  // namespace msrpgw::proto::h248
