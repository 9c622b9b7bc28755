#include "proto/msrp/writer.h"

#include <charconv>

#include "proto/msrp/errc.h"

namespace msrpgw::proto::msrp {
namespace {

void appendNumber(std::string& out, uint64_t v) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<size_t>(p - buf));
}

void appendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

const char* reportText(ReportMode m) {
  switch (m) {
    case ReportMode::kYes: return "yes";
    case ReportMode::kNo: return "no";
    case ReportMode::kPartial: return "partial";
  }
  return "yes";
}

void appendStatusCode(std::string& out, uint16_t code) {
  char d[3] = {static_cast<char>('0' + code / 100 % 10), static_cast<char>('0' + code / 10 % 10),
               static_cast<char>('0' + code % 10)};
  out.append(d, 3);
}

}  // namespace

void appendByteRange(std::string& out, const ByteRange& r) {
  appendNumber(out, r.start);
  out.push_back('-');
  if (r.end == ByteRange::kUnknown) {
    out.push_back('*');
  } else {
    appendNumber(out, r.end);
  }
  out.push_back('/');
  if (r.total == ByteRange::kUnknown) {
    out.push_back('*');
  } else {
    appendNumber(out, r.total);
  }
}

Status ChunkWriter::begin(std::string& out, const RequestHead& h) {
  if (!isIdent(h.tid)) return makeError(Errc::kBadTransactionId, "transaction id is not an ident");
  std::memcpy(tid_, h.tid.data(), h.tid.size());
  tid_len_ = h.tid.size();
  has_body_ = !h.content_type.empty();
  broken_ = false;
  // One allocation for the whole head: the fixed header names and numbers fit in 160.
  size_t need = 160 + h.tid.size() + h.method.size() + h.to_path.size() + h.from_path.size() +
                h.message_id.size() + h.content_type.size();
  for (const HeaderField& f : h.extra) need += f.name.size() + f.value.size() + 4;
  out.reserve(out.size() + need);
  out.append("MSRP ");
  out.append(h.tid);
  out.push_back(' ');
  out.append(h.method);
  out.append("\r\n");
  appendHeader(out, "To-Path", h.to_path);
  appendHeader(out, "From-Path", h.from_path);
  if (!h.message_id.empty()) appendHeader(out, "Message-ID", h.message_id);
  if (h.byte_range) {
    out.append("Byte-Range: ");
    appendByteRange(out, *h.byte_range);
    out.append("\r\n");
  }
  if (h.success_report) appendHeader(out, "Success-Report", reportText(*h.success_report));
  if (h.failure_report) appendHeader(out, "Failure-Report", reportText(*h.failure_report));
  if (h.status) {
    out.append("Status: ");
    appendStatusCode(out, h.status->ns);
    out.push_back(' ');
    appendStatusCode(out, h.status->code);
    if (!h.status->comment.empty()) {
      out.push_back(' ');
      out.append(h.status->comment);
    }
    out.append("\r\n");
  }
  if (h.expires) {
    out.append("Expires: ");
    appendNumber(out, *h.expires);
    out.append("\r\n");
  }
  for (const HeaderField& f : h.extra) appendHeader(out, f.name, f.value);
  if (has_body_) {
    appendHeader(out, "Content-Type", h.content_type);
    out.append("\r\n");
    scanner_.start(std::string_view(tid_, tid_len_));
  }
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
  if (has_body_) out.append("\r\n");
  out.append("-------");
  out.append(tid_, tid_len_);
  out.push_back(static_cast<char>(flag));
  out.append("\r\n");
  if (has_body_) {
    // The end-line we wrote must be the first one a receiver finds: a body ending in
    // part of an end-line could otherwise complete one early.
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
  size_t need = 64 + 2 * h.tid.size() + h.comment.size() + h.to_path.size() + h.from_path.size();
  for (const HeaderField& f : h.extra) need += f.name.size() + f.value.size() + 4;
  out.reserve(out.size() + need);
  out.append("MSRP ");
  out.append(h.tid);
  out.push_back(' ');
  appendStatusCode(out, h.status);
  if (!h.comment.empty()) {
    out.push_back(' ');
    out.append(h.comment);
  }
  out.append("\r\n");
  appendHeader(out, "To-Path", h.to_path);
  appendHeader(out, "From-Path", h.from_path);
  for (const HeaderField& f : h.extra) appendHeader(out, f.name, f.value);
  out.append("-------");
  out.append(h.tid);
  out.append("$\r\n");
  return {};
}

}  // namespace msrpgw::proto::msrp
