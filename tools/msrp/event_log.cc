#include "tools/msrp/event_log.h"

#include <cstdio>
#include <string>

namespace msrpgw::tools::msrp {

void EventLog::emit(const nlohmann::ordered_json& ev) {
  std::string line;
  if (json_) {
    line = ev.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  } else {
    line = ev.value("event", "?");
    for (auto it = ev.begin(); it != ev.end(); ++it) {
      if (it.key() == "event") continue;
      line += ' ';
      line += it.key();
      line += '=';
      line += it->is_string()
                  ? it->get<std::string>()
                  : it->dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    }
  }
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stdout);
}

void EventLog::flush() {
  std::fflush(stdout);
}

}  // namespace msrpgw::tools::msrp
