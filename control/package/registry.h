// The package registry: each package declares its properties, events (with parameters),
// signals and statistics with their types, defaults and read/write rules, and the MG
// checks every package item of a request against it.
// Owner: control loop (built once at start, read-only afterwards).
//
// Answers (Failure codes): 440 unknown package, 450 no such property, 451 no such event,
// 452 no such signal, 453 no such statistic, 454/446 no such or unsupported parameter,
// 445 property not settable (read-only), 449 value outside the declared type or range
// (the value is named in the text). Names compare case-insensitively.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "control/failure.h"
#include "proto/h248/ast.h"

namespace msrpgw::control::package {

enum class ValueType : uint8_t { kInteger, kBoolean, kString, kEnum };

struct ValueRule {
  ValueType type = ValueType::kInteger;
  int64_t min = 0;
  int64_t max = INT64_MAX;
  std::vector<std::string> choices;  // kEnum: allowed values (case-insensitive)
};

struct PropertyDef {
  std::string name;
  uint16_t id = 0;
  ValueRule rule;
  std::string default_value;
  bool writable = false;
};

struct ParameterDef {
  std::string name;
  uint16_t id = 0;
  ValueRule rule;
};

struct EventDef {
  std::string name;
  uint16_t id = 0;
  std::vector<ParameterDef> params;  // parameters of the request (e.g. it/ito mit)
};

struct SignalDef {
  std::string name;
  uint16_t id = 0;
  std::vector<ParameterDef> params;
};

struct StatisticDef {
  std::string name;
  uint16_t id = 0;
  std::string meaning;
};

struct PackageDef {
  std::string name;
  uint16_t id = 0;
  uint16_t version = 1;
  std::vector<PropertyDef> properties;
  std::vector<EventDef> events;
  std::vector<SignalDef> signals;
  std::vector<StatisticDef> statistics;
};

class Registry {
 public:
  void add(PackageDef def);

  const PackageDef* package(std::string_view name) const;
  // "pkg/item" lookups; the failure names the package or the item.
  Check findProperty(std::string_view pkgd_name, const PropertyDef** out) const;
  Check findEvent(std::string_view pkgd_name, const EventDef** out) const;
  Check findSignal(std::string_view pkgd_name, const SignalDef** out) const;
  Check findStatistic(std::string_view pkgd_name, const StatisticDef** out) const;

  // A property written by the MGC: it exists, is writable and the value fits (449).
  Check checkPropertyWrite(const proto::h248::Parm& parm, const PropertyDef** out) const;
  // A requested event: it exists and so does every parameter, with a valid value.
  Check checkEvent(const proto::h248::RequestedEvent& ev) const;
  // Every package, for Audit { Packages }.
  std::vector<proto::h248::PackageItem> packages() const;

 private:
  Check split(std::string_view pkgd_name, const PackageDef** pkg, std::string_view* item) const;
  std::map<std::string, PackageDef> packages_;  // key: lower-case name
};

// Checks `value` against `rule`; on failure the text names `what` and the value (449).
Check checkValue(const ValueRule& rule, std::string_view what, std::string_view value);

// Lower-case copy, for case-insensitive names.
std::string lower(std::string_view s);

}  // namespace msrpgw::control::package
