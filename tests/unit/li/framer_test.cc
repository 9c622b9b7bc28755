// The stream framer fed every split of a stream of mixed PDUs (the reference X3/MSRP
// example, keepalive, keepalive ack, X2 with IPv6 attributes, X3 with an empty payload)
// must give back exactly those PDUs, in order; limits and sticky errors.
#include "proto/li/framer.h"

#include <gtest/gtest.h>

#include "tests/support/guarded_buffer.h"
#include "tests/support/result_matchers.h"
#include "tests/support/splits.h"
#include "tests/unit/li/li_vectors.h"

namespace msrpgw::proto::li {
namespace {

using test::IsOk;

std::vector<std::string> mixedPdus() {
  std::vector<std::string> out;
  auto add = [&](const Pdu& p) {
    std::string b;
    EXPECT_THAT(appendPdu(p, b), IsOk());
    out.push_back(b);
  };
  add(test::li::msrpExamplePdu());
  add(makeKeepalive(0));
  add(makeKeepaliveAck(0));
  Pdu x2;
  x2.type = PduType::kX2;
  x2.payload_format = PayloadFormat::kSipMessage;
  x2.direction = PayloadDirection::kToTarget;
  x2.attributes = {attr::sourceIpv6({{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}),
                   attr::matchedTargetId("sip:alice@ims.example")};
  x2.payload = asBytes("MESSAGE sip:bob@ims.example SIP/2.0\r\n\r\n");
  add(x2);
  Pdu empty = test::li::msrpExamplePdu();
  empty.payload = {};
  empty.attributes.resize(3);
  add(empty);
  return out;
}

// Feeds the pieces and returns the frames (copied) or the error.
std::vector<std::string> frameAll(Framer& f, const test::Pieces& pieces, Error* err = nullptr) {
  std::vector<std::string> frames;
  for (std::string_view piece : pieces) {
    ByteView in = asBytes(piece);
    while (!in.empty()) {
      auto r = f.feed(in);
      in = in.subspan(r.consumed);
      if (r.status == Framer::Status::kError) {
        if (err) *err = f.error();
        return frames;
      }
      if (r.status == Framer::Status::kFrame)
        frames.emplace_back(asText(f.frame()));
      else
        EXPECT_TRUE(in.empty());
    }
  }
  return frames;
}

TEST(Framer, EverySplitOfAMixedStreamGivesBackEachPdu) {
  const auto pdus = mixedPdus();
  std::string stream;
  for (const auto& p : pdus) stream += p;
  size_t ways = 0;
  for (const auto& [pieces, label] : test::allSplits(stream)) {
    Framer f;
    auto frames = frameAll(f, pieces);
    ASSERT_EQ(frames, pdus) << label;
    EXPECT_EQ(f.buffered(), 0u) << label;
    EXPECT_EQ(f.streamOffset(), stream.size()) << label;
    for (const auto& fr : frames) EXPECT_THAT(decodePdu(asBytes(fr)), IsOk()) << label;
    ++ways;
  }
  EXPECT_EQ(ways, stream.size() + 9);
}

TEST(Framer, EachPduOfTheStreamDecodesAgainstAGuardPage) {
  for (const auto& p : mixedPdus()) {
    test::GuardedBuffer g(p);
    auto r = decodePdu(asBytes(g.view()));
    ASSERT_THAT(r, IsOk());
    std::string again;
    ASSERT_THAT(appendPdu(*r, again), IsOk());
    EXPECT_EQ(again, p);
    // Every proper prefix is truncated, never read past.
    for (size_t n = 0; n < p.size(); ++n) {
      test::GuardedBuffer cut(std::string_view(p).substr(0, n));
      EXPECT_THAT(decodePdu(asBytes(cut.view())), test::HasErrc(Errc::kTruncated)) << n;
    }
  }
}

TEST(Framer, WholePduInOneReadIsNotCopied) {
  const std::string bytes = test::li::msrpExampleBytes();
  test::GuardedBuffer g(bytes);
  Framer f;
  auto r = f.feed(asBytes(g.view()));
  ASSERT_EQ(r.status, Framer::Status::kFrame);
  EXPECT_EQ(r.consumed, bytes.size());
  EXPECT_EQ(reinterpret_cast<const char*>(f.frame().data()), g.view().data());
}

TEST(Framer, LimitsAndBadFramingAreStickyErrorsWithStreamOffsets) {
  const std::string good = test::li::msrpExampleBytes();
  struct Case {
    const char* name;
    Limits limits;
    size_t pos;
    std::string with;
    Errc errc;
    uint32_t offset;
  };
  Limits small_payload;
  small_payload.max_payload_length = 182;
  Limits small_header;
  small_header.max_header_length = 116;
  const std::vector<Case> cases = {
      {"payload above limit", small_payload, 0, "", Errc::kPayloadTooLarge, 8},
      {"header above limit", small_header, 0, "", Errc::kHeaderTooLarge, 4},
      {"major version 1", {}, 0, std::string(1, '\x01'), Errc::kUnsupportedVersion, 0},
      {"header length 0", {}, 4, std::string(4, '\0'), Errc::kBadHeaderLength, 4},
  };
  for (const auto& c : cases) {
    std::string second = good;
    second.replace(c.pos, c.with.size(), c.with);
    // The bad PDU comes second, so the offset counts the first.
    const std::string stream = good + second;
    for (const auto& [pieces, label] : test::allSplits(stream, 2)) {
      Framer f(c.limits);
      Error err{};
      auto frames = frameAll(f, pieces, &err);
      const bool first_ok = c.limits.max_payload_length >= 183 && c.limits.max_header_length >= 117;
      EXPECT_EQ(frames.size(), first_ok ? 1u : 0u) << c.name << " " << label;
      EXPECT_EQ(err.code, static_cast<uint16_t>(c.errc)) << c.name << " " << label;
      EXPECT_EQ(err.offset, (first_ok ? good.size() : 0) + c.offset) << c.name << " " << label;
      auto again = f.feed(asBytes(good));
      EXPECT_EQ(again.status, Framer::Status::kError);
      EXPECT_EQ(again.consumed, 0u);
      f.reset();
      EXPECT_EQ(f.feed(asBytes(good)).status,
                first_ok ? Framer::Status::kFrame : Framer::Status::kError);
    }
  }
}

}  // namespace
}  // namespace msrpgw::proto::li
