// A scripted MSRP endpoint for media tests: records each frame it receives as one line
// ("SEND <Message-ID> <Byte-Range> [sr=..] <flag> <body>", "REPORT ... <Status>", or a
// response's status code) and answers SENDs with `answer` (0: holds them, answerHeld()).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "media/connection/tcp_connection.h"
#include "proto/msrp/parser.h"
#include "proto/msrp/writer.h"

namespace msrpgw::media {

// A scripted endpoint: records each frame it receives as one line and answers SENDs
// with `answer` (0: no answer).
struct ScriptedPeer : TcpConnection::Handler, proto::msrp::FrameSink {
  std::string name, uri, leg_uri;
  std::unique_ptr<TcpConnection> conn;
  proto::msrp::Parser parser{*this, proto::msrp::ParserLimits{16384, 64}};
  std::vector<std::string>
      frames;  // "SEND mid range flag body" / "REPORT mid range status" / "200"
  std::string body;
  std::string line;
  std::string tid;
  std::string reply_to, reply_from;  // first URIs of the request's From-Path / To-Path
  std::string first_from;            // From-Path of the first request received
  bool is_send = false;
  uint16_t answer = 200;
  struct Held {
    std::string tid, to_path, from_path;
  };
  std::vector<Held> held;  // SENDs not answered (answer == 0), for answerHeld()
  bool connected = false, closed = false;
  uint64_t body_bytes = 0;
  bool keep_bodies = true;

  void onData(ByteView b, const buffer::BlockRef&) override {
    size_t off = 0;
    while (off < b.size()) {
      auto r = parser.feed(b.subspan(off));
      off += r.consumed;
      if (r.status == proto::msrp::FeedStatus::kError) {
        frames.push_back("PARSE ERROR");
        return;
      }
    }
  }
  void onConnected() override { connected = true; }
  void onClose(CloseReason) override { closed = true; }
  void onHead(const proto::msrp::FrameHead& h) override {
    body.clear();
    tid = std::string(h.start.tid);
    is_send = h.start.method == proto::msrp::Method::kSend;
    auto first = [](std::string_view path) { return std::string(path.substr(0, path.find(' '))); };
    reply_to = first(h.get(proto::msrp::HeaderId::kFromPath));
    reply_from = first(h.get(proto::msrp::HeaderId::kToPath));
    if (h.start.is_request && first_from.empty()) first_from = reply_to;
    if (!h.start.is_request) {
      line = std::to_string(h.start.status);
    } else if (is_send) {
      line = "SEND " + std::string(h.get(proto::msrp::HeaderId::kMessageId)) + " " +
             std::string(h.get(proto::msrp::HeaderId::kByteRange));
      if (h.has(proto::msrp::HeaderId::kSuccessReport))
        line += " sr=" + std::string(h.get(proto::msrp::HeaderId::kSuccessReport));
    } else {
      line = std::string(h.start.method_name) + " " +
             std::string(h.get(proto::msrp::HeaderId::kMessageId)) + " " +
             std::string(h.get(proto::msrp::HeaderId::kByteRange)) + " " +
             std::string(h.get(proto::msrp::HeaderId::kStatus));
    }
  }
  void onBody(ByteView p) override {
    body_bytes += p.size();
    if (keep_bodies) body.append(asText(p));
  }
  void onEnd(proto::msrp::EndFlag f) override {
    if (is_send) {
      line += std::string(" ") + static_cast<char>(f);
      if (keep_bodies) line += " " + body;
      if (answer != 0) {
        respond({tid, reply_to, reply_from}, answer);
      } else {
        held.push_back({tid, reply_to, reply_from});
      }
    }
    if (keep_bodies || !is_send) frames.push_back(line);
  }
  void send(const std::string& frame) { conn->write(frame); }
  // Answers every SEND held so far, in the order they came.
  void answerHeld(uint16_t status) {
    for (const Held& h : held) respond(h, status);
    held.clear();
  }
  void respond(const Held& to, uint16_t status) {
    std::string out;
    (void)proto::msrp::writeResponse(out, {.tid = to.tid,
                                           .status = status,
                                           .comment = "X",
                                           .to_path = to.to_path,
                                           .from_path = to.from_path});
    conn->write(std::move(out));
  }
};

}  // namespace msrpgw::media
