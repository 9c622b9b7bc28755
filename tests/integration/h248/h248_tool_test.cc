// build/bin/h248 against the real msrpgw: as a minimal MGC running a script after the
// registration, and as a one-shot sender.
#include <gtest/gtest.h>

#include <cstdio>

#include "tests/integration/h248/udp_peer.h"
#include "tests/support/subprocess.h"
#include "tests/support/tshark.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

TEST(H248Tool, MgcModeAcceptsTheRegistrationAndRunsTheScript) {
  std::string script = tempPath("h248_script");
  FILE* f = std::fopen(script.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(
      "# one MSRP context, audited and removed\n"
      "C=${A=${M{ST=1{L{\\nv=0\\nc=IN IP4 $\\nm=message $ TCP/MSRP *\\na=setup:passive\\n}}}}}\n"
      "C=-{AV=ROOT{AT{PG}}}\n"
      "C=*{S=*}\n",
      f);
  std::fclose(f);
  uint16_t mgc_port = freeUdpPort();
  ChildProcess tool({MSRPGW_H248_BIN, "mgc", "--listen", "127.0.0.1:" + std::to_string(mgc_port),
                     "--script", script});
  ASSERT_TRUE(tool.waitForErr("listening", 20s)) << tool.err();
  Gateway gw =
      startGateway({"--set", "h248.mgc=[\"127.0.0.1:" + std::to_string(mgc_port) + "\"]", "--set",
                    "media.engine=signalling", "--set", "h248.shutdown.wait_ms=200"});
  ASSERT_TRUE(gw.process);
  auto code = tool.waitExit(30s);
  ASSERT_TRUE(code.has_value()) << tool.out() << tool.err();
  EXPECT_EQ(*code, 0) << tool.out() << tool.err();
  EXPECT_NE(tool.out().find("MT=RS,RE=\"901 Cold Boot\""), std::string::npos) << tool.out();
  EXPECT_NE(tool.out().find("A=msrp/1{M{ST=1{L{"), std::string::npos) << tool.out();
  EXPECT_NE(tool.out().find("PG{"), std::string::npos) << tool.out();
  EXPECT_NE(tool.out().find("S=msrp/1{SA{nt/dur="), std::string::npos) << tool.out();
  EXPECT_NE(tool.out().find("# 0 request(s) answered with an error"), std::string::npos)
      << tool.out();

  // A one-shot sender from another port of an allowed address is not the MGC in charge.
  CommandResult r = runCommand({MSRPGW_H248_BIN, "send", "--to",
                                "127.0.0.1:" + std::to_string(gw.port), "T=9{C=-{AV=ROOT{AT{}}}}"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("P=9{ER=504{"), std::string::npos) << r.out;
}

TEST(H248Tool, SendReportsSilence) {
  UdpPeer silent;
  CommandResult r = runCommand({MSRPGW_H248_BIN, "--timeout", "200", "send", "--to",
                                silent.endpoint(), "T=1{C=-{AV=ROOT{AT{}}}}"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no reply within 200 ms"), std::string::npos) << r.err;
  auto got = silent.receive(5s);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->rfind("MEGACO/3 [0.0.0.0]:", 0), 0u) << *got;
}

}  // namespace
}  // namespace msrpgw::test
