#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "gateway/config/loader.h"
#include "nlohmann/json.hpp"
#include "tests/support/tshark.h"

namespace msrpgw::gateway {
namespace {

using nlohmann::json;

std::string writeFile(const std::string& name, const std::string& text) {
  std::string path = test::tempPath(name);
  std::ofstream(path) << text;
  return path;
}

std::vector<std::string> keysOf(const ConfigLoad& load) {
  std::vector<std::string> k;
  for (const auto& p : load.problems) k.push_back(p.key);
  return k;
}

TEST(Config, DefaultsWithoutAFile) {
  ConfigLoad load = loadConfig("", {});
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load.config.h248.listen, "127.0.0.1:2944");
  EXPECT_EQ(load.config.h248.transport, "udp");
  EXPECT_EQ(load.config.msrp.ports[0], 2855u);
  EXPECT_EQ(load.config.msrp.limits.max_head_bytes, 16384u);
  EXPECT_EQ(load.config.workers, 0u);
}

TEST(Config, ShippedDefaultFileEqualsBuiltInDefaults) {
  ConfigLoad file = loadConfig(MSRPGW_SOURCE_DIR "/conf/msrpgw.json", {});
  ASSERT_TRUE(file.ok()) << file.problems[0].message;
  EXPECT_EQ(configToJson(file.config), configToJson(loadConfig("", {}).config));
}

TEST(Config, EffectiveJsonRoundTrips) {
  ConfigLoad load =
      loadConfig("", {"h248.mgc=[\"10.0.0.1:2944\",\"[2001:db8::1]:2944\"]", "workers=3"});
  ASSERT_TRUE(load.ok());
  json j = configToJson(load.config);
  EXPECT_EQ(j["h248"]["mgc"][1], "[2001:db8::1]:2944");
  ConfigLoad again = configFromJson(j);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(configToJson(again.config), j);
  EXPECT_EQ(again.config.workers, 3u);
}

TEST(Config, SetOverridesFileValues) {
  std::string path = writeFile("a.json", R"({"h248": {"transport": "udp"}, "workers": 2})");
  ConfigLoad load =
      loadConfig(path, {"h248.transport=tcp", "msrp.address=::1", "msrp.ports=[4000,4010]"});
  ASSERT_TRUE(load.ok()) << load.problems[0].message;
  EXPECT_EQ(load.config.h248.transport, "tcp");
  EXPECT_EQ(load.config.msrp.address, "::1");
  EXPECT_EQ(load.config.msrp.ports[1], 4010u);
  EXPECT_EQ(load.config.workers, 2u);
}

TEST(Config, UnknownKeysAreErrorsNamingTheKey) {
  std::string path = writeFile(
      "b.json", R"({"h248": {"listn": "127.0.0.1:1"}, "msrp": {"limits": {"max_head": 1}}})");
  ConfigLoad load = loadConfig(path, {"wokers=2"});
  ASSERT_FALSE(load.ok());
  EXPECT_THAT(keysOf(load),
              ::testing::UnorderedElementsAre("h248.listn", "msrp.limits.max_head", "wokers"));
  for (const auto& p : load.problems) EXPECT_EQ(p.errc, ConfigErrc::kUnknownKey) << p.message;
}

TEST(Config, EveryProblemIsReportedInOneRun) {
  ConfigLoad load =
      loadConfig("", {"workers=-1", "log.level=loud", "h248.listen=localhost:2944",
                      "h248.transport=3", "msrp.ports=[3000,2000]", "msrp.limits.max_head_bytes=10",
                      "h248.mgc=[]", "msrp.address=999.1.1.1"});
  ASSERT_EQ(load.problems.size(), 8u);
  std::map<std::string, ConfigErrc> by_key;
  for (const auto& p : load.problems) by_key[p.key] = p.errc;
  EXPECT_EQ(by_key["workers"], ConfigErrc::kOutOfRange);
  EXPECT_EQ(by_key["log.level"], ConfigErrc::kBadValue);
  EXPECT_EQ(by_key["h248.listen"], ConfigErrc::kBadAddress);
  EXPECT_EQ(by_key["h248.transport"], ConfigErrc::kWrongType);
  EXPECT_EQ(by_key["msrp.ports"], ConfigErrc::kConflict);
  EXPECT_EQ(by_key["msrp.limits.max_head_bytes"], ConfigErrc::kOutOfRange);
  EXPECT_EQ(by_key["h248.mgc"], ConfigErrc::kOutOfRange);
  EXPECT_EQ(by_key["msrp.address"], ConfigErrc::kBadAddress);
}

TEST(Config, MessagesNameKeyProblemAndValue) {
  ConfigLoad load = loadConfig("", {"h248.listen=127.0.0.1:70000"});
  ASSERT_EQ(load.problems.size(), 1u);
  EXPECT_EQ(load.problems[0].message,
            "h248.listen: must be \"ip:port\" or \"[ipv6]:port\" (got \"127.0.0.1:70000\")");
}

TEST(Config, BadFileAndBadSyntax) {
  ConfigLoad missing = loadConfig("/nonexistent/msrpgw.json", {});
  ASSERT_EQ(missing.problems.size(), 1u);
  EXPECT_EQ(missing.problems[0].errc, ConfigErrc::kBadFile);
  ConfigLoad broken = loadConfig(writeFile("c.json", "{\"workers\": 1,"), {});
  ASSERT_EQ(broken.problems.size(), 1u);
  EXPECT_EQ(broken.problems[0].errc, ConfigErrc::kBadSyntax);
  ConfigLoad not_object = loadConfig(writeFile("d.json", "[1]"), {});
  ASSERT_EQ(not_object.problems.size(), 1u);
  EXPECT_EQ(not_object.problems[0].errc, ConfigErrc::kWrongType);
}

TEST(Config, MalformedOverrides) {
  ConfigLoad load = loadConfig("", {"workers", "=3", "a..b=1"});
  EXPECT_EQ(load.problems.size(), 3u);
  for (const auto& p : load.problems) EXPECT_EQ(p.errc, ConfigErrc::kBadOverride) << p.message;
}

TEST(Config, OverrideOfAnObjectWithAScalarIsAWrongType) {
  ConfigLoad load = loadConfig("", {"msrp.limits=5"});
  // "msrp.limits" is a known section; its scalar replacement leaves the defaults, but a
  // scalar where a section belongs must not pass silently.
  ASSERT_FALSE(load.ok());
}

}  // namespace
}  // namespace msrpgw::gateway
