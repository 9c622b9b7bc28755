// tshark (Wireshark's megaco and SDP dissectors) reads our compact and pretty encodings of
// every golden vector, one UDP datagram each on port 2944: no parse error, no malformed
// packet, no expert item at warning level or above (an indented SDP line in Local/Remote
// would raise "Invalid SDP line"), and the transaction id and context it shows are ours.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "proto/h248/encode.h"
#include "proto/h248/parser.h"
#include "tests/support/pcap_writer.h"
#include "tests/support/result_matchers.h"
#include "tests/support/subprocess.h"
#include "tests/support/tshark.h"
#include "tests/unit/h248/vectors.h"

namespace msrpgw::proto::h248 {
namespace {

using msrpgw::test::IsOk;
using test::goldenVectors;
using test::Vector;

constexpr msrpgw::test::IpPort kMg{0xC0000202, 2944};   // 192.0.2.2
constexpr msrpgw::test::IpPort kMgc{0xC0000201, 2944};  // 192.0.2.1

// What tshark 4.0's heuristic megaco dissector does not understand in valid messages
// (Erlang megaco decodes all of them): vector -> expert messages allowed there.
// Nothing else is allowed: no other parse error, no malformed packet, no SDP warning.
const std::map<std::string, std::set<std::string>> kTsharkLimitations = {
    // EventBuffer descriptors, bare Events / Signals (Erlang rejects "SG{}") and Modem
    // type lists are not recognised: "No Descriptor detectable".
    {"h2481_audit_capability_reply", {"No Descriptor detectable"}},
    {"h2481_compact_full_request", {"No Descriptor detectable"}},
    {"h2481_eventbuffer_descriptor", {"No Descriptor detectable"}},
    {"h2481_eventbuffer_empty", {"No Descriptor detectable"}},
    {"h2481_events_empty_and_signals_empty",
     {"No Descriptor detectable", "Empty Signal Descriptor"}},
    {"h2481_modem_descriptor", {"No Descriptor detectable"}},
    {"h2481_optional_and_wildcard_prefixes",
     {"No Descriptor detectable", "Empty Signal Descriptor"}},
    {"rfc3525_a1_mgc_modify_onhook_events",
     {"No Descriptor detectable", "Empty Signal Descriptor"}},
    // ContextAudit is not known.
    {"h2481_context_audit_request", {"Parse error: Missing \"{\""}},
    // A Reply with ImmAckRequired followed by a transaction-level Error.
    {"h2481_imm_ack_error_reply", {"Parse error: Missing \"=\""}},
    // v3 Segment replies are not known.
    {"h2481_v3_segment_reply", {"Sorry, can't understand errorDescriptor / transactionList"}},
    // Bare audit items in a reply ("AV=t{M,E,SG}", H.248.1 auditReturnItem) are not
    // recognised in the compact form (tshark 4.0 checks the long names only), nor is the
    // reply to a context audit ("AV=C{t1,t2}", contextTerminationAudit).
    {"h2481_audit_reply_bare_items", {"No Descriptor detectable", "Empty Signal Descriptor"}},
    {"h2481_v2_audit_reply_bare_items_error", {"No Descriptor detectable"}},
    {"h2481_v3_audit_reply_bare_items_mixed", {"No Descriptor detectable"}},
    {"h2481_context_audit_reply_terminations", {"No Descriptor detectable"}},
    // ContextAudit { ContextAttr { .. } } (v3 indAudcontextAttrDescriptor): as above,
    // ContextAudit is not known and the nested braces are taken for a missing "{".
    {"h2481_v3_context_audit_contextattr_wrapped", {"Parse error: Missing \"{\""}},
    // v3 termination id lists ("A=[t1,t2]", Annex B termIDList): tshark 4.0's megaco
    // dissector has no termination id list and reports a parse error in every command
    // that has one (Erlang megaco decodes and writes them).
    {"h2481_v3_termlist_amms_requests", {"Parse error: Invalid token length"}},
    {"h2481_v3_termlist_amms_replies", {"Parse error: Invalid token length"}},
    {"h2481_v3_termlist_audit_requests", {"Parse error: Invalid token length"}},
    {"h2481_v3_termlist_audit_replies", {"Parse error: Invalid token length"}},
    {"h2481_v3_termlist_notify_servicechange_requests", {"Parse error: Invalid token length"}},
    {"h2481_v3_termlist_notify_servicechange_replies", {"Parse error: Invalid token length"}},
};

// Vectors whose Local/Remote SDP tshark does not hand to its SDP dissector: the v3
// individual audit's Remote { sdp } (selection by SDP inside Audit { Media { .. } }) is
// not a Media descriptor to tshark 4.0. No warning is raised for it either.
const std::set<std::string> kSdpNotDissected = {"h2481_v3_indaud_remote_sdp_select"};

struct Capture {
  std::string pcap;
  std::vector<std::string> labels;  // per frame: "<vector> compact|pretty"
  std::vector<uint32_t> first_ids;  // per frame: first transaction id (or UINT32_MAX)
};

const Capture& capture() {
  static const Capture c = [] {
    Capture r;
    r.pcap = msrpgw::test::tempPath("h248.pcap");
    msrpgw::test::PcapWriter w(r.pcap);
    for (const Vector& v : goldenVectors()) {
      auto m = parseMessage(v.text);
      if (!m.ok()) continue;
      uint32_t id = UINT32_MAX;
      if (!m->transactions.empty()) {
        std::visit(
            [&](const auto& t) {
              using T = std::decay_t<decltype(t)>;
              if constexpr (std::is_same_v<T, TransactionRequest> ||
                            std::is_same_v<T, TransactionReply> ||
                            std::is_same_v<T, TransactionPending>) {
                id = t.id;
              }
            },
            m->transactions[0]);
      }
      for (Style s : {Style::kCompact, Style::kPretty}) {
        std::string out;
        encode(*m, s, &out);
        w.udp(kMg, kMgc, out);
        r.labels.push_back(v.name + (s == Style::kCompact ? " compact" : " pretty"));
        r.first_ids.push_back(id);
      }
    }
    w.close();
    return r;
  }();
  return c;
}

TEST(TsharkMegaco, NoParseErrorsNoSdpWarnings) {
  ASSERT_TRUE(msrpgw::test::haveProgram("tshark")) << "install tshark";
  const Capture& c = capture();
  auto bad =
      msrpgw::test::tsharkFields(c.pcap, {}, "_ws.malformed || _ws.expert.severity >= warning",
                                 {"frame.number", "_ws.expert.message", "_ws.malformed"});
  ASSERT_EQ(bad.exit_code, 0) << bad.err;
  std::set<std::string> limitations_seen;
  for (const auto& row : bad.rows) {
    if (row.size() < 2 || row[0].empty()) continue;
    size_t frame = std::stoul(row[0]);
    ASSERT_LE(frame, c.labels.size());
    const std::string& label = c.labels[frame - 1];
    std::string vector = label.substr(0, label.find(' '));
    auto allowed = kTsharkLimitations.find(vector);
    size_t pos = 0;
    while (pos <= row[1].size()) {
      size_t bar = row[1].find('|', pos);
      std::string msg =
          row[1].substr(pos, bar == std::string::npos ? std::string::npos : bar - pos);
      pos = bar == std::string::npos ? row[1].size() + 1 : bar + 1;
      if (msg.empty()) continue;
      bool ok = false;
      if (allowed != kTsharkLimitations.end()) {
        for (const std::string& a : allowed->second) ok = ok || msg.rfind(a, 0) == 0;
      }
      if (ok) {
        limitations_seen.insert(vector);
      } else {
        ADD_FAILURE() << "tshark: \"" << msg << "\" in frame " << frame << " (" << label << ")";
      }
    }
    // tshark marks its own parse errors as malformed too; only listed ones are excused.
    if (row.size() > 2 && !row[2].empty() && allowed == kTsharkLimitations.end()) {
      ADD_FAILURE() << "malformed: frame " << frame << " (" << label << ")";
    }
  }
  // The list stays honest: drop entries tshark no longer complains about.
  for (const auto& [vector, msgs] : kTsharkLimitations) {
    EXPECT_TRUE(limitations_seen.count(vector)) << vector << " no longer needs its exception";
  }
}

TEST(TsharkMegaco, EveryFrameIsMegacoWithOurTransactionId) {
  ASSERT_TRUE(msrpgw::test::haveProgram("tshark"));
  const Capture& c = capture();
  auto f = msrpgw::test::tsharkFields(c.pcap, {}, "",
                                      {"frame.number", "megaco.version", "megaco.transid"});
  ASSERT_EQ(f.exit_code, 0) << f.err;
  ASSERT_EQ(f.rows.size(), c.labels.size());
  for (size_t i = 0; i < f.rows.size(); ++i) {
    const auto& row = f.rows[i];
    ASSERT_EQ(row.size(), 3u);
    EXPECT_FALSE(row[1].empty()) << c.labels[i] << ": not dissected as megaco";
    if (c.first_ids[i] == UINT32_MAX) continue;
    std::string first = row[2].substr(0, row[2].find('|'));
    EXPECT_EQ(first, std::to_string(c.first_ids[i])) << c.labels[i];
  }
}

TEST(TsharkMegaco, SdpOfLocalAndRemoteIsDissected) {
  ASSERT_TRUE(msrpgw::test::haveProgram("tshark"));
  const Capture& c = capture();
  auto f = msrpgw::test::tsharkFields(c.pcap, {}, "sdp", {"frame.number", "sdp.media.proto"});
  ASSERT_EQ(f.exit_code, 0) << f.err;
  std::map<std::string, int> msrp_frames;
  for (const auto& row : f.rows) {
    if (row.size() < 2 || row[1].find("TCP/MSRP") == std::string::npos) continue;
    msrp_frames[c.labels[std::stoul(row[0]) - 1]]++;
  }
  // Every vector with MSRP SDP shows it in both encodings.
  for (const Vector& v : goldenVectors()) {
    if (v.text.find("TCP/MSRP") == std::string::npos) continue;
    if (kSdpNotDissected.count(v.name)) {
      EXPECT_FALSE(msrp_frames.count(v.name + " compact")) << v.name << ": drop the exception";
      continue;
    }
    EXPECT_TRUE(msrp_frames.count(v.name + " compact")) << v.name;
    EXPECT_TRUE(msrp_frames.count(v.name + " pretty")) << v.name;
  }
}

}  // namespace
}  // namespace msrpgw::proto::h248
