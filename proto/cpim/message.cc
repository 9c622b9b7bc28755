#include "proto/cpim/message.h"

#include "proto/cpim/errc.h"

namespace msrpgw::proto::cpim {
namespace {

struct Line {
  std::string_view text;  // without its line break
  bool terminated;        // a line break was found
};

// The line starting at `pos`; advances `pos` past its CRLF or LF.
Line nextLine(std::string_view s, size_t& pos) {
  size_t lf = s.find('\n', pos);
  if (lf == std::string_view::npos) {
    Line l{s.substr(pos), false};
    pos = s.size();
    return l;
  }
  size_t end = (lf > pos && s[lf - 1] == '\r') ? lf - 1 : lf;
  Line l{s.substr(pos, end - pos), true};
  pos = lf + 1;
  return l;
}

bool isTokenChar(char c) {
  return c > 0x20 && c < 0x7F &&
         std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}

bool isDigits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// RFC 3339 date-time: YYYY-MM-DDThh:mm:ss[.frac](Z|+hh:mm|-hh:mm).
bool isDateTime(std::string_view s) {
  if (!isDigits(s, 0, 4) || s.size() < 20 || s[4] != '-' || !isDigits(s, 5, 2) || s[7] != '-' ||
      !isDigits(s, 8, 2) || (s[10] != 'T' && s[10] != 't') || !isDigits(s, 11, 2) || s[13] != ':' ||
      !isDigits(s, 14, 2) || s[16] != ':' || !isDigits(s, 17, 2)) {
    return false;
  }
  size_t p = 19;
  if (p < s.size() && s[p] == '.') {
    size_t start = ++p;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
    if (p == start) return false;
  }
  if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) return p + 1 == s.size();
  return p + 6 == s.size() && (s[p] == '+' || s[p] == '-') && isDigits(s, p + 1, 2) &&
         s[p + 3] == ':' && isDigits(s, p + 4, 2);
}

// `["display"] <uri>` or `display words <uri>`.
Result<NameAddr> parseNameAddr(std::string_view v, uint32_t at) {
  size_t lt = v.rfind('<');
  size_t gt = v.rfind('>');
  if (lt == std::string_view::npos || gt == std::string_view::npos || gt < lt ||
      gt + 1 != v.size()) {
    return error(Errc::kBadNameAddr, "address without <URI>", at);
  }
  NameAddr a;
  a.uri = trimSpaces(v.substr(lt + 1, gt - lt - 1));
  if (a.uri.empty()) return error(Errc::kBadNameAddr, "empty <URI>", at);
  a.display = trimSpaces(v.substr(0, lt));
  if (a.display.size() >= 2 && a.display.front() == '"' && a.display.back() == '"') {
    a.display = a.display.substr(1, a.display.size() - 2);
  } else if (!a.display.empty() && a.display.front() == '"') {
    return error(Errc::kBadNameAddr, "unterminated quoted formal name", at);
  }
  return a;
}

bool equalsAny(std::string_view name, std::string_view want) {
  return iequals(name, want);
}

}  // namespace

