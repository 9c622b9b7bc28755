// The real binary, as an operator runs it: the default configuration starts and reports
// itself, SIGTERM and SIGINT end it with status 0, and every kind of bad configuration
// stops it before start with a message naming the key.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>

#include "tests/support/subprocess.h"
#include "tests/support/tshark.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

const std::string kBin = MSRPGW_BIN;
const std::string kConf = MSRPGW_SOURCE_DIR "/conf/msrpgw.json";

void expectStopsCleanlyOn(int sig) {
  // MSRP on a free port so tests can run side by side (no MGC answers: the MG keeps trying
  // to register, which does not stop it from running).
  ChildProcess gw(
      {kBin, "--config", kConf, "--set", "log.level=debug", "--set", "msrp.ports=[0,0]"});
  ASSERT_TRUE(gw.waitForErr("ready", 20s)) << gw.err();
  EXPECT_NE(gw.err().find("\"listen\":\"127.0.0.1:2944\""), std::string::npos) << gw.err();
  EXPECT_NE(gw.err().find("msrp engine started"), std::string::npos) << gw.err();
  EXPECT_NE(gw.err().find("\"level\":\"debug\""), std::string::npos) << gw.err();
  gw.signal(sig);
  auto code = gw.waitExit(20s);
  ASSERT_TRUE(code.has_value()) << "still running after the signal";
  EXPECT_EQ(*code, 0) << gw.err();
  EXPECT_NE(gw.err().find("stopped"), std::string::npos) << gw.err();
}

TEST(GatewayStartup, SigtermEndsWithStatusZero) {
  expectStopsCleanlyOn(SIGTERM);
}
TEST(GatewayStartup, SigintEndsWithStatusZero) {
  expectStopsCleanlyOn(SIGINT);
}

TEST(GatewayStartup, CheckPrintsTheEffectiveConfiguration) {
  CommandResult r = runCommand({kBin, "--config", kConf, "--set", "workers=4", "--check"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"workers\":4"), std::string::npos) << r.out;
}

TEST(GatewayStartup, UnknownKeyStopsStartWithTheKeyNamed) {
  CommandResult r = runCommand({kBin, "--config", kConf, "--set", "h248.lisen=127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("[unknown_key] h248.lisen: unknown key"), std::string::npos) << r.err;
}

TEST(GatewayStartup, BadValueStopsStartWithTheKeyNamed) {
  CommandResult r = runCommand({kBin, "--config", kConf, "--set", "h248.transport=sctp"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("[bad_value] h248.transport: must be one of udp, tcp (got \"sctp\")"),
            std::string::npos)
      << r.err;
}

TEST(GatewayStartup, BadFileStopsStart) {
  std::string path = tempPath("broken.json");
  std::ofstream(path) << "{ \"workers\": ";
  CommandResult r = runCommand({kBin, "--config", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("[bad_syntax]"), std::string::npos) << r.err;
  CommandResult missing = runCommand({kBin, "--config", "/nonexistent.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("[bad_file]"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace msrpgw::test
