#include "proto/cpim/message.h"

#include <gtest/gtest.h>

#include <string>

#include "proto/cpim/disposition.h"
#include "proto/cpim/errc.h"
#include "tests/support/guarded_buffer.h"
#include "tests/support/result_matchers.h"

namespace msrpgw::proto::cpim {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::HasErrcAt;
using msrpgw::test::IsOk;

// RFC 3862 §6 example (the "h:", "e:" and "s:" line labels removed), with CRLF.
constexpr char kRfc3862[] =
    "From: MR SANDERS <im:piglet@100akerwood.com>\r\n"
    "To: Depressed Donkey <im:eeyore@100akerwood.com>\r\n"
    "DateTime: 2000-12-13T13:40:00-08:00\r\n"
    "Subject: the weather will be fine today\r\n"
    "Subject:;lang=fr beau temps prevu pour aujourd'hui\r\n"
    "NS: MyFeatures <mid:MessageFeatures@id.foo.com>\r\n"
    "Require: MyFeatures.VitalMessageOption\r\n"
    "MyFeatures.VitalMessageOption: Confirmation-requested\r\n"
    "MyFeatures.WackyMessageOption: Use-silly-font\r\n"
    "\r\n"
    "Content-type: text/xml; charset=utf-8\r\n"
    "Content-ID: <1234567890@foo.com>\r\n"
    "\r\n"
    "<body>\r\n"
    "Here is the text of my message.\r\n"
    "</body>\r\n";

// reference/sms.md §2: the CPIM body the gateway emits for an SMS.
constexpr char kFromSms[] =
    "From: <tel:+46708251358>\r\n"
    "To: <sip:+27838890001@ims.example>\r\n"
    "DateTime: 1999-03-29T15:16:59+02:00\r\n"
    "NS: imdn <urn:ietf:params:imdn>\r\n"
    "imdn.Message-ID: 7a01\r\n"
    "imdn.Disposition-Notification: positive-delivery, negative-delivery\r\n"
    "\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "hellohello";

Message parseOk(std::string_view text) {
  auto m = parseMessage(asBytes(text));
  EXPECT_THAT(m, IsOk());
  return m.ok() ? *m : Message{};
}

TEST(CpimMessage, Rfc3862Example) {
  msrpgw::test::GuardedBuffer g(kRfc3862);
  Message m = parseOk(g.view());
  ASSERT_TRUE(m.from);
  EXPECT_EQ(m.from->display, "MR SANDERS");
  EXPECT_EQ(m.from->uri, "im:piglet@100akerwood.com");
  ASSERT_EQ(m.to.size(), 1u);
  EXPECT_EQ(m.to[0], (NameAddr{"Depressed Donkey", "im:eeyore@100akerwood.com"}));
  EXPECT_EQ(m.date_time, "2000-12-13T13:40:00-08:00");
  ASSERT_EQ(m.subjects.size(), 2u);
  EXPECT_EQ(m.subjects[0], (Subject{"", "the weather will be fine today"}));
  EXPECT_EQ(m.subjects[1], (Subject{"fr", "beau temps prevu pour aujourd'hui"}));
  ASSERT_EQ(m.namespaces.size(), 1u);
  EXPECT_EQ(m.namespaces[0], (Namespace{"MyFeatures", "mid:MessageFeatures@id.foo.com"}));
  EXPECT_EQ(m.require, std::vector<std::string_view>{"MyFeatures.VitalMessageOption"});
  ASSERT_EQ(m.extensions.size(), 2u);
  EXPECT_EQ(m.header("mid:MessageFeatures@id.foo.com", "VitalMessageOption"),
            "Confirmation-requested");
  EXPECT_EQ(m.header("mid:MessageFeatures@id.foo.com", "WackyMessageOption"), "Use-silly-font");
  EXPECT_FALSE(m.header("mid:other", "VitalMessageOption"));
  EXPECT_EQ(m.contentType(), "text/xml; charset=utf-8");
  EXPECT_EQ(m.mimeHeader("content-id"), "<1234567890@foo.com>");
  EXPECT_EQ(asText(m.body), "<body>\r\nHere is the text of my message.\r\n</body>\r\n");
  // The body view points into the input.
  EXPECT_EQ(asText(m.body).data(), g.view().data() + g.view().find("<body>"));
  auto built = buildMessage(m);
  ASSERT_THAT(built, IsOk());
  EXPECT_EQ(*built, kRfc3862);
}

TEST(CpimMessage, GatewaySmsBodyWithImdnHeaders) {
  Message m = parseOk(kFromSms);
  EXPECT_EQ(m.from->uri, "tel:+46708251358");
  EXPECT_EQ(m.from->display, "");
  EXPECT_EQ(m.to[0].uri, "sip:+27838890001@ims.example");
  EXPECT_EQ(m.header(kImdnNamespace, "Message-ID"), "7a01");
  auto disp = m.header(kImdnNamespace, "Disposition-Notification");
  ASSERT_TRUE(disp);
  DispositionRequest r = parseDispositionNotification(*disp);
  EXPECT_TRUE(r.positive_delivery);
  EXPECT_TRUE(r.negative_delivery);
  EXPECT_FALSE(r.display);
  EXPECT_EQ(m.contentType(), "text/plain; charset=utf-8");
  EXPECT_EQ(asText(m.body), "hellohello");
  auto built = buildMessage(m);
  ASSERT_THAT(built, IsOk());
  EXPECT_EQ(*built, kFromSms);
}

TEST(CpimMessage, BuildFromValuesAndReparse) {
  Message m;
  m.from = NameAddr{"Alice, the sender", "sip:alice@example.com"};
  m.to = {{"", "tel:+46708251358"}, {"Bob", "sip:bob@example.com"}};
  m.cc = {{"", "sip:carol@example.com"}};
  m.date_time = "2026-11-26T01:00:00.250Z";
  m.subjects = {{"sv", "hej"}};
  m.namespaces = {{"imdn", kImdnNamespace}};
  m.extensions = {{"imdn.Message-ID", "a1"}, {"imdn.Disposition-Notification", "display"}};
  m.mime_headers = {{"Content-Type", "text/plain; charset=utf-8"}};
  std::string body = "Grüße 😀\r\n\r\nline after an empty line";
  m.body = asBytes(body);
  auto built = buildMessage(m);
  ASSERT_THAT(built, IsOk());
  EXPECT_NE(built->find("From: \"Alice, the sender\" <sip:alice@example.com>\r\n"),
            std::string::npos);
  Message back = parseOk(*built);
  EXPECT_EQ(back.from, m.from);
  EXPECT_EQ(back.to, m.to);
  EXPECT_EQ(back.cc, m.cc);
  EXPECT_EQ(back.date_time, m.date_time);
  EXPECT_EQ(back.subjects, m.subjects);
  EXPECT_EQ(back.namespaces, m.namespaces);
  EXPECT_EQ(back.extensions, m.extensions);
  EXPECT_EQ(back.mime_headers, m.mime_headers);
  EXPECT_EQ(asText(back.body), body);
  EXPECT_EQ(back.header(kImdnNamespace, "Message-ID"), "a1");
}

TEST(CpimMessage, BareLineFeedsFoldingAndDefaultNamespace) {
  Message m = parseOk(
      "From: <sip:a@x>\nNS: <urn:example:default>\nPriority: high\n\n"
      "Content-Type: text/plain;\n charset=utf-8\nX-Empty:\n\nbody");
  EXPECT_EQ(m.header("urn:example:default", "Priority"), "high");
  EXPECT_EQ(m.contentType(), "text/plain;\n charset=utf-8");
  EXPECT_EQ(m.mimeHeader("X-Empty"), "");
  EXPECT_EQ(asText(m.body), "body");
  Message empty_mime = parseOk("From: <sip:a@x>\r\n\r\n\r\n");
  EXPECT_TRUE(empty_mime.mime_headers.empty());
  EXPECT_TRUE(empty_mime.body.empty());
}

TEST(CpimMessage, MalformedInputs) {
  auto parse = [](std::string_view s) { return parseMessage(asBytes(s)); };
  EXPECT_THAT(parse(""), HasErrcAt(Errc::kNoHeaderEnd, 0u));
  EXPECT_THAT(parse("From: <sip:a@x>\r\n"), HasErrcAt(Errc::kNoHeaderEnd, 17u));
  EXPECT_THAT(parse("From: <sip:a@x>\r\n\r\nContent-Type: text/plain\r\n"),
              HasErrcAt(Errc::kNoMimeEnd, 45u));
  EXPECT_THAT(parse("From <sip:a@x>\r\n\r\n\r\n"), HasErrcAt(Errc::kBadHeaderLine, 0u));
  EXPECT_THAT(parse("To: <a>\r\n: x\r\n\r\n\r\n"), HasErrcAt(Errc::kBadHeaderLine, 9u));
  EXPECT_THAT(parse("Fr om: <sip:a@x>\r\n\r\n\r\n"), HasErrcAt(Errc::kBadHeaderLine, 0u));
  EXPECT_THAT(parse("Subject:;lang fr x\r\n\r\n\r\n"), HasErrcAt(Errc::kBadParameter, 0u));
  EXPECT_THAT(parse("From: sip:a@x\r\n\r\n\r\n"), HasErrcAt(Errc::kBadNameAddr, 0u));
  EXPECT_THAT(parse("To: <sip:a@x> junk\r\n\r\n\r\n"), HasErrcAt(Errc::kBadNameAddr, 0u));
  EXPECT_THAT(parse("cc: <>\r\n\r\n\r\n"), HasErrcAt(Errc::kBadNameAddr, 0u));
  EXPECT_THAT(parse("From: \"Bob <sip:b@x>\r\n\r\n\r\n"), HasErrcAt(Errc::kBadNameAddr, 0u));
  EXPECT_THAT(parse("DateTime: 2000-12-13 13:40\r\n\r\n\r\n"), HasErrcAt(Errc::kBadDateTime, 0u));
  EXPECT_THAT(parse("DateTime: 2000-12-13T13:40:00\r\n\r\n\r\n"),
              HasErrcAt(Errc::kBadDateTime, 0u));
  EXPECT_THAT(parse("NS: imdn urn:ietf:params:imdn\r\n\r\n\r\n"),
              HasErrcAt(Errc::kBadNamespace, 0u));
  EXPECT_THAT(parse("NS: imdn <>\r\n\r\n\r\n"), HasErrcAt(Errc::kBadNamespace, 0u));
  EXPECT_THAT(parse("NS: im;dn <urn:x>\r\n\r\n\r\n"), HasErrcAt(Errc::kBadNamespace, 0u));
  EXPECT_THAT(parse("From: <sip:a@x>\r\nFrom: <sip:b@x>\r\n\r\n\r\n"),
              HasErrcAt(Errc::kDuplicateHeader, 17u));
  EXPECT_THAT(parse("DateTime: 2000-12-13T13:40:00Z\r\nDateTime: 2000-12-13T13:40:00Z\r\n\r\n\r\n"),
              HasErrcAt(Errc::kDuplicateHeader, 32u));
  EXPECT_THAT(parse("\r\n continued: x\r\n\r\n"), HasErrcAt(Errc::kBadHeaderLine, 2u));
  EXPECT_THAT(parse("\r\nContent Type: x\r\n\r\n"), HasErrcAt(Errc::kBadHeaderLine, 2u));
  std::string many;
  for (size_t i = 0; i <= kMaxHeaders; ++i) many += "X-H: v\r\n";
  EXPECT_THAT(parse(many + "\r\n\r\n"), HasErrcAt(Errc::kTooManyHeaders, kMaxHeaders * 8));
  EXPECT_THAT(parse("\r\n" + many + "\r\n"), HasErrcAt(Errc::kTooManyHeaders, 2 + kMaxHeaders * 8));
}

TEST(CpimMessage, BuildRefusesInjection) {
  Message m;
  m.extensions = {{"X-Header", "value\r\nInjected: yes"}};
  EXPECT_THAT(buildMessage(m), HasErrc(Errc::kBadHeaderValue));
  m.extensions = {{"Bad Name", "v"}};
  EXPECT_THAT(buildMessage(m), HasErrc(Errc::kBadHeaderValue));
  m.extensions.clear();
  m.from = NameAddr{"", "sip:a@x>\r\nTo: <sip:evil"};
  EXPECT_THAT(buildMessage(m), HasErrc(Errc::kBadHeaderValue));
  m.from.reset();
  m.date_time = "yesterday";
  EXPECT_THAT(buildMessage(m), HasErrc(Errc::kBadDateTime));
  m.date_time.reset();
  m.mime_headers = {{"Content-Type", "text/plain;\r\n charset=utf-8"}};  // a fold is fine
  EXPECT_THAT(buildMessage(m), IsOk());
  m.mime_headers = {{"Content-Type", "text/plain;\r\ncharset=utf-8"}};
  EXPECT_THAT(buildMessage(m), HasErrc(Errc::kBadHeaderValue));
}

}  // namespace
}  // namespace msrpgw::proto::cpim
