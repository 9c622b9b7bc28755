// Registration on a fake clock: ServiceChange Restart 901 with Profile and Version,
// version negotiation, MgcIdToTry (followed, not looped), the MGC list tried in turn,
// retry after all failed, HandOff from the MGC, re-registration when the MGC goes silent,
// Graceful shutdown.
#include "control/registration/registrar.h"

#include <gtest/gtest.h>

#include "proto/h248/encode.h"
#include "proto/h248/parser.h"
#include "tests/unit/control/fakes.h"

namespace msrpgw::control::registration {
namespace {

namespace h248 = proto::h248;

struct Sent {
  std::string to;
  std::string text;
  h248::Message msg;
};

class RegistrarTest : public ::testing::Test {
 protected:
  RegistrarTest() { make({"10.0.0.1:2944", "10.0.0.2:2944"}); }

  void make(std::vector<std::string> mgcs, Millis silence = 0) {
    transaction::TimerConfig t;
    t.retransmit_initial = 100;
    t.retransmit_max = 100;
    t.retransmit_limit = 2;
    registrar_.reset();
    layer_ = std::make_unique<transaction::TransactionLayer>(
        clock_, t, h248::MId{h248::MId::Kind::kIp4, "10.0.0.9", 2944},
        [this](const std::string& to, const std::string& bytes) {
          auto m = h248::parseMessage(bytes);
          ASSERT_TRUE(m.ok()) << bytes;
          sent_.push_back({to, bytes, m.value()});
        },
        [](const std::string&, uint8_t, const h248::TransactionRequest&,
           const transaction::TransactionLayer::ReplyFn&) {});
    RegistrarConfig c;
    c.mgcs = std::move(mgcs);
    c.version = 3;
    c.service_change_port = 2944;
    c.retry_delay = 5000;
    c.mgc_silence = silence;
    registrar_ =
        std::make_unique<Registrar>(clock_, c, *layer_,
                                    Registrar::Hooks{[this](const std::string& mgc, uint8_t v) {
                                                       registered_.push_back({mgc, v});
                                                     },
                                                     {}});
  }

  // The id and parameters of the last ServiceChange we sent.
  std::pair<uint32_t, h248::ServiceChangeParms> lastServiceChange() {
    EXPECT_FALSE(sent_.empty());
    const auto& t = std::get<h248::TransactionRequest>(sent_.back().msg.transactions.at(0));
    const auto& cmd = t.actions.at(0).commands.at(0);
    EXPECT_EQ(cmd.kind, h248::CommandKind::kServiceChange);
    EXPECT_EQ(cmd.termination_id, "ROOT");
    return {t.id, std::get<h248::ServiceChangeParms>(cmd.descriptors.at(0))};
  }

  void reply(const std::string& from, const std::string& body) {
    auto m = h248::parseMessage("MEGACO/3 [" + from.substr(0, from.find(':')) + "]:2944\n" + body);
    ASSERT_TRUE(m.ok()) << body;
    layer_->onMessage(from, m.value());
  }
  void tick(Millis ms) {
    for (Millis i = 0; i < ms; ++i) {
      clock_.advance(1);
      layer_->poll();
      registrar_->poll();
    }
  }

  test::FakeClock clock_;
  std::unique_ptr<transaction::TransactionLayer> layer_;
  std::unique_ptr<Registrar> registrar_;
  std::vector<Sent> sent_;
  std::vector<std::pair<std::string, uint8_t>> registered_;
};

TEST_F(RegistrarTest, StartSendsRestart901WithProfileAndVersion) {
  registrar_->start();
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].to, "10.0.0.1:2944");
  auto [id, p] = lastServiceChange();
  EXPECT_EQ(p.method, h248::ServiceChangeMethod::kRestart);
  EXPECT_EQ(p.reason, "901 Cold Boot");
  EXPECT_EQ(p.version, 3u);
  ASSERT_TRUE(p.profile.has_value());
  EXPECT_EQ(p.profile->name, "msrpgw");
  EXPECT_EQ(p.address_port, 2944);
  EXPECT_EQ(sent_[0].msg.version, 3);
  EXPECT_FALSE(registrar_->registered());
}

