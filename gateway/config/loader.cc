#include "gateway/config/loader.h"

#include <arpa/inet.h>

#include <charconv>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include "control/mid.h"
#include "gateway/config/schema.h"
#include "nlohmann/json.hpp"

namespace msrpgw::gateway {
namespace {

using nlohmann::json;

std::string shown(const json& v) {
  std::string s = v.dump();
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

bool isIp(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

// "192.0.2.1:2944" or "[2001:db8::1]:2944", port 1..65535.
bool isEndpoint(const std::string& s) {
  size_t colon = s.rfind(':');
  if (colon == std::string::npos || colon + 1 >= s.size()) return false;
  std::string host = s.substr(0, colon);
  std::string port = s.substr(colon + 1);
  unsigned value = 0;
  auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || p != port.data() + port.size() || value == 0 || value > 65535) {
    return false;
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    unsigned char buf[16];
    return inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), buf) == 1;
  }
  unsigned char buf[4];
  return inet_pton(AF_INET, host.c_str(), buf) == 1;
}

// Reads each described key from the document into the Config, collecting problems.
class Reader {
 public:
  Reader(const json& doc, std::vector<ConfigProblem>& problems) : doc_(doc), problems_(problems) {}

  const std::set<std::string>& keys() const { return keys_; }

  template <class T>
  void number(const char* key, T& out, uint64_t lo, uint64_t hi) {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_number_integer())
      return problem(ConfigErrc::kWrongType, key, "must be an integer", *v);
    if (v->is_number_unsigned() ? v->get<uint64_t>() > hi || v->get<uint64_t>() < lo
                                : v->get<int64_t>() < static_cast<int64_t>(lo)) {
      return problem(ConfigErrc::kOutOfRange, key,
                     "must be between " + std::to_string(lo) + " and " + std::to_string(hi), *v);
    }
    out = static_cast<T>(v->get<uint64_t>());
  }

  void choice(const char* key, std::string& out, std::initializer_list<const char*> allowed) {
    const json* v = find(key);
    if (!v) return;
    std::string list;
    bool found = false;
    for (const char* a : allowed) {
      list += list.empty() ? "" : ", ";
      list += a;
      found |= v->is_string() && v->get<std::string>() == a;
    }
    if (!v->is_string())
      return problem(ConfigErrc::kWrongType, key, "must be a string, one of " + list, *v);
    if (!found) return problem(ConfigErrc::kBadValue, key, "must be one of " + list, *v);
    out = v->get<std::string>();
  }

