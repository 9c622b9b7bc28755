// Segment counts and split points of segmentText() against two independent npm packages:
// sms-segments-calculator (Twilio) and split-sms, on a corpus with extension-table
// characters, emoji and mixed scripts, many of them placed right at a segment boundary.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "proto/sms/segment.h"
#include "tests/support/result_matchers.h"
#include "tests/support/subprocess.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::IsOk;

std::string rep(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::vector<std::string> corpus() {
  std::vector<std::string> c = {
      // reference/sms.md §11
      rep("a", 160),
      rep("a", 161),
      rep("a", 306),
      rep("a", 307),
      rep("€", 80),
      rep("€", 81),
      rep("a", 152) + "€" + "a",
      rep("ç", 70),
      rep("ç", 71),
      rep("Ж", 134),
      rep("Ж", 135),
      rep("😀", 35),
      rep("😀", 36),
      rep("a", 66) + "😀" + rep("a", 5),
      // every extension character right at the 153-septet boundary
      rep("a", 152) + "{" + rep("b", 20),
      rep("a", 152) + "}" + rep("b", 160),
      rep("a", 152) + "[" + rep("b", 200),
      rep("a", 152) + "]~\\^|\f€" + rep("b", 3),
      rep("a", 159) + "€",
      rep("a", 158) + "€",
      rep("a", 158) + "€a",
      rep("{}", 80),
      rep("{}", 81),
      rep("x{", 107),
      // the whole default table, and the traps of §7
      rep("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ÄÖÑÜ§¿äöñüà", 5),
      "backtick ` is not GSM",
      "ç is not Ç",
      "tab\tis not GSM",
      rep("a", 200) + "ç",
      // UCS2 and surrogate pairs at the 67-unit boundary
      rep("Ж", 66) + "😀" + rep("Ж", 10),
      rep("Ж", 65) + "😀😀",
      rep("😀", 33) + "a😀",
      rep("a", 69) + "😀",
      rep("a", 68) + "😀",
      rep("𝄞", 40),
      rep("中文", 40),
      // mixed scripts
      rep("Grüße aus Köln! ", 12),
      rep("Ελληνικά ΔΦΓ ", 10),
      rep("Привет, мир! ", 15),
      rep("مرحبا بالعالم ", 12),
      rep("שלום עולם ", 20),
      rep("日本語のテキスト、", 20),
      rep("한국어 텍스트 ", 25),
      rep("ไทย ", 50),
      rep("Hello 👋 world 🌍! ", 10),
      rep("mix € and 😀 and Ж ", 8),
      "",
      "a",
      "😀",
      "€",
      rep("line one\r\nline two\n", 12),
      rep("lorem ipsum dolor sit amet, ", 40),
  };
  return c;
}

// Texts whose grapheme clusters span several code points. sms-segments-calculator never
// splits a grapheme cluster, segmentText() only never splits a surrogate pair (the fewest
// segments; TS 23.040 knows no clusters): split points differ, and so may the counts,
// never in the calculator's favour. split-sms cuts by code unit like us and must agree.
std::vector<std::string> clusterCorpus() {
  return {rep("नमस्ते दुनिया ", 10), rep("👨‍👩‍👧 ", 20), rep("🇸🇪🇩🇪", 20),
          rep("👍🏽", 30), rep("e\u0301", 100)};
}

std::filesystem::path oracleDir() {
  return std::filesystem::path(MSRPGW_SOURCE_DIR) / "tests" / "interop" / "npm_sms";
}

class SmsNpm : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(msrpgw::test::haveProgram("node")) << "node missing: run tools/install-deps --test";
    ASSERT_TRUE(std::filesystem::exists(oracleDir() / "node_modules" / "sms-segments-calculator") &&
                std::filesystem::exists(oracleDir() / "node_modules" / "split-sms"))
        << "npm oracles not installed: run npm ci in " << oracleDir() << " (tools/test does)";
  }
};

TEST_F(SmsNpm, AgreesOnAlphabetCountAndSplitPoints) {
  std::vector<std::string> texts = corpus();
  size_t plain = texts.size();
  for (auto& t : clusterCorpus()) texts.push_back(t);
  auto r = msrpgw::test::runCommand({"node", (oracleDir() / "oracle.js").string()},
                                    nlohmann::json(texts).dump());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto oracle = nlohmann::json::parse(r.out);
  ASSERT_EQ(oracle.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string& t = texts[i];
    SCOPED_TRACE("corpus[" + std::to_string(i) + "] = " + t.substr(0, 60));
    auto plan = segmentText(t);
    ASSERT_THAT(plan, IsOk());
    std::vector<std::string> ours;
    for (const auto& s : plan->segments) ours.push_back(s.text);
    bool gsm = plan->alphabet == Alphabet::kGsm7;

    const auto& calc = oracle[i]["calculator"];
    EXPECT_EQ(calc["encoding"].get<std::string>(), gsm ? "GSM-7" : "UCS-2");
    if (i < plain) {
      EXPECT_EQ(calc["count"].get<size_t>(), plan->segments.size());
      if (!t.empty()) {
        EXPECT_EQ(calc["parts"].get<std::vector<std::string>>(), ours);
      }
    } else {
      // Keeping clusters whole can only cost segments (e + U+0301 x 100: 4 against 3).
      EXPECT_GE(calc["count"].get<size_t>(), plan->segments.size());
    }

    const auto& sp = oracle[i]["split"];
    EXPECT_EQ(sp["charset"].get<std::string>(), gsm ? "GSM" : "Unicode");
    EXPECT_EQ(sp["parts"].get<std::vector<std::string>>(), ours);
  }
}

}  // namespace
}  // namespace msrpgw::proto::sms
