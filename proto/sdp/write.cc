#include "proto/sdp/write.h"

#include <string_view>

#include "proto/msrp/header_values.h"
#include "proto/sdp/accept_types.h"
#include "proto/sdp/errc.h"

namespace msrpgw::proto::sdp {

namespace {

// Appends lines; the first failure sticks and later appends are skipped.
class LineWriter {
 public:
  explicit LineWriter(const WriteOptions& options) : options_(options) {}

  bool ok() const { return !error_.has_value(); }
  Error error() const { return *error_; }
  std::string take() { return std::move(out_); }

  void fail(Errc e, const char* reason) {
    if (!error_) error_ = makeError(e, reason);
  }

  // Text that goes on a line: no line breaks, no NUL.
  std::string_view text(std::string_view s) {
    if (s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
      fail(Errc::kUnwritable, "CR, LF or NUL in SDP text");
    }
    return s;
  }

  void line(char type, std::string_view value) {
    if (!ok()) return;
    out_ += type;
    out_ += '=';
    out_ += text(value);
    out_ += "\r\n";
  }

  void attribute(std::string_view name, const std::optional<std::string>& value) {
    if (name.empty() || name.find_first_of(": \t") != std::string_view::npos) {
      fail(Errc::kUnwritable, "attribute name empty or with ':' or blanks");
    }
    std::string v(text(name));
    if (value) {
      v += ':';
      v += *value;
    }
    line('a', v);
  }

  std::string address(const Connection& c) {
    if (c.choose) {
      if (options_.concrete) fail(Errc::kChooseLeft, "c= address left as '$'");
      return "$";
    }
    if (c.address.empty() || c.address.find_first_of(" \t") != std::string::npos) {
      fail(Errc::kUnwritable, "c= address empty or with blanks");
    }
    return std::string(text(c.address));
  }

  void connection(const Connection& c) {
    std::string v = c.addr_type == AddrType::kIp6 ? "IN IP6 " : "IN IP4 ";
    v += address(c);
    line('c', v);
  }

 private:
  const WriteOptions& options_;
  std::string out_;
  std::optional<Error> error_;
};

std::string formats(const std::vector<std::string>& list, const char* if_empty) {
  if (list.empty()) return if_empty;
  std::string out;
  for (const std::string& f : list) {
    if (!out.empty()) out += ' ';
    out += f;
  }
  return out;
}

void writeMsrp(LineWriter& w, const MsrpMedia& m, const WriteOptions& options) {
  std::string mline = "message ";
  if (m.port_choose) {
    if (options.concrete) w.fail(Errc::kChooseLeft, "m= port left as '$'");
    mline += '$';
  } else {
    mline += std::to_string(m.port);
  }
  mline += ' ';
  mline += transportName(m.transport);
  mline += ' ';
  mline += formats(m.formats, "*");
  w.line('m', mline);
  if (m.connection) w.connection(*m.connection);
  if (!m.path.empty()) {
    std::string path;
    for (const std::string& uri : m.path) {
      if (!path.empty()) path += ' ';
      path += uri;
    }
    auto parsed = msrp::parsePath(path);
    if (!parsed.ok() || parsed->size() != m.path.size()) {
      w.fail(Errc::kBadPath, "a=path URI that does not parse");
    }
    w.attribute("path", path);
  }
  if (m.setup != Setup::kAbsent) {
    if (options.answer && m.setup == Setup::kActpass) {
      w.fail(Errc::kActpassInAnswer, "an answer must say active or passive, not actpass");
    }
    w.attribute("setup", setupName(m.setup));
  }
  if (m.connection_attr != ConnectionAttr::kAbsent) {
    w.attribute("connection", connectionAttrName(m.connection_attr));
  }
  for (const auto& [name, list] : {std::pair{"accept-types", &m.accept_types},
                                   std::pair{"accept-wrapped-types", &m.accept_wrapped_types}}) {
    if (list->empty()) continue;
    std::string v = formatAcceptTypes(*list);
    auto back = parseAcceptTypes(v);
    if (!back.ok() || back.value() != *list) {
      w.fail(Errc::kBadAcceptTypes, "media range that does not parse back");
    }
    w.attribute(name, v);
  }
  if (m.max_size) w.attribute("max-size", std::to_string(*m.max_size));
  if (m.direction != Direction::kAbsent) w.attribute(directionName(m.direction), std::nullopt);
  if (m.cema) w.attribute("msrp-cema", std::nullopt);
  for (const std::string& f : m.fingerprints) w.attribute("fingerprint", f);
  for (const Attribute& a : m.file_attributes) w.attribute(a.name, a.value);
  for (const Attribute& a : m.other_attributes) w.attribute(a.name, a.value);
}

void writeOther(LineWriter& w, const OtherMedia& m) {
  w.line('m',
         m.media + " " + std::to_string(m.port) + " " + m.proto + " " + formats(m.formats, "*"));
  if (m.connection) w.connection(*m.connection);
  for (const Attribute& a : m.attributes) w.attribute(a.name, a.value);
}

}  // namespace

Result<std::string> write(const Sdp& sdp, const WriteOptions& options) {
  LineWriter w(options);
  w.line('v', "0");
  if (sdp.origin) {
    const Origin& o = *sdp.origin;
    std::string v = o.username.empty() ? "-" : o.username;
    v += ' ' + std::to_string(o.session_id) + ' ' + std::to_string(o.session_version) + ' ';
    v += o.address.addr_type == AddrType::kIp6 ? "IN IP6 " : "IN IP4 ";
    v += w.address(o.address);
    w.line('o', v);
  }
  if (sdp.session_name) w.line('s', *sdp.session_name);
  if (sdp.connection) w.connection(*sdp.connection);
  if (sdp.timing) {
    w.line('t', std::to_string(sdp.timing->start) + " " + std::to_string(sdp.timing->stop));
  }
  for (const Attribute& a : sdp.attributes) w.attribute(a.name, a.value);
  for (const Media& m : sdp.media) {
    if (const auto* msrp = std::get_if<MsrpMedia>(&m)) {
      writeMsrp(w, *msrp, options);
    } else {
      writeOther(w, std::get<OtherMedia>(m));
    }
  }
  if (!w.ok()) return w.error();
  return w.take();
}

}  // namespace msrpgw::proto::sdp