  void address(const char* key, std::string& out) {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_string()) return problem(ConfigErrc::kWrongType, key, "must be a string", *v);
    if (!isIp(v->get<std::string>())) {
      return problem(ConfigErrc::kBadAddress, key, "must be an IPv4 or IPv6 address", *v);
    }
    out = v->get<std::string>();
  }

  void endpoint(const char* key, std::string& out) {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_string())
      return problem(ConfigErrc::kWrongType, key, "must be a string \"ip:port\"", *v);
    if (!isEndpoint(v->get<std::string>())) {
      return problem(ConfigErrc::kBadAddress, key, "must be \"ip:port\" or \"[ipv6]:port\"", *v);
    }
    out = v->get<std::string>();
  }

  void endpoints(const char* key, std::vector<std::string>& out) {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_array())
      return problem(ConfigErrc::kWrongType, key, "must be a list of \"ip:port\"", *v);
    if (v->empty())
      return problem(ConfigErrc::kOutOfRange, key, "must name at least one controller", *v);
    std::vector<std::string> list;
    for (size_t i = 0; i < v->size(); ++i) {
      const json& e = (*v)[i];
      std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
      if (!e.is_string() || !isEndpoint(e.get<std::string>())) {
        problem(e.is_string() ? ConfigErrc::kBadAddress : ConfigErrc::kWrongType, item_key,
                "must be \"ip:port\" or \"[ipv6]:port\"", e);
        return;
      }
      list.push_back(e.get<std::string>());
    }
    out = std::move(list);
  }

  void mid(const char* key, std::string& out) {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_string()) return problem(ConfigErrc::kWrongType, key, "must be a string", *v);
    const std::string& text = v->get_ref<const std::string&>();
    if (!text.empty() && !control::parseMid(text)) {
      return problem(ConfigErrc::kBadValue, key,
                     "must be an H.248 mId: \"[ip]:port\", \"<domain>:port\", a device name "
                     "or \"MTP{hex}\", or empty for \"[listen address]:port\"",
                     *v);
    }
    out = text;
  }

  void profileName(const char* key, std::string& out) {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_string()) return problem(ConfigErrc::kWrongType, key, "must be a string", *v);
    if (!control::isProfileName(v->get<std::string>())) {
      return problem(ConfigErrc::kBadValue, key,
                     "must be a letter then at most 63 letters, digits or '_'", *v);
    }
    out = v->get<std::string>();
  }

  void portRange(const char* key, std::array<uint32_t, 2>& out) {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_array() || v->size() != 2 || !(*v)[0].is_number_unsigned() ||
        !(*v)[1].is_number_unsigned()) {
      return problem(ConfigErrc::kWrongType, key, "must be [min, max] port numbers", *v);
    }
    uint64_t lo = (*v)[0].get<uint64_t>(), hi = (*v)[1].get<uint64_t>();
    if (hi > 65535) return problem(ConfigErrc::kOutOfRange, key, "ports must be 0..65535", *v);
    if (lo > hi) return problem(ConfigErrc::kConflict, key, "min must not exceed max", *v);
    out = {static_cast<uint32_t>(lo), static_cast<uint32_t>(hi)};
  }

 private:
  // The value at a dotted key, or null when absent (the default stays). Records the key
  // and its parents as known.
  const json* find(const char* key) {
    std::string k = key;
    for (size_t dot = k.find('.'); dot != std::string::npos; dot = k.find('.', dot + 1)) {
      keys_.insert(k.substr(0, dot));
    }
    keys_.insert(k);
    const json* cur = &doc_;
    size_t pos = 0;
    while (true) {
      size_t dot = k.find('.', pos);
      std::string part = k.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
      if (!cur->is_object()) {
        // A scalar where a section belongs: report the section once, keep the defaults.
        std::string section = k.substr(0, pos - 1);
        if (bad_sections_.insert(section).second) {
          problem(ConfigErrc::kWrongType, section, "must be an object", *cur);
        }
        return nullptr;
      }
      auto it = cur->find(part);
      if (it == cur->end()) return nullptr;
      cur = &*it;
      if (dot == std::string::npos) return cur;
      pos = dot + 1;
    }
  }

  void problem(ConfigErrc errc, const std::string& key, const std::string& what, const json& got) {
    problems_.push_back({errc, key, key + ": " + what + " (got " + shown(got) + ")"});
  }

  const json& doc_;
  std::vector<ConfigProblem>& problems_;
  std::set<std::string> keys_;
  std::set<std::string> bad_sections_;
};

// Writes each described key's current value into a JSON document.
class Writer {
 public:
  json doc = json::object();

  template <class T>
  void number(const char* key, T& v, uint64_t, uint64_t) {
    at(key) = v;
  }
  void choice(const char* key, std::string& v, std::initializer_list<const char*>) { at(key) = v; }
  void address(const char* key, std::string& v) { at(key) = v; }
  void endpoint(const char* key, std::string& v) { at(key) = v; }
  void endpoints(const char* key, std::vector<std::string>& v) { at(key) = v; }
  void mid(const char* key, std::string& v) { at(key) = v; }
  void profileName(const char* key, std::string& v) { at(key) = v; }
  void portRange(const char* key, std::array<uint32_t, 2>& v) { at(key) = v; }

