#include "proto/cpim/imdn.h"

#include <gtest/gtest.h>

#include "proto/cpim/errc.h"
#include "proto/cpim/message.h"
#include "tests/support/result_matchers.h"

namespace msrpgw::proto::cpim {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::IsOk;

// RFC 5438 §7.2.1.1-style delivery notification, pretty-printed as in the RFC.
constexpr char kRfc5438Delivered[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<imdn xmlns="urn:ietf:params:xml:ns:imdn">
  <message-id>34jk324j</message-id>
  <datetime>2008-04-04T12:16:49-05:00</datetime>
  <recipient-uri>im:bob@example.com</recipient-uri>
  <original-recipient-uri>im:bob@example.com</original-recipient-uri>
  <delivery-notification>
    <status>
      <delivered/>
    </status>
  </delivery-notification>
</imdn>
)";

Notification sample(NotificationType t, ImdnStatus s) {
  Notification n;
  n.message_id = "7a01";
  n.datetime = "1999-03-29T15:16:59+02:00";
  n.type = t;
  n.status = s;
  return n;
}

TEST(Imdn, ParsesRfcExample) {
  auto n = parseImdn(kRfc5438Delivered);
  ASSERT_THAT(n, IsOk());
  EXPECT_EQ(n->message_id, "34jk324j");
  EXPECT_EQ(n->datetime, "2008-04-04T12:16:49-05:00");
  EXPECT_EQ(n->recipient_uri, "im:bob@example.com");
  EXPECT_EQ(n->original_recipient_uri, "im:bob@example.com");
  EXPECT_FALSE(n->subject);
  EXPECT_EQ(n->type, NotificationType::kDelivery);
  EXPECT_EQ(n->status, ImdnStatus::kDelivered);
  auto again = buildImdn(*n);
  ASSERT_THAT(again, IsOk());
  auto back = parseImdn(*again);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, *n);
}

TEST(Imdn, EveryAllowedStatusRoundTrips) {
  for (auto t :
       {NotificationType::kDelivery, NotificationType::kDisplay, NotificationType::kProcessing}) {
    for (int s = 0; s <= static_cast<int>(ImdnStatus::kStored); ++s) {
      auto st = static_cast<ImdnStatus>(s);
      Notification n = sample(t, st);
      auto xml = buildImdn(n);
      if (!statusAllowed(t, st)) {
        EXPECT_THAT(xml, HasErrc(Errc::kBadStatus)) << statusName(st);
        continue;
      }
      ASSERT_THAT(xml, IsOk());
      EXPECT_NE(xml->find(std::string("<") + statusName(st) + "/>"), std::string::npos) << *xml;
      auto back = parseImdn(*xml);
      ASSERT_THAT(back, IsOk()) << *xml;
      EXPECT_EQ(*back, n);
    }
  }
  EXPECT_TRUE(statusAllowed(NotificationType::kDelivery, ImdnStatus::kFailed));
  EXPECT_FALSE(statusAllowed(NotificationType::kDisplay, ImdnStatus::kDelivered));
  EXPECT_TRUE(statusAllowed(NotificationType::kDisplay, ImdnStatus::kDisplayed));
}

TEST(Imdn, EscapesAndOptionalElements) {
  Notification n = sample(NotificationType::kDelivery, ImdnStatus::kFailed);
  n.message_id = "a<b>&\"c'";
  n.recipient_uri = "sip:+46708251358@ims.example;user=phone";
  n.original_recipient_uri = "tel:+46708251358";
  n.subject = "Grüße & <tags>";
  auto xml = buildImdn(n);
  ASSERT_THAT(xml, IsOk());
  EXPECT_NE(xml->find("a&lt;b&gt;&amp;"), std::string::npos) << *xml;
  auto back = parseImdn(*xml);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, n);
}

TEST(Imdn, CarriedInCpim) {
  auto xml = buildImdn(sample(NotificationType::kDelivery, ImdnStatus::kDelivered));
  ASSERT_THAT(xml, IsOk());
  Message m;
  m.from = NameAddr{"", "sip:+27838890001@ims.example"};
  m.to = {{"", "tel:+46708251358"}};
  m.date_time = "1999-03-29T15:17:30+02:00";
  m.namespaces = {{"imdn", kImdnNamespace}};
  m.extensions = {{"imdn.Message-ID", "n-1"}};
  m.mime_headers = {{"Content-Type", kImdnContentType}, {"Content-Disposition", "notification"}};
  m.body = asBytes(*xml);
  auto cpim = buildMessage(m);
  ASSERT_THAT(cpim, IsOk());
  auto parsed = parseMessage(asBytes(*cpim));
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->contentType(), "message/imdn+xml");
  EXPECT_EQ(parsed->mimeHeader("Content-Disposition"), "notification");
  auto n = parseImdn(asText(parsed->body));
  ASSERT_THAT(n, IsOk());
  EXPECT_EQ(n->message_id, "7a01");
}

