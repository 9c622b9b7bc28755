#include "proto/msrp/writer.h"

#include <charconv>
#include <cstring>

#include "proto/msrp/errc.h"

namespace msrpgw::proto::msrp {
namespace {

// Writes a head into memory reserved up front: the writer computes an upper bound of the
// head's size, resizes `out` once, copies each piece with memcpy, then trims to what it
// wrote. One size check per head instead of one per piece.
class Cursor {
 public:
  Cursor(std::string& out, size_t bound) : out_(out), start_(out.size()) {
    out.resize(start_ + bound);
    p_ = out.data() + start_;
  }
  void put(std::string_view s) {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  void put(char c) { *p_++ = c; }
  void number(uint64_t v) { p_ = std::to_chars(p_, p_ + 20, v).ptr; }
  void statusCode(uint16_t code) {
    p_[0] = static_cast<char>('0' + code / 100 % 10);
    p_[1] = static_cast<char>('0' + code / 10 % 10);
    p_[2] = static_cast<char>('0' + code % 10);
    p_ += 3;
  }
  void header(std::string_view name, std::string_view value) {
    put(name);
    put(": ");
    put(value);
    put("\r\n");
  }
  void byteRange(const ByteRange& r) {
    number(r.start);
    put('-');
    if (r.end == ByteRange::kUnknown) {
      put('*');
    } else {
      number(r.end);
    }
    put('/');
    if (r.total == ByteRange::kUnknown) {
      put('*');
    } else {
      number(r.total);
    }
  }
  // Trims `out` to what was written.
  void finish() { out_.resize(static_cast<size_t>(p_ - out_.data())); }

 private:
  std::string& out_;
  size_t start_;
  char* p_;
};

constexpr size_t kMaxByteRange = 3 * 20 + 2;  // three 64-bit numbers, '-' and '/'

const char* reportText(ReportMode m) {
  switch (m) {
    case ReportMode::kYes: return "yes";
    case ReportMode::kNo: return "no";
    case ReportMode::kPartial: return "partial";
  }
  return "yes";
}

size_t headerBound(std::string_view name, std::string_view value) {
  return name.size() + value.size() + 4;
}

}  // namespace

void appendByteRange(std::string& out, const ByteRange& r) {
  Cursor c(out, kMaxByteRange);
  c.byteRange(r);
  c.finish();
}

Status ChunkWriter::begin(std::string& out, const RequestHead& h) {
  if (!isIdent(h.tid)) return makeError(Errc::kBadTransactionId, "transaction id is not an ident");
  std::memcpy(tid_, h.tid.data(), h.tid.size());
  tid_len_ = h.tid.size();
  has_body_ = !h.content_type.empty();
  broken_ = false;
  size_t bound = 5 + h.tid.size() + 1 + h.method.size() + 2 + headerBound("To-Path", h.to_path) +
                 headerBound("From-Path", h.from_path) + headerBound("Message-ID", h.message_id) +
                 headerBound("Byte-Range", {}) + kMaxByteRange +
                 2 * headerBound("Failure-Report", "partial") + headerBound("Status", {}) + 11 +
                 (h.status ? h.status->comment.size() : 0) + headerBound("Expires", {}) + 10 +
                 headerBound("Content-Type", h.content_type) + 2;
  for (const HeaderField& f : h.extra) bound += headerBound(f.name, f.value);
  Cursor c(out, bound);
  c.put("MSRP ");
  c.put(h.tid);
  c.put(' ');
  c.put(h.method);
  c.put("\r\n");
  c.header("To-Path", h.to_path);
  c.header("From-Path", h.from_path);
  if (!h.message_id.empty()) c.header("Message-ID", h.message_id);
  if (h.byte_range) {
    c.put("Byte-Range: ");
    c.byteRange(*h.byte_range);
    c.put("\r\n");
  }
  if (h.success_report) c.header("Success-Report", reportText(*h.success_report));
  if (h.failure_report) c.header("Failure-Report", reportText(*h.failure_report));
  if (h.status) {
    c.put("Status: ");
    c.statusCode(h.status->ns);
    c.put(' ');
    c.statusCode(h.status->code);
    if (!h.status->comment.empty()) {
      c.put(' ');
      c.put(h.status->comment);
    }
    c.put("\r\n");
  }
  if (h.expires) {
    c.put("Expires: ");
    c.number(*h.expires);
    c.put("\r\n");
  }
  for (const HeaderField& f : h.extra) c.header(f.name, f.value);
  if (has_body_) {
    c.header("Content-Type", h.content_type);
    c.put("\r\n");
    scanner_.start(std::string_view(tid_, tid_len_));
  }
  c.finish();
  return {};
}

Status ChunkWriter::body(ByteView piece) {
  if (!has_body_ || broken_)
    return makeError(Errc::kEndLineInBody, "body written without a Content-Type head");
  size_t end = scanner_.scan(asText(piece), [](ByteView) {});
  if (end != EndLineScanner::npos) {
    broken_ = true;
    return makeError(Errc::kEndLineInBody, "body contains this transaction's end-line");
  }
  return {};
}

Status ChunkWriter::end(std::string& out, EndFlag flag) {
  if (broken_) return makeError(Errc::kEndLineInBody, "body contains this transaction's end-line");
  const size_t start = out.size();
  Cursor c(out, 2 + 7 + tid_len_ + 1 + 2);
  if (has_body_) c.put("\r\n");
  c.put("-------");
  c.put(std::string_view(tid_, tid_len_));
  c.put(static_cast<char>(flag));
  c.put("\r\n");
  c.finish();
  if (has_body_ && scanner_.heldBack() != 0) {
    // The end-line we wrote must be the first one a receiver finds: a body ending in
    // part of an end-line could otherwise complete one early. (With nothing held back
    // the scan would find ours right at its start: no need to run it.)
    std::string_view written(out.data() + start, out.size() - start);
    if (scanner_.scan(written, [](ByteView) {}) != written.size()) {
      out.resize(start);
      return makeError(Errc::kEndLineInBody, "body end and end-line form an earlier end-line");
    }
  }
  return {};
}

Status writeRequest(std::string& out, const RequestHead& head, std::string_view body,
                    EndFlag flag) {
  const size_t start = out.size();
  ChunkWriter w;
  Status s = w.begin(out, head);
  if (s.ok() && !head.content_type.empty()) {
    s = w.body(body);
    if (s.ok()) out.append(body);
  }
  if (s.ok()) s = w.end(out, flag);
  if (!s.ok()) out.resize(start);
  return s;
}

Status writeResponse(std::string& out, const ResponseHead& h) {
  if (!isIdent(h.tid)) return makeError(Errc::kBadTransactionId, "transaction id is not an ident");
  size_t bound = 5 + h.tid.size() + 1 + 3 + 1 + h.comment.size() + 2 +
                 headerBound("To-Path", h.to_path) + headerBound("From-Path", h.from_path) + 7 +
                 h.tid.size() + 3;
  for (const HeaderField& f : h.extra) bound += headerBound(f.name, f.value);
  Cursor c(out, bound);
  c.put("MSRP ");
  c.put(h.tid);
  c.put(' ');
  c.statusCode(h.status);
  if (!h.comment.empty()) {
    c.put(' ');
    c.put(h.comment);
  }
  c.put("\r\n");
  c.header("To-Path", h.to_path);
  c.header("From-Path", h.from_path);
  for (const HeaderField& f : h.extra) c.header(f.name, f.value);
  c.put("-------");
  c.put(h.tid);
  c.put("$\r\n");
  c.finish();
  return {};
}

}  // namespace msrpgw::proto::msrp