std::optional<std::string_view> Message::header(std::string_view ns_uri,
                                                std::string_view name) const {
  for (const Namespace& ns : namespaces) {
    if (ns.uri != ns_uri) continue;
    for (const Header& h : extensions) {
      std::string_view n = h.name;
      if (ns.prefix.empty()) {
        if (n == name) return h.value;
      } else if (n.size() == ns.prefix.size() + 1 + name.size() &&
                 n.substr(0, ns.prefix.size()) == ns.prefix && n[ns.prefix.size()] == '.' &&
                 n.substr(ns.prefix.size() + 1) == name) {
        return h.value;
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Message::mimeHeader(std::string_view name) const {
  for (const Header& h : mime_headers) {
    if (iequals(h.name, name)) return h.value;
  }
  return std::nullopt;
}

Result<Message> parseMessage(ByteView bytes) {
  std::string_view s = asText(bytes);
  Message m;
  size_t pos = 0;
  size_t count = 0;
  // CPIM message headers.
  for (;;) {
    auto at = static_cast<uint32_t>(pos);
    Line line = nextLine(s, pos);
    if (!line.terminated)
      return error(Errc::kNoHeaderEnd, "CPIM headers not ended by an empty line", at);
    if (line.text.empty()) break;
    if (++count > kMaxHeaders) return error(Errc::kTooManyHeaders, "too many CPIM headers", at);
    size_t colon = line.text.find(':');
    if (colon == std::string_view::npos)
      return error(Errc::kBadHeaderLine, "CPIM header without ':'", at);
    std::string_view name = line.text.substr(0, colon);
    if (name.empty()) return error(Errc::kBadHeaderLine, "CPIM header without a name", at);
    for (char c : name) {
      if (!isTokenChar(c) && c != '.')
        return error(Errc::kBadHeaderLine, "bad character in a CPIM header name", at);
    }
    std::string_view rest = line.text.substr(colon + 1);
    // Header parameters: *( ";" name "=" value ) before the value (RFC 3862 §3.6).
    std::string_view lang;
    while (!rest.empty() && rest.front() == ';') {
      size_t end = rest.find_first_of(" ;", 1);
      std::string_view param =
          rest.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
      size_t eq = param.find('=');
      if (eq == std::string_view::npos || eq == 0)
        return error(Errc::kBadParameter, "header parameter without name=value", at);
      if (iequals(param.substr(0, eq), "lang")) lang = param.substr(eq + 1);
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    }
    std::string_view value = trimSpaces(rest);
    if (equalsAny(name, "From")) {
      if (m.from) return error(Errc::kDuplicateHeader, "second From header", at);
      auto a = parseNameAddr(value, at);
      if (!a.ok()) return a.error();
      m.from = *a;
    } else if (equalsAny(name, "To") || equalsAny(name, "cc")) {
      auto a = parseNameAddr(value, at);
      if (!a.ok()) return a.error();
      (equalsAny(name, "To") ? m.to : m.cc).push_back(*a);
    } else if (equalsAny(name, "DateTime")) {
      if (m.date_time) return error(Errc::kDuplicateHeader, "second DateTime header", at);
      if (!isDateTime(value)) return error(Errc::kBadDateTime, "DateTime is not RFC 3339", at);
      m.date_time = value;
    } else if (equalsAny(name, "Subject")) {
      m.subjects.push_back({lang, value});
    } else if (equalsAny(name, "NS")) {
      size_t lt = value.find('<');
      if (lt == std::string_view::npos || value.back() != '>')
        return error(Errc::kBadNamespace, "NS without <URI>", at);
      Namespace ns{trimSpaces(value.substr(0, lt)),
                   trimSpaces(value.substr(lt + 1, value.size() - lt - 2))};
      if (ns.uri.empty()) return error(Errc::kBadNamespace, "NS with an empty URI", at);
      for (char c : ns.prefix) {
        if (!isTokenChar(c)) return error(Errc::kBadNamespace, "bad character in an NS prefix", at);
      }
      m.namespaces.push_back(ns);
    } else if (equalsAny(name, "Require")) {
      size_t p = 0;
      while (p <= value.size()) {
        size_t comma = value.find(',', p);
        std::string_view item = trimSpaces(
            value.substr(p, comma == std::string_view::npos ? std::string_view::npos : comma - p));
        if (!item.empty()) m.require.push_back(item);
        if (comma == std::string_view::npos) break;
        p = comma + 1;
      }
    } else {
      m.extensions.push_back({name, value});
    }
  }
  // Encapsulated MIME headers; a line starting with space or tab continues the last one.
  count = 0;
  for (;;) {
    auto at = static_cast<uint32_t>(pos);
    Line line = nextLine(s, pos);
    if (!line.terminated)
      return error(Errc::kNoMimeEnd, "MIME headers not ended by an empty line", at);
    if (line.text.empty()) break;
    if (line.text.front() == ' ' || line.text.front() == '\t') {
      if (m.mime_headers.empty())
        return error(Errc::kBadHeaderLine, "MIME continuation line without a header", at);
      Header& last = m.mime_headers.back();
      const char* begin = last.value.data();
      last.value =
          std::string_view(begin, static_cast<size_t>(line.text.data() + line.text.size() - begin));
      continue;
    }
    if (++count > kMaxHeaders) return error(Errc::kTooManyHeaders, "too many MIME headers", at);
    size_t colon = line.text.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return error(Errc::kBadHeaderLine, "MIME header without a name or ':'", at);
    std::string_view name = line.text.substr(0, colon);
    for (char c : name) {
      if (!isTokenChar(c))
        return error(Errc::kBadHeaderLine, "bad character in a MIME header name", at);
    }
    m.mime_headers.push_back({name, trimSpaces(line.text.substr(colon + 1))});
  }
  m.body = bytes.subspan(pos);
  return m;
}

namespace {

bool cleanName(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n) {
    if (!isTokenChar(c) && c != '.') return false;
  }
  return true;
}

bool cleanValue(std::string_view v, bool folds_allowed) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\r' && v[i] != '\n') continue;
    if (!folds_allowed || v[i] != '\r' || i + 2 >= v.size() || v[i + 1] != '\n' ||
        (v[i + 2] != ' ' && v[i + 2] != '\t')) {
      return false;
    }
    i += 1;
  }
  return true;
}

void appendNameAddr(std::string& out, std::string_view name, const NameAddr& a) {
  out += name;
  out += ": ";
  if (!a.display.empty()) {
    bool quote = a.display.find_first_of("\"<>,;:@") != std::string_view::npos ||
                 trimSpaces(a.display).size() != a.display.size();
    if (quote) out += '"';
    out += a.display;
    if (quote) out += '"';
    out += ' ';
  }
  out += '<';
  out += a.uri;
  out += ">\r\n";
}

}  // namespace

Result<std::string> buildMessage(const Message& m) {
  auto bad = [](const char* why) { return error(Errc::kBadHeaderValue, why); };
  auto checkAddr = [](const NameAddr& a) {
    return cleanValue(a.display, false) && a.display.find('"') == std::string_view::npos &&
           cleanValue(a.uri, false) && !a.uri.empty() &&
           a.uri.find_first_of("<>") == std::string_view::npos;
  };
  std::string out;
  if (m.from) {
    if (!checkAddr(*m.from)) return bad("From cannot be written");
    appendNameAddr(out, "From", *m.from);
  }
  for (const auto& a : m.to) {
    if (!checkAddr(a)) return bad("To cannot be written");
    appendNameAddr(out, "To", a);
  }
  for (const auto& a : m.cc) {
    if (!checkAddr(a)) return bad("cc cannot be written");
    appendNameAddr(out, "cc", a);
  }
  if (m.date_time) {
    if (!isDateTime(*m.date_time)) return error(Errc::kBadDateTime, "DateTime is not RFC 3339");
    out += "DateTime: ";
    out += *m.date_time;
    out += "\r\n";
  }
  for (const auto& sub : m.subjects) {
    if (!cleanValue(sub.text, false) || !cleanValue(sub.lang, false) ||
        sub.lang.find_first_of(" ;") != std::string_view::npos) {
      return bad("Subject cannot be written");
    }
    out += "Subject:";
    if (!sub.lang.empty()) {
      out += ";lang=";
      out += sub.lang;
    }
    out += ' ';
    out += sub.text;
    out += "\r\n";
  }
  for (const auto& ns : m.namespaces) {
    if (!cleanValue(ns.uri, false) || ns.uri.empty() ||
        ns.uri.find_first_of("<>") != std::string_view::npos) {
      return bad("NS URI cannot be written");
    }
    for (char c : ns.prefix) {
      if (!isTokenChar(c)) return error(Errc::kBadNamespace, "bad character in an NS prefix");
    }
    out += "NS: ";
    if (!ns.prefix.empty()) {
      out += ns.prefix;
      out += ' ';
    }
    out += '<';
    out += ns.uri;
    out += ">\r\n";
  }
  if (!m.require.empty()) {
    out += "Require: ";
    for (size_t i = 0; i < m.require.size(); ++i) {
      if (!cleanName(m.require[i])) return bad("Require lists a bad header name");
      if (i) out += ',';
      out += m.require[i];
    }
    out += "\r\n";
  }
  for (const auto& h : m.extensions) {
    if (!cleanName(h.name) || !cleanValue(h.value, false))
      return bad("extension header cannot be written");
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  out += "\r\n";
  for (const auto& h : m.mime_headers) {
    if (!cleanName(h.name) || h.name.find('.') != std::string_view::npos ||
        !cleanValue(h.value, true)) {
      return bad("MIME header cannot be written");
    }
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  out += "\r\n";
  out += asText(m.body);
  return out;
}

}  // namespace msrpgw::proto::cpim