TEST(Imdn, MalformedBodies) {
  EXPECT_THAT(parseImdn(""), HasErrc(Errc::kBadXml));
  EXPECT_THAT(parseImdn("<imdn xmlns='urn:ietf:params:xml:ns:imdn'>"), HasErrc(Errc::kBadXml));
  EXPECT_THAT(
      parseImdn("<?xml version='1.0'?><!DOCTYPE imdn [<!ENTITY x 'y'>]>"
                "<imdn xmlns='urn:ietf:params:xml:ns:imdn'><message-id>&x;</message-id></imdn>"),
      HasErrc(Errc::kBadXml));
  EXPECT_THAT(parseImdn("<imdn><message-id>a</message-id></imdn>"), HasErrc(Errc::kNotImdn));
  EXPECT_THAT(parseImdn("<x:note xmlns:x='urn:ietf:params:xml:ns:imdn'/>"),
              HasErrc(Errc::kNotImdn));
  const std::string head = "<imdn xmlns='urn:ietf:params:xml:ns:imdn'>";
  const std::string id = "<message-id>a</message-id>";
  const std::string dt = "<datetime>2008-04-04T12:16:49-05:00</datetime>";
  const std::string ok =
      "<delivery-notification><status><delivered/></status></delivery-notification>";
  EXPECT_THAT(parseImdn(head + id + dt + ok + "</imdn>"), IsOk());
  EXPECT_THAT(parseImdn(head + dt + ok + "</imdn>"), HasErrc(Errc::kMissingElement));
  EXPECT_THAT(parseImdn(head + id + ok + "</imdn>"), HasErrc(Errc::kMissingElement));
  EXPECT_THAT(parseImdn(head + id + dt + "</imdn>"), HasErrc(Errc::kMissingElement));
  EXPECT_THAT(
      parseImdn(
          head + id + dt +
          "<display-notification><status><delivered/></status></display-notification></imdn>"),
      HasErrc(Errc::kBadStatus));
  EXPECT_THAT(
      parseImdn(head + id + dt +
                "<delivery-notification><status><lost/></status></delivery-notification></imdn>"),
      HasErrc(Errc::kBadStatus));
  EXPECT_THAT(parseImdn(head + id + dt + "<delivery-notification></delivery-notification></imdn>"),
              HasErrc(Errc::kBadStatus));
  EXPECT_THAT(
      parseImdn(head + id + dt + "<delivery-notification><status/></delivery-notification></imdn>"),
      HasErrc(Errc::kBadStatus));
  EXPECT_THAT(parseImdn(head + id + dt + ok + ok + "</imdn>"), HasErrc(Errc::kBadStatus));
  // Elements of other namespaces are ignored.
  EXPECT_THAT(parseImdn(head + id + dt + ok + "<x:ext xmlns:x='urn:other'>1</x:ext></imdn>"),
              IsOk());
}

TEST(Imdn, BuildRefusesIncompleteNotifications) {
  Notification n = sample(NotificationType::kDelivery, ImdnStatus::kDelivered);
  n.datetime.clear();
  EXPECT_THAT(buildImdn(n), HasErrc(Errc::kMissingElement));
  n = sample(NotificationType::kDelivery, ImdnStatus::kDelivered);
  n.recipient_uri = "sip:a@x";
  EXPECT_THAT(buildImdn(n), HasErrc(Errc::kMissingElement));
  n = sample(NotificationType::kDelivery, ImdnStatus::kDelivered);
  n.subject = "s";
  EXPECT_THAT(buildImdn(n), HasErrc(Errc::kMissingElement));
  n = sample(NotificationType::kDelivery, ImdnStatus::kDelivered);
  n.message_id = "\xFF";
  EXPECT_THAT(buildImdn(n), HasErrc(Errc::kBadHeaderValue));
}

}  // namespace
}  // namespace msrpgw::proto::cpim
