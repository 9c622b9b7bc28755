// xmllint (libxml2-utils, a separate program) judges the IMDN bodies we build: each must
// validate against the RFC 5438 structure in imdn.xsd, and xmllint's XPath must read back
// the values we put in. The schema is shown to have teeth on a body it must reject.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "proto/cpim/imdn.h"
#include "tests/support/result_matchers.h"
#include "tests/support/subprocess.h"
#include "tests/support/tshark.h"

namespace msrpgw::proto::cpim {
namespace {

using msrpgw::test::IsOk;

std::string writeTemp(const std::string& name, const std::string& text) {
  std::string path = msrpgw::test::tempPath(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

int validate(const std::string& path) {
  return msrpgw::test::runCommand({"xmllint", "--noout", "--schema", MSRPGW_IMDN_XSD, path})
      .exit_code;
}

// xmllint --xpath prints the result and a line feed.
std::string xpathValue(const std::string& path, const std::string& expr) {
  auto r = msrpgw::test::runCommand({"xmllint", "--xpath", expr, path});
  if (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

std::string xpath(const std::string& path, const std::string& local_name) {
  return xpathValue(path, "string(//*[local-name()='" + local_name + "'])");
}

class ImdnXmllint : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(msrpgw::test::haveProgram("xmllint"))
        << "xmllint missing: run tools/install-deps --test";
  }
};

TEST_F(ImdnXmllint, BuiltBodiesValidateAndReadBack) {
  int i = 0;
  for (auto t :
       {NotificationType::kDelivery, NotificationType::kDisplay, NotificationType::kProcessing}) {
    for (int s = 0; s <= static_cast<int>(ImdnStatus::kStored); ++s) {
      auto st = static_cast<ImdnStatus>(s);
      if (!statusAllowed(t, st)) continue;
      Notification n;
      n.message_id = "msg-" + std::to_string(i);
      n.datetime = "2008-04-04T12:16:49-05:00";
      if (i % 2) {
        n.recipient_uri = "sip:+46708251358@ims.example";
        n.original_recipient_uri = "tel:+46708251358";
        n.subject = "Grüße & <more>";
      }
      n.type = t;
      n.status = st;
      auto xml = buildImdn(n);
      ASSERT_THAT(xml, IsOk());
      std::string path = writeTemp("imdn-" + std::to_string(i++) + ".xml", *xml);
      EXPECT_EQ(validate(path), 0) << *xml;
      EXPECT_EQ(xpath(path, "message-id"), n.message_id);
      EXPECT_EQ(xpath(path, "datetime"), n.datetime);
      if (n.subject) {
        EXPECT_EQ(xpath(path, "subject"), *n.subject);
        EXPECT_EQ(xpath(path, "original-recipient-uri"), *n.original_recipient_uri);
      }
      EXPECT_EQ(xpathValue(path, std::string("count(//*[local-name()='status']/*[local-name()='") +
                                     statusName(st) + "'])"),
                "1")
          << *xml;
    }
  }
  EXPECT_EQ(i, 11);
}

TEST_F(ImdnXmllint, SchemaRejectsWhatWeRefuse) {
  std::string bad = writeTemp("imdn-bad.xml",
                              "<imdn xmlns='urn:ietf:params:xml:ns:imdn'><message-id>a</message-id>"
                              "<datetime>2008-04-04T12:16:49-05:00</datetime><display-notification>"
                              "<status><delivered/></status></display-notification></imdn>");
  EXPECT_NE(validate(bad), 0);
  std::ifstream in(bad);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_FALSE(parseImdn(text).ok());
}

}  // namespace
}  // namespace msrpgw::proto::cpim
