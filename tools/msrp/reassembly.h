// Reassembles received messages by Message-ID and Byte-Range (RFC 4975 section 7.3):
// chunks of several messages may interleave and arrive in any order; repeated or
// overlapping ranges do not corrupt the result. Bytes in order are hashed (SHA-256) and
// written to the save file as they arrive; bytes ahead of a gap are held until it fills.
// Owner: the session that receives. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "proto/base/bytes.h"
#include "tools/msrp/sha256.h"

namespace msrpgw::tools::msrp {

inline constexpr uint64_t kUnknownSize = UINT64_MAX;
inline constexpr size_t kTextPreviewBytes = 4096;

struct InboundMessage {
  std::string message_id;
  std::string content_type;
  uint64_t total = kUnknownSize;     // from Byte-Range when known
  uint64_t last_end = kUnknownSize;  // end offset (0-based, exclusive) of the '$' chunk
  uint64_t contiguous = 0;           // bytes [0, contiguous) are in
  uint64_t received = 0;             // body bytes received, repeats included
  uint64_t chunks = 0;
  std::map<uint64_t, std::string> held;  // pieces ahead of a gap, by offset
  Sha256 sha;
  std::string preview;  // the first kTextPreviewBytes of a text/* message
  int fd = -1;          // the save file while receiving
  std::string part_path;
};

struct FinishedMessage {
  std::string message_id;
  std::string content_type;
  uint64_t size = 0;
  uint64_t chunks = 0;
  std::string sha256;   // empty for aborted messages
  std::string preview;  // text/* only
  std::string saved_path;
  bool aborted = false;
  bool save_failed = false;
};

class Reassembly {
 public:
  explicit Reassembly(std::string save_dir) : save_dir_(std::move(save_dir)) {}
  ~Reassembly();

  // The message for a chunk about to be received (created on first sight).
  InboundMessage& chunkStart(const std::string& message_id, std::string_view content_type,
                             uint64_t total);
  // A piece of the body at 0-based `offset` of the message.
  void piece(InboundMessage& m, uint64_t offset, ByteView bytes);
  // The chunk that ended at `end_offset` was flagged `flag` ('$', '+', '#'). Returns the
  // finished message when it completed or was aborted (and forgets it).
  std::optional<FinishedMessage> chunkEnd(InboundMessage& m, char flag, uint64_t end_offset);
  size_t inProgress() const { return messages_.size(); }

 private:
  void advance(InboundMessage& m, ByteView bytes);
  FinishedMessage finish(InboundMessage& m, bool aborted);

  std::string save_dir_;
  std::unordered_map<std::string, std::unique_ptr<InboundMessage>> messages_;
};

}  // namespace msrpgw::tools::msrp
