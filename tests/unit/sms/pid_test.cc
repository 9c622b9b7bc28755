#include "proto/sms/pid.h"

#include <gtest/gtest.h>

namespace msrpgw::proto::sms {
namespace {

TEST(Pid, Kinds) {
  EXPECT_EQ(decodePid(0x00).kind, PidKind::kSmeToSme);
  Pid fax = decodePid(0x22);  // telematic, group 3 telefax
  EXPECT_EQ(fax.kind, PidKind::kTelematic);
  EXPECT_EQ(fax.value, 2);
  EXPECT_EQ(decodePid(0x40).kind, PidKind::kShortMessageType0);
  Pid replace = decodePid(0x43);
  EXPECT_EQ(replace.kind, PidKind::kReplace);
  EXPECT_EQ(replace.value, 3);
  EXPECT_EQ(decodePid(0x5E).kind, PidKind::kEnhancedMessageService);
  EXPECT_EQ(decodePid(0x5F).kind, PidKind::kReturnCall);
  EXPECT_EQ(decodePid(0x7C).kind, PidKind::kAnsi136RData);
  EXPECT_EQ(decodePid(0x7D).kind, PidKind::kMeDataDownload);
  EXPECT_EQ(decodePid(0x7E).kind, PidKind::kMeDepersonalization);
  EXPECT_EQ(decodePid(0x7F).kind, PidKind::kSimDataDownload);
  EXPECT_EQ(decodePid(0x48).kind, PidKind::kReserved);
  EXPECT_EQ(decodePid(0x80).kind, PidKind::kReserved);
  EXPECT_EQ(decodePid(0xC5).kind, PidKind::kScSpecific);
}

TEST(Pid, InterworkingPerReference) {
  EXPECT_TRUE(pidInterworks(0x00));
  for (uint8_t v : {0x40, 0x41, 0x47, 0x7F, 0x21, 0x01}) EXPECT_FALSE(pidInterworks(v)) << int(v);
}

}  // namespace
}  // namespace msrpgw::proto::sms
