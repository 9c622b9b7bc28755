// Loads the configuration: built-in defaults, then a JSON file, then `--set key.path=value`
// overrides, validated in one pass. Every problem is reported, each as
// "key.path: problem (got value)" with its ConfigErrc; an unknown key is an error, never
// ignored. Runs on the main thread at start-up.
#pragma once

#include <string>
#include <vector>

#include "gateway/config/config.h"
#include "nlohmann/json_fwd.hpp"

namespace msrpgw::gateway {

enum class ConfigErrc : uint16_t {
  kBadFile = 1,      // the file cannot be read
  kBadSyntax = 2,    // the file or an override value is not valid JSON
  kUnknownKey = 3,   // a key the gateway does not have (a typo must not pass)
  kWrongType = 4,    // e.g. a string where a number belongs
  kOutOfRange = 5,   // a number or list outside its limits
  kBadAddress = 6,   // not an IP address or ip:port
  kConflict = 7,     // values that contradict each other
  kBadValue = 8,     // a string outside its allowed set
  kBadOverride = 9,  // a --set argument without key.path=value form
};

const char* configErrcName(ConfigErrc e);

struct ConfigProblem {
  ConfigErrc errc;
  std::string key;      // dotted path, e.g. "h248.listen"
  std::string message;  // "key.path: problem (got value)"
};

struct ConfigLoad {
  Config config;
  std::vector<ConfigProblem> problems;  // empty when the configuration is usable
  bool ok() const { return problems.empty(); }
};

// `file` may be empty (defaults only). Each override is "key.path=value"; the value is
// read as JSON when it parses as JSON, otherwise as a string.
ConfigLoad loadConfig(const std::string& file, const std::vector<std::string>& overrides);

// Validates a JSON document (already merged) into a Config.
ConfigLoad configFromJson(const nlohmann::json& doc);

// The effective configuration as JSON, every key present (for the start-up report).
nlohmann::json configToJson(const Config& c);

}  // namespace msrpgw::gateway
