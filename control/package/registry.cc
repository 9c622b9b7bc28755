#include "control/package/registry.h"

#include <charconv>

namespace msrpgw::control::package {

using proto::h248::Errc;

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return r;
}

namespace {

template <class T>
const T* findItem(const std::vector<T>& list, std::string_view item) {
  std::string key = lower(item);
  for (const T& t : list) {
    if (lower(t.name) == key) return &t;
  }
  return nullptr;
}

}  // namespace

Check checkValue(const ValueRule& rule, std::string_view what, std::string_view value) {
  auto bad = [&](const std::string& why) {
    return fail(Errc::kUnsupportedValue, "Unsupported value " + std::string(value) + " for " +
                                             std::string(what) + ": " + why);
  };
  switch (rule.type) {
    case ValueType::kInteger: {
      int64_t v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || p != value.data() + value.size()) return bad("not an integer");
      if (v < rule.min || v > rule.max) {
        return bad("outside " + std::to_string(rule.min) + ".." + std::to_string(rule.max));
      }
      return std::nullopt;
    }
    case ValueType::kBoolean: {
      std::string v = lower(value);
      if (v == "on" || v == "off" || v == "true" || v == "false") return std::nullopt;
      return bad("not ON or OFF");
    }
    case ValueType::kString: return std::nullopt;
    case ValueType::kEnum: {
      std::string v = lower(value);
      for (const auto& c : rule.choices) {
        if (lower(c) == v) return std::nullopt;
      }
      return bad("not one of the allowed values");
    }
  }
  return bad("unknown type");
}

void Registry::add(PackageDef def) {
  std::string key = lower(def.name);
  packages_[key] = std::move(def);
}

const PackageDef* Registry::package(std::string_view name) const {
  auto it = packages_.find(lower(name));
  return it == packages_.end() ? nullptr : &it->second;
}

Check Registry::split(std::string_view pkgd_name, const PackageDef** pkg,
                      std::string_view* item) const {
  size_t slash = pkgd_name.find('/');
  if (slash == std::string_view::npos) {
    return fail(Errc::kUnsupportedPackage,
                "Unknown package item " + std::string(pkgd_name) + " (no package name)");
  }
  std::string_view name = pkgd_name.substr(0, slash);
  *pkg = package(name);
  if (!*pkg) return fail(Errc::kUnsupportedPackage, "Unsupported package " + std::string(name));
  *item = pkgd_name.substr(slash + 1);
  return std::nullopt;
}

Check Registry::findProperty(std::string_view pkgd_name, const PropertyDef** out) const {
  const PackageDef* pkg = nullptr;
  std::string_view item;
  if (Check c = split(pkgd_name, &pkg, &item)) return c;
  *out = findItem(pkg->properties, item);
  if (!*out) return fail(Errc::kNoSuchProperty, "No such property " + std::string(pkgd_name));
  return std::nullopt;
}

Check Registry::findEvent(std::string_view pkgd_name, const EventDef** out) const {
  const PackageDef* pkg = nullptr;
  std::string_view item;
  if (Check c = split(pkgd_name, &pkg, &item)) return c;
  *out = findItem(pkg->events, item);
  if (!*out) return fail(Errc::kNoSuchEvent, "No such event " + std::string(pkgd_name));
  return std::nullopt;
}

Check Registry::findSignal(std::string_view pkgd_name, const SignalDef** out) const {
  const PackageDef* pkg = nullptr;
  std::string_view item;
  if (Check c = split(pkgd_name, &pkg, &item)) return c;
  *out = findItem(pkg->signals, item);
  if (!*out) return fail(Errc::kNoSuchSignal, "No such signal " + std::string(pkgd_name));
  return std::nullopt;
}

Check Registry::findStatistic(std::string_view pkgd_name, const StatisticDef** out) const {
  const PackageDef* pkg = nullptr;
  std::string_view item;
  if (Check c = split(pkgd_name, &pkg, &item)) return c;
  *out = findItem(pkg->statistics, item);
  if (!*out) return fail(Errc::kNoSuchStatistic, "No such statistic " + std::string(pkgd_name));
  return std::nullopt;
}

Check Registry::checkPropertyWrite(const proto::h248::Parm& parm, const PropertyDef** out) const {
  if (Check c = findProperty(parm.name, out)) return c;
  if (!(*out)->writable) {
    return fail(Errc::kUnsupportedProperty, "Property " + parm.name + " is read-only");
  }
  if (parm.form != proto::h248::Parm::Form::kSingle ||
      parm.relation != proto::h248::Parm::Relation::kEqual || parm.values.size() != 1) {
    return fail(Errc::kUnsupportedValue,
                "Unsupported value for " + parm.name + ": only name=value is supported");
  }
  return checkValue((*out)->rule, parm.name, parm.values[0]);
}

Check Registry::checkEvent(const proto::h248::RequestedEvent& ev) const {
  const EventDef* def = nullptr;
  if (Check c = findEvent(ev.name, &def)) return c;
  for (const auto& p : ev.params) {
    const ParameterDef* pd = findItem(def->params, p.name);
    if (!pd) {
      return fail(Errc::kNoSuchParameter, "No such parameter " + p.name + " in event " + ev.name);
    }
    if (p.form != proto::h248::Parm::Form::kSingle || p.values.size() != 1) {
      return fail(Errc::kUnsupportedParameter,
                  "Unsupported form of parameter " + p.name + " in event " + ev.name);
    }
    if (Check c = checkValue(pd->rule, ev.name + " " + p.name, p.values[0])) return c;
  }
  if (ev.digit_map || ev.embedded_signals || ev.has_embedded_events) {
    return fail(Errc::kUnsupportedParameter,
                "Embedded signals, events or digit maps are not supported in " + ev.name);
  }
  return std::nullopt;
}

std::vector<proto::h248::PackageItem> Registry::packages() const {
  std::vector<proto::h248::PackageItem> r;
  for (const auto& [key, def] : packages_) r.push_back({def.name, def.version});
  return r;
}

}  // namespace msrpgw::control::package