TEST_F(RegistrarTest, ReplyRegistersAndLowerVersionWins) {
  registrar_->start();
  auto [id, p] = lastServiceChange();
  reply("10.0.0.1:2944", "P=" + std::to_string(id) + "{C=-{SC=ROOT{SV{V=2}}}}");
  ASSERT_TRUE(registrar_->registered());
  EXPECT_EQ(registrar_->version(), 2);
  ASSERT_EQ(registered_.size(), 1u);
  EXPECT_EQ(registered_[0].first, "10.0.0.1:2944");
}

TEST_F(RegistrarTest, MinimalErlangStyleReplyRegistersAtOurVersion) {
  registrar_->start();
  auto [id, p] = lastServiceChange();
  reply("10.0.0.1:2944", "P=" + std::to_string(id) + "{C=-{SC=root}}");
  ASSERT_TRUE(registrar_->registered());
  EXPECT_EQ(registrar_->version(), 3);
}

TEST_F(RegistrarTest, MgcIdToTryIsFollowedAndItsAddressAllowed) {
  registrar_->start();
  EXPECT_FALSE(registrar_->allowed("10.0.0.7:2944"));
  auto [id, p] = lastServiceChange();
  reply("10.0.0.1:2944", "P=" + std::to_string(id) + "{C=-{SC=ROOT{SV{MG=[10.0.0.7]:2950}}}}");
  EXPECT_FALSE(registrar_->registered());
  EXPECT_EQ(sent_.back().to, "10.0.0.7:2950");
  EXPECT_TRUE(registrar_->allowed("10.0.0.7:2950"));
  auto [id2, p2] = lastServiceChange();
  reply("10.0.0.7:2950", "P=" + std::to_string(id2) + "{C=-{SC=ROOT}}");
  EXPECT_TRUE(registrar_->registered());
  EXPECT_EQ(registrar_->mgc(), "10.0.0.7:2950");
}

TEST_F(RegistrarTest, MgcIdToTryNamingTheSameMgcRegisters) {
  registrar_->start();
  auto [id, p] = lastServiceChange();
  reply("10.0.0.1:2944", "P=" + std::to_string(id) + "{C=-{SC=ROOT{SV{MG=[10.0.0.1]:2944}}}}");
  EXPECT_TRUE(registrar_->registered());
  EXPECT_EQ(sent_.size(), 1u);
}

TEST_F(RegistrarTest, MgcIdToTryLoopMovesToTheNextConfiguredMgc) {
  make({"10.0.0.1:2944", "10.0.0.2:2944", "10.0.0.3:2944"});
  registrar_->start();
  auto [id, p] = lastServiceChange();
  reply("10.0.0.1:2944", "P=" + std::to_string(id) + "{C=-{SC=ROOT{SV{MG=[10.0.0.2]:2944}}}}");
  EXPECT_EQ(sent_.back().to, "10.0.0.2:2944");
  auto [id2, p2] = lastServiceChange();
  reply("10.0.0.2:2944", "P=" + std::to_string(id2) + "{C=-{SC=ROOT{SV{MG=[10.0.0.1]:2944}}}}");
  EXPECT_EQ(sent_.back().to, "10.0.0.3:2944");
  EXPECT_FALSE(registrar_->registered());
}

TEST_F(RegistrarTest, ErrorReplyTriesTheNextMgcAndAllFailingWaitsForRetry) {
  registrar_->start();
  auto [id, p] = lastServiceChange();
  reply("10.0.0.1:2944", "P=" + std::to_string(id) + "{ER=403{\"no\"}}");
  EXPECT_EQ(sent_.back().to, "10.0.0.2:2944");
  auto [id2, p2] = lastServiceChange();
  reply("10.0.0.2:2944", "P=" + std::to_string(id2) + "{C=-{SC=ROOT{ER=502{\"busy\"}}}}");
  EXPECT_EQ(registrar_->state(), State::kWaitingRetry);
  size_t n = sent_.size();
  tick(4999);
  EXPECT_EQ(sent_.size(), n);
  tick(1);
  EXPECT_EQ(sent_.back().to, "10.0.0.1:2944");
  EXPECT_EQ(registrar_->attempts(), 3u);
}

