// A leg: one side of a bridged MSRP session, as the bridge sees it. MSRP over TCP is one
// implementation (msrp_leg.h); MSRP over TLS and SMS legs are others to come. The bridge
// speaks only this interface, in leg-neutral terms: chunks of messages identified by
// Message-ID and byte ranges, reports, and outcomes of the chunks it sent.
// Owner: the worker loop of the leg's context. Not thread-safe. No callback of LegSink
// runs inside a Leg call made by the sink itself.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "media/buffer/chain.h"
#include "media/connection/close_reason.h"
#include "proto/msrp/frame.h"
#include "proto/msrp/header_values.h"

namespace msrpgw::media {

using proto::msrp::ByteRange;
using proto::msrp::EndFlag;
using proto::msrp::ReportMode;

// The head of one SEND chunk, received or to send.
struct ChunkMeta {
  std::string message_id;
  ByteRange range;           // of this chunk within the message
  std::string content_type;  // empty: bodiless SEND
  ReportMode success_report = ReportMode::kNo;
  ReportMode failure_report = ReportMode::kYes;
  std::vector<std::pair<std::string, std::string>> mime_headers;  // Content-ID etc., in order
};

struct ReportMeta {
  std::string message_id;
  ByteRange range;
  uint16_t status = 200;
  std::string comment;
};

// A verdict on a chunk the peer sent: 0 accepts it (the leg answers 200 when the chunk
// is complete, as Failure-Report asks); any other value is the MSRP status to answer.
using Verdict = uint16_t;
inline constexpr Verdict kAccept = 0;

class Leg;

class LegSink {
 public:
  virtual ~LegSink() = default;
  // A SEND chunk with a body begins. The verdict is final for a rejection (the body is
  // then discarded); an accepted chunk may still be refused at onChunkEnd.
  virtual Verdict onChunkStart(Leg& leg, const ChunkMeta& meta) = 0;
  // Body bytes of the accepted chunk, as they arrive (a slice of a read buffer).
  virtual void onChunkBody(Leg& leg, buffer::Slice piece) = 0;
  // A SEND head naming `message_id` was read and is about to be checked: the sink may bring
  // what onChunkStart will look up into the cache meanwhile. A hint only.
  virtual void prefetch(Leg& /*leg*/, std::string_view /*message_id*/) {}
  // The accepted chunk ended with `flag`; returns the final verdict (kAccept -> 200).
  virtual Verdict onChunkEnd(Leg& leg, EndFlag flag) = 0;
  // A REPORT arrived from the peer (never answered).
  virtual void onReport(Leg& leg, const ReportMeta& report) = 0;
  // A chunk this leg sent (identified by the caller's `ref`) got its transaction
  // response, or failed locally: 408 on the transaction timeout, 481 when the
  // connection was lost before an answer.
  virtual void onChunkOutcome(Leg& leg, uint64_t ref, uint16_t status) = 0;
  // The leg is connected and bound (can send).
  virtual void onLegUp(Leg& leg) = 0;
  // The leg's connection ended; every outstanding chunk got its onChunkOutcome first.
  virtual void onLegDown(Leg& leg, CloseReason reason) = 0;
  // Bytes queued toward the peer fell below the low watermark again.
  virtual void onLegWritable(Leg& leg) = 0;
};

class Leg {
 public:
  virtual ~Leg() = default;
  virtual void setSink(LegSink* sink) = 0;
  // Sends one chunk with `body` (meta.range must match its size). `ref` comes back in
  // onChunkOutcome; with Failure-Report no, no outcome comes. Returns false when the leg
  // cannot send now (not up), in which case nothing was queued. The leg keeps what it
  // needs of `body` (references to its blocks), so the caller may reuse the chain; it
  // never calls back into its sink from here.
  virtual bool sendChunk(const ChunkMeta& meta, const buffer::Chain& body, EndFlag flag,
                         uint64_t ref) = 0;
  virtual bool sendReport(const ReportMeta& report) = 0;
  virtual bool up() const = 0;
  // True while the bytes queued toward the peer are above the high watermark.
  virtual bool writeBlocked() const = 0;
  // Stops / resumes taking input from the peer (back-pressure from the other leg).
  virtual void pauseReceiving() = 0;
  virtual void resumeReceiving() = 0;
  // Ends the leg now (no onLegDown for a local close).
  virtual void close() = 0;
};

}  // namespace msrpgw::media
