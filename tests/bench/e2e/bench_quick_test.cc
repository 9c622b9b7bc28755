// `tools/bench --quick` end to end: every workload through every target it applies to
// (the raw forwarder, kamailio's MSRP relay, msrpgw passing through and re-chunking).
// The benchmark's last line must be the JSON object with every (workload,
// target) pair, zero errors (msrpload checks every delivery: order, size, content), and
// the figures each workload measures present. Numbers are reported, never asserted.
#include <gtest/gtest.h>

#include <set>

#include "nlohmann/json.hpp"
#include "tests/support/subprocess.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

TEST(BenchQuick, EveryWorkloadThroughEveryTargetWithoutErrors) {
  ChildProcess bench(
      {"python3", (MSRPGW_SOURCE_DIR "/tools/bench"), "--quick", "--build", MSRPGW_BINARY_DIR});
  auto rc = bench.waitExit(280s);
  ASSERT_TRUE(rc.has_value()) << "tools/bench --quick took over 280 s\n" << bench.err();
  const std::string out = bench.out();
  ASSERT_FALSE(out.empty()) << bench.err();
  std::string last = out.substr(0, out.size() - 1);
  last = last.substr(last.rfind('\n') + 1);
  auto j = nlohmann::json::parse(last, nullptr, false);
  ASSERT_TRUE(j.is_object() && j.contains("results") && j["results"].is_array())
      << "last line is not the results object:\n"
      << out << bench.err();

  const std::set<std::string> keys = {"workload", "target", "msgs_per_s", "mb_per_s",
                                      "p50_us",   "p99_us", "p999_us",    "rss_kib_per_session",
                                      "cpu_s",    "errors"};
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : j["results"]) {
    std::set<std::string> have;
    for (const auto& [k, v] : r.items()) have.insert(k);
    EXPECT_EQ(have, keys) << r.dump();
    const std::string w = r["workload"], t = r["target"];
    seen.insert({w, t});
    EXPECT_EQ(r["errors"], 0) << r.dump() << "\n" << out;
    ASSERT_TRUE(r["cpu_s"].is_number()) << r.dump();
    if (w.rfind("idle", 0) == 0) {
      EXPECT_TRUE(r["rss_kib_per_session"].is_number()) << r.dump();
      EXPECT_TRUE(r["msgs_per_s"].is_null()) << r.dump();
    } else {
      ASSERT_TRUE(r["msgs_per_s"].is_number() && r["mb_per_s"].is_number()) << r.dump();
      EXPECT_GT(r["msgs_per_s"].get<double>(), 0) << r.dump();
      EXPECT_GT(r["mb_per_s"].get<double>(), 0) << r.dump();
      EXPECT_TRUE(r["p50_us"].is_number()) << r.dump();
      EXPECT_TRUE(r["rss_kib_per_session"].is_null()) << r.dump();
    }
  }
  const std::set<std::pair<std::string, std::string>> expected = {
      {"small_200B_1s", "raw"},
      {"small_200B_1s", "kamailio"},
      {"small_200B_1s", "msrpgw"},
      {"small_200B_100s", "raw"},
      {"small_200B_100s", "kamailio"},
      {"small_200B_100s", "msrpgw"},
      {"msg_10KB_10s", "raw"},
      {"msg_10KB_10s", "kamailio"},
      {"msg_10KB_10s", "msrpgw"},
      {"file_1GiB_64k", "raw"},
      {"file_1GiB_64k", "msrpgw"},
      {"file_1GiB_2k_to_64k", "raw"},
      {"file_1GiB_2k_to_64k", "msrpgw-rechunk"},
      {"file_1GiB_64k_to_2k", "raw"},
      {"file_1GiB_64k_to_2k", "msrpgw-rechunk"},
      {"latency_half_rate_1s", "raw"},
      {"latency_half_rate_1s", "msrpgw"},
      {"latency_half_rate_100s", "raw"},
      {"latency_half_rate_100s", "msrpgw"},
      {"idle_1000", "raw"},
      {"idle_1000", "kamailio"},
      {"idle_1000", "msrpgw"},
  };
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(*rc, 0) << out << bench.err();
}

}  // namespace
}  // namespace msrpgw::test
