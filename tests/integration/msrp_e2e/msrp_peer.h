// A scripted MSRP peer on one TCP connection, for the end-to-end cases that need exact
// control of the wire: it writes real MSRP frames (proto/msrp's writer), parses everything
// it reads back (proto/msrp's parser) into Frame records in arrival order, answers the
// requests it receives as the test's rule says, and waits for frames or the close with a
// bound. One test thread drives several peers at once with pumpUntil(), so what msrpgw
// writes on any connection is read and answered while the test waits for something else.
// Owner: the test thread. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "proto/msrp/frame.h"
#include "proto/msrp/parser.h"

namespace msrpgw::test::e2e {

// One frame as the peer read it (strings are copies).
struct Frame {
  std::string tid;
  bool is_request = true;
  std::string method;   // requests: "SEND", "REPORT", ...
  uint16_t status = 0;  // responses
  std::string comment;  // responses
  std::string to_path, from_path, message_id, byte_range, status_header, content_type,
      success_report, failure_report;
  bool has_body = false;
  std::string body;
  char flag = '$';
};

// The session-id of an MSRP URI (the path part after the last '/', before ';'), or "".
std::string sessionIdOf(std::string_view uri);
// The first URI of a path header value.
std::string firstUri(std::string_view path);

// What the peer writes in a request. A SEND with `bodiless` has no Content-Type and no
// body (a keep-alive / binding SEND, Byte-Range 1-0/0).
struct Request {
  std::string method = "SEND";
  std::string to_path;
  std::string from_path;
  std::string message_id;  // empty: one is made up
  std::string body;
  std::string content_type = "text/plain";
  bool bodiless = false;
  std::string success_report;    // "yes" / "no" / empty: header absent
  std::string failure_report;    // "yes" / "no" / "partial" / empty: header absent
  uint16_t report_status = 200;  // REPORT: the Status code
  std::string byte_range;        // REPORT: the Byte-Range value
  // SEND chunks: where `body` starts in the message, the message's size (0: body's size)
  // and the end-line flag ('$', '+', '#').
  uint64_t range_start = 1;
  uint64_t total = 0;
  char flag = '$';
};

// A request made but not yet written (so several can go out in one write).
struct Outgoing {
  std::string tid;
  std::string message_id;
  std::string bytes;
};

// A SEND the test made (make() or send()): what msrpgw answers and relays.
struct MadeSend {
  std::string tid;
  std::string to_path;
  std::string message_id;
};

class MsrpPeer : private proto::msrp::FrameSink {
 public:
  // The answer to a received SEND chunk: a status, or nullopt for no answer at all.
  using AnswerRule = std::function<std::optional<uint16_t>(const Frame&)>;

  // Connects to 127.0.0.1:port (blocking, bounded by the kernel's loopback connect).
  MsrpPeer(std::string name, uint16_t port);
  ~MsrpPeer() override;
  MsrpPeer(const MsrpPeer&) = delete;
  MsrpPeer& operator=(const MsrpPeer&) = delete;

  const std::string& name() const { return name_; }
  // The connection's port on this side (0 when not connected): finds it in a capture.
  uint16_t localPort() const;
  // The socket is connected and msrpgw has not closed it.
  bool open() const { return fd_ >= 0 && !closed_; }
  bool closed() const { return closed_; }
  // Why the parser stopped, when what arrived was not MSRP; empty otherwise.
  const std::string& parseError() const { return parse_error_; }

  // By default every SEND chunk that asks for an answer gets 200 and a complete message
  // that asked Success-Report: yes gets a success REPORT (Byte-Range 1-n/n); a rule
  // replaces the status (a non-200 answer sends no REPORT).
  void setAnswerRule(AnswerRule rule) { rule_ = std::move(rule); }