 private:
  json& at(const std::string& key) { return doc[json::json_pointer("/" + replaceDots(key))]; }
  static std::string replaceDots(std::string k) {
    for (char& c : k) c = c == '.' ? '/' : c;
    return k;
  }
};

void findUnknown(const json& node, const std::string& prefix, const std::set<std::string>& known,
                 std::vector<ConfigProblem>& problems) {
  if (!node.is_object()) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (!known.count(key)) {
      problems.push_back(
          {ConfigErrc::kUnknownKey, key, key + ": unknown key (got " + shown(it.value()) + ")"});
      continue;
    }
    findUnknown(it.value(), key, known, problems);
  }
}

}  // namespace

const char* configErrcName(ConfigErrc e) {
  switch (e) {
    case ConfigErrc::kBadFile: return "bad_file";
    case ConfigErrc::kBadSyntax: return "bad_syntax";
    case ConfigErrc::kUnknownKey: return "unknown_key";
    case ConfigErrc::kWrongType: return "wrong_type";
    case ConfigErrc::kOutOfRange: return "out_of_range";
    case ConfigErrc::kBadAddress: return "bad_address";
    case ConfigErrc::kConflict: return "conflict";
    case ConfigErrc::kBadValue: return "bad_value";
    case ConfigErrc::kBadOverride: return "bad_override";
  }
  return "?";
}

ConfigLoad configFromJson(const json& doc) {
  ConfigLoad load;
  if (!doc.is_object()) {
    load.problems.push_back({ConfigErrc::kWrongType, "",
                             "(top level): must be a JSON object (got " + shown(doc) + ")"});
    return load;
  }
  Reader reader(doc, load.problems);
  describeConfig(load.config, reader);
  findUnknown(doc, "", reader.keys(), load.problems);
  return load;
}

json configToJson(const Config& c) {
  Writer w;
  Config copy = c;
  describeConfig(copy, w);
  return w.doc;
}

ConfigLoad loadConfig(const std::string& file, const std::vector<std::string>& overrides) {
  json doc = json::object();
  std::vector<ConfigProblem> early;
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      ConfigLoad load;
      load.problems.push_back({ConfigErrc::kBadFile, "", file + ": cannot read the file"});
      return load;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    try {
      doc = json::parse(ss.str(), nullptr, true, /*ignore_comments=*/false);
    } catch (const json::parse_error& e) {
      ConfigLoad load;
      load.problems.push_back({ConfigErrc::kBadSyntax, "", file + ": not valid JSON: " + e.what()});
      return load;
    }
  }
  for (const std::string& o : overrides) {
    size_t eq = o.find('=');
    if (eq == std::string::npos || eq == 0) {
      early.push_back({ConfigErrc::kBadOverride, o, o + ": --set needs key.path=value"});
      continue;
    }
    std::string key = o.substr(0, eq);
    std::string text = o.substr(eq + 1);
    json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) value = text;  // a bare word is a string
    std::vector<std::string> parts;
    for (size_t pos = 0;;) {
      size_t dot = key.find('.', pos);
      parts.push_back(key.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
      if (dot == std::string::npos) break;
      pos = dot + 1;
    }
    bool bad = false;
    for (const auto& part : parts) bad |= part.empty();
    json* cur = &doc;
    for (size_t i = 0; !bad && i < parts.size(); ++i) {
      if (cur->is_null()) *cur = json::object();
      if (!cur->is_object()) {
        bad = true;
        break;
      }
      cur = &(*cur)[parts[i]];
    }
    if (bad) {
      early.push_back({ConfigErrc::kBadOverride, key, key + ": --set names no valid key path"});
      continue;
    }
    *cur = std::move(value);
  }
  ConfigLoad load = configFromJson(doc);
  load.problems.insert(load.problems.begin(), early.begin(), early.end());
  return load;
}

}  // namespace msrpgw::gateway
