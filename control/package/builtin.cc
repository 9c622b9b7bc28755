#include "control/package/builtin.h"

namespace msrpgw::control::package {

namespace {

ValueRule integer(int64_t lo, int64_t hi) {
  return ValueRule{ValueType::kInteger, lo, hi, {}};
}

PackageDef generic() {
  PackageDef g{"g", 0x0001, 2, {}, {}, {}, {}};
  g.events.push_back(
      {"cause",
       0x0001,
       {{"Generalcause", 0x0001, {ValueType::kEnum, 0, 0, {"NR", "UR", "FT", "FP", "IW", "UN"}}},
        {"Failurecause", 0x0002, {ValueType::kString, 0, 0, {}}}}});
  g.events.push_back({"sc",
                      0x0002,
                      {{"SigID", 0x0001, {ValueType::kString, 0, 0, {}}},
                       {"Meth", 0x0002, {ValueType::kString, 0, 0, {}}},
                       {"SLID", 0x0003, {ValueType::kString, 0, 0, {}}},
                       {"RID", 0x0004, {ValueType::kString, 0, 0, {}}}}});
  return g;
}

PackageDef root() {
  PackageDef r{"root", 0x0002, 2, {}, {}, {}, {}};
  const int64_t kMaxMs = 3600000;
  r.properties = {
      {"maxNumberOfContexts", 0x0001, integer(0, UINT32_MAX), "10000", false},
      {"maxTerminationsPerContext", 0x0002, integer(0, 255), "2", false},
      {"normalMGExecutionTime", 0x0003, integer(1, kMaxMs), "200", true},
      {"normalMGCExecutionTime", 0x0004, integer(1, kMaxMs), "200", true},
      {"MGProvisionalResponseTimerValue", 0x0005, integer(1, kMaxMs), "200", true},
      {"MGCProvisionalResponseTimerValue", 0x0006, integer(1, kMaxMs), "200", true},
      {"MGCOriginatedPendingLimit", 0x0007, integer(1, 1000000), "5", true},
      {"MGOriginatedPendingLimit", 0x0008, integer(1, 1000000), "5", true},
  };
  return r;
}

PackageDef network() {
  PackageDef nt{"nt", 0x000b, 1, {}, {}, {}, {}};
  nt.properties = {{"jit", 0x0007, integer(0, 65535), "0", false}};
  nt.events = {{"netfail", 0x0005, {{"cs", 0x0001, {ValueType::kString, 0, 0, {}}}}},
               {"qualert", 0x0006, {{"th", 0x0001, integer(0, 100)}}}};
  nt.statistics = {{"dur", 0x0001, "time the termination has been in the context, ms"},
                   {"os", 0x0002, "octets sent (MSRP body bytes)"},
                   {"or", 0x0003, "octets received (MSRP body bytes)"}};
  return nt;
}

PackageDef inactivity() {
  PackageDef it{"it", 0x0045, 1, {}, {}, {}, {}};
  // mit: maximum inactivity time, in units of 10 ms (H.248.1 E.14).
  it.events = {{"ito", 0x0001, {{"mit", 0x0001, integer(1, 360000)}}}};
  return it;
}

PackageDef msrpgw() {
  PackageDef m{"msrpgw", kMsrpgwPackageId, 1, {}, {}, {}, {}};
  m.properties = {
      {"chunksize", 0x0001, integer(64, 16777216), "0", true},
      {"maxmsgsize", 0x0002, integer(0, INT64_MAX), "0", true},
      {"maxbuffered", 0x0003, integer(1024, INT64_MAX), "0", true},
  };
  // Media events of a termination (failures go as g/cause with a Failurecause).
  m.events = {{"conn", 0x0001, {}}, {"idle", 0x0002, {}}};
  m.statistics = {{"mr", 0x0001, "MSRP messages received"}, {"ms", 0x0002, "MSRP messages sent"},
                  {"cr", 0x0003, "MSRP chunks received"},   {"cs", 0x0004, "MSRP chunks sent"},
                  {"rr", 0x0005, "REPORTs received"},       {"rs", 0x0006, "REPORTs sent"},
                  {"ma", 0x0007, "messages aborted"}};
  return m;
}

}  // namespace

Registry builtinRegistry() {
  Registry r;
  r.add(generic());
  r.add(root());
  r.add(network());
  r.add(inactivity());
  r.add(msrpgw());
  return r;
}

}  // namespace msrpgw::control::package