  Outgoing make(const Request& r);
  // Queues bytes as they are (frames, several frames, or garbage) and writes what the
  // socket takes now; the rest goes out while pumpUntil() runs, so a peer writing a lot
  // still reads (as a real endpoint must, or both sides block on full buffers).
  void write(std::string_view bytes);
  // Half-closes the connection (FIN after what is queued was written); reading goes on.
  void shutdownWrite();
  // Bytes queued and not written yet.
  size_t unwritten() const { return out_.size() - out_off_; }
  // make() + write(); returns the transaction id.
  std::string send(const Request& r);

  // Everything read so far, in arrival order.
  const std::vector<Frame>& frames() const { return frames_; }
  // The response to our request `tid`, or nullptr.
  const Frame* response(const std::string& tid) const;
  // Received requests of `method` whose first To-Path URI names `session_id` ("" = any).
  std::vector<const Frame*> requests(const std::string& method,
                                     const std::string& session_id = "") const;
  // The body of the message `message_id` from the SEND chunks received for it, placed by
  // their Byte-Range; nullopt until a '$' chunk came and every byte up to it is there.
  std::optional<std::string> message(const std::string& message_id) const;
  // false: SEND bodies are counted and hashed but not kept in frames() (long transfers).
  void setKeepBodies(bool keep) { keep_bodies_ = keep; }
  // FNV-1a over the body bytes of `message_id`'s SEND chunks in arrival order.
  uint64_t bodyHash(const std::string& message_id) const {
    auto it = body_hash_.find(message_id);
    return it == body_hash_.end() ? kFnvBasis : it->second;
  }
  static uint64_t fnv1a(std::string_view bytes, uint64_t h = kFnvBasis) {
    for (char c : bytes) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001b3ull;
    return h;
  }
  static constexpr uint64_t kFnvBasis = 0xcbf29ce484222325ull;
  // Body bytes received so far in SEND chunks of `message_id` (cheap: for wait loops).
  uint64_t bodyBytes(const std::string& message_id) const {
    auto it = body_bytes_.find(message_id);
    return it == body_bytes_.end() ? 0 : it->second;
  }
  // The REPORT received for `message_id`, or nullptr.
  const Frame* report(const std::string& message_id) const;
  // The SENDs made so far, in order (not the REPORTs the peer makes when it answers).
  const std::vector<MadeSend>& sends() const { return sends_; }
  // The responses this peer wrote to the requests it received: (tid, status).
  const std::vector<std::pair<std::string, uint16_t>>& answered() const { return answered_; }

  // Reads what every peer in `peers` receives (answering requests as it goes) and writes
  // what they queued, until done() holds or `limit` passes; returns done().
  static bool pumpUntil(const std::vector<MsrpPeer*>& peers, const std::function<bool()>& done,
                        std::chrono::milliseconds limit);
  // pumpUntil on this peer alone.
  bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    return pumpUntil({this}, done, limit);
  }
  bool waitResponse(const std::string& tid, std::chrono::milliseconds limit) {
    return waitFor([&] { return response(tid) != nullptr; }, limit);
  }
  bool waitClosed(std::chrono::milliseconds limit) {
    return waitFor([&] { return closed_; }, limit);
  }
  // A readable description of every frame read, for failure messages.
  std::string transcript() const;

 private:
  // proto::msrp::FrameSink
  void onHead(const proto::msrp::FrameHead& head) override;
  void onBody(ByteView piece) override;
  void onEnd(proto::msrp::EndFlag flag) override;

  void readAvailable();
  void flush();
  void answer(const Frame& f);
  std::string nextIdent(const char* what);

  std::string name_;
  int fd_ = -1;
  bool closed_ = false;
  std::string parse_error_;
  std::string out_;
  size_t out_off_ = 0;
  bool shutdown_pending_ = false;
  proto::msrp::Parser parser_{*this};
  Frame current_;
  std::vector<Frame> frames_;
  std::unordered_map<std::string, uint64_t> body_bytes_, body_hash_;
  uint64_t current_size_ = 0;
  bool keep_bodies_ = true;
  std::vector<std::pair<std::string, uint16_t>> answered_;
  std::vector<MadeSend> sends_;
  AnswerRule rule_;
  uint32_t counter_ = 0;
};

}  // namespace msrpgw::test::e2e
