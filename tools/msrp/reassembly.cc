#include "tools/msrp/reassembly.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace msrpgw::tools::msrp {

Reassembly::~Reassembly() {
  for (auto& [id, m] : messages_) {
    if (m->fd >= 0) {
      ::close(m->fd);
      ::unlink(m->part_path.c_str());
    }
  }
}

InboundMessage& Reassembly::chunkStart(const std::string& message_id, std::string_view content_type,
                                       uint64_t total) {
  auto& slot = messages_[message_id];
  if (!slot) {
    slot = std::make_unique<InboundMessage>();
    slot->message_id = message_id;
    slot->content_type = std::string(content_type);
    if (!save_dir_.empty()) {
      // Message-IDs are idents (alphanumerics and . - + % =), safe as file names.
      slot->part_path = save_dir_ + "/" + message_id + ".part";
      slot->fd = ::open(slot->part_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    }
  }
  if (slot->content_type.empty()) slot->content_type = std::string(content_type);
  if (total != kUnknownSize) slot->total = total;
  ++slot->chunks;
  return *slot;
}

void Reassembly::advance(InboundMessage& m, ByteView bytes) {
  m.sha.update(bytes);
  if (m.content_type.rfind("text/", 0) == 0 && m.preview.size() < kTextPreviewBytes) {
    auto t = asText(bytes);
    m.preview.append(t.substr(0, kTextPreviewBytes - m.preview.size()));
  }
  if (m.fd >= 0) {
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(m.fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(m.fd);
        m.fd = -2;  // failed: reported when the message finishes
        break;
      }
      done += static_cast<size_t>(n);
    }
  }
  m.contiguous += bytes.size();
}

void Reassembly::piece(InboundMessage& m, uint64_t offset, ByteView bytes) {
  m.received += bytes.size();
  uint64_t end = offset + bytes.size();
  if (end <= m.contiguous) return;  // a repeat of bytes we have
  if (offset > m.contiguous) {      // ahead of a gap: hold it (a longer copy wins)
    auto& held = m.held[offset];
    if (held.size() < bytes.size()) held.assign(asText(bytes));
    return;
  }
  advance(m, bytes.subspan(static_cast<size_t>(m.contiguous - offset)));
  // Pieces held ahead of the gap may now follow on.
  while (!m.held.empty() && m.held.begin()->first <= m.contiguous) {
    auto node = m.held.extract(m.held.begin());
    uint64_t h_end = node.key() + node.mapped().size();
    if (h_end > m.contiguous)
      advance(m, asBytes(node.mapped()).subspan(static_cast<size_t>(m.contiguous - node.key())));
  }
}

std::optional<FinishedMessage> Reassembly::chunkEnd(InboundMessage& m, char flag,
                                                    uint64_t end_offset) {
  if (flag == '#') return finish(m, true);
  if (flag == '$') m.last_end = end_offset;
  uint64_t size = m.total != kUnknownSize ? m.total : m.last_end;
  if (m.last_end == kUnknownSize || size == kUnknownSize || m.contiguous < size)
    return std::nullopt;
  return finish(m, false);
}

FinishedMessage Reassembly::finish(InboundMessage& m, bool aborted) {
  FinishedMessage f;
  f.message_id = m.message_id;
  f.content_type = m.content_type;
  f.size = aborted ? m.received : m.contiguous;
  f.chunks = m.chunks;
  f.aborted = aborted;
  if (!aborted) {
    f.sha256 = m.sha.finishHex();
    f.preview = std::move(m.preview);
  }
  if (m.fd >= 0) {
    ::close(m.fd);
    if (aborted) {
      ::unlink(m.part_path.c_str());
    } else {
      f.saved_path = save_dir_ + "/" + m.message_id;
      if (std::rename(m.part_path.c_str(), f.saved_path.c_str()) != 0) {
        f.save_failed = true;
        f.saved_path.clear();
      }
    }
  } else if (m.fd == -2 || (!save_dir_.empty() && m.fd == -1)) {
    f.save_failed = true;
    if (!m.part_path.empty()) ::unlink(m.part_path.c_str());
  }
  messages_.erase(f.message_id);  // `m` dies here
  return f;
}

}  // namespace msrpgw::tools::msrp
