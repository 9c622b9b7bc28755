// Where the tool's events go: one JSON object per line on stdout (--json), or a short
// human-readable line. Output is buffered and flushed once per loop turn (flush()).
// Owner: the tool's loop. Not thread-safe.
#pragma once

#include <nlohmann/json.hpp>

namespace msrpgw::tools::msrp {

class EventLog {
 public:
  explicit EventLog(bool json) : json_(json) {}
  // `ev` must hold "event"; printed as is (JSON) or as "event key=value ...".
  void emit(const nlohmann::ordered_json& ev);
  void flush();

 private:
  bool json_;
};

}  // namespace msrpgw::tools::msrp