TEST_F(RegistrarTest, Version406StepsDown) {
  registrar_->start();
  auto [id, p] = lastServiceChange();
  reply("10.0.0.1:2944", "P=" + std::to_string(id) + "{ER=406{\"v1 only\"}}");
  auto [id2, p2] = lastServiceChange();
  EXPECT_EQ(p2.version, 2u);
  EXPECT_EQ(sent_.back().msg.version, 2);
  EXPECT_EQ(sent_.back().to, "10.0.0.1:2944");
}

TEST_F(RegistrarTest, SilentMgcIsRetransmittedToThenTheNextOneIsTried) {
  registrar_->start();
  tick(100);
  EXPECT_EQ(sent_.size(), 2u);  // one retransmission
  tick(100);
  EXPECT_EQ(sent_.size(), 3u);
  tick(100);  // gave up: next MGC
  EXPECT_EQ(sent_.back().to, "10.0.0.2:2944");
}

TEST_F(RegistrarTest, HandOffFromTheMgcRegistersWithTheNewOne) {
  registrar_->start();
  auto [id, p] = lastServiceChange();
  reply("10.0.0.1:2944", "P=" + std::to_string(id) + "{C=-{SC=ROOT}}");
  auto m = h248::parseMessage(
      "MEGACO/3 [10.0.0.1]:2944\nT=50{C=-{SC=ROOT{SV{MT=HO,RE=\"903\",MG=[10.0.0.5]:2944}}}}");
  ASSERT_TRUE(m.ok());
  const auto& sc =
      std::get<h248::TransactionRequest>(m.value().transactions[0]).actions[0].commands[0];
  h248::CommandReply r = registrar_->onServiceChange("10.0.0.1:2944", sc);
  EXPECT_TRUE(r.descriptors.empty());
  EXPECT_EQ(sent_.back().to, "10.0.0.5:2944");
  auto [id2, p2] = lastServiceChange();
  EXPECT_EQ(p2.method, h248::ServiceChangeMethod::kHandOff);
  EXPECT_EQ(p2.reason, "903 MGC Directed Change");
}

TEST_F(RegistrarTest, SilentMgcTriggersReRegistrationWithDisconnected) {
  make({"10.0.0.1:2944"}, 1000);
  registrar_->start();
  auto [id, p] = lastServiceChange();
  reply("10.0.0.1:2944", "P=" + std::to_string(id) + "{C=-{SC=ROOT}}");
  tick(600);
  registrar_->onActivity("10.0.0.1:2944");
  tick(999);
  EXPECT_TRUE(registrar_->registered());
  tick(1);
  EXPECT_FALSE(registrar_->registered());
  auto [id2, p2] = lastServiceChange();
  EXPECT_EQ(p2.method, h248::ServiceChangeMethod::kDisconnected);
}

TEST_F(RegistrarTest, GracefulShutdownSendsDelayAndFinishesOnReply) {
  registrar_->start();
  auto [id, p] = lastServiceChange();
  reply("10.0.0.1:2944", "P=" + std::to_string(id) + "{C=-{SC=ROOT}}");
  bool done = false;
  registrar_->shutdown(true, 30, 2000, [&] { done = true; });
  auto [id2, p2] = lastServiceChange();
  EXPECT_EQ(p2.method, h248::ServiceChangeMethod::kGraceful);
  EXPECT_EQ(p2.delay, 30u);
  EXPECT_FALSE(done);
  reply("10.0.0.1:2944", "P=" + std::to_string(id2) + "{C=-{SC=ROOT}}");
  EXPECT_TRUE(done);
}

TEST_F(RegistrarTest, ForcedShutdownGivesUpWaitingAfterTheLimit) {
  registrar_->start();
  auto [id, p] = lastServiceChange();
  reply("10.0.0.1:2944", "P=" + std::to_string(id) + "{C=-{SC=ROOT}}");
  bool done = false;
  registrar_->shutdown(false, 0, 50, [&] { done = true; });
  auto [id2, p2] = lastServiceChange();
  EXPECT_EQ(p2.method, h248::ServiceChangeMethod::kForced);
  tick(49);
  EXPECT_FALSE(done);
  tick(1);
  EXPECT_TRUE(done);
}

TEST_F(RegistrarTest, ShutdownBeforeRegistrationFinishesAtOnce) {
  registrar_->start();
  bool done = false;
  registrar_->shutdown(true, 0, 2000, [&] { done = true; });
  EXPECT_TRUE(done);
}

}  // namespace
}  // namespace msrpgw::control::registration
