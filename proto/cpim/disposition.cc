#include "proto/cpim/disposition.h"

#include "proto/base/bytes.h"

namespace msrpgw::proto::cpim {

DispositionRequest parseDispositionNotification(std::string_view value) {
  DispositionRequest r;
  size_t p = 0;
  while (p <= value.size()) {
    size_t comma = value.find(',', p);
    std::string_view t = trimSpaces(
        value.substr(p, comma == std::string_view::npos ? std::string_view::npos : comma - p));
    if (iequals(t, "positive-delivery")) {
      r.positive_delivery = true;
    } else if (iequals(t, "negative-delivery")) {
      r.negative_delivery = true;
    } else if (iequals(t, "display")) {
      r.display = true;
    } else if (iequals(t, "processing")) {
      r.processing = true;
    } else if (!t.empty()) {
      ++r.unknown;
    }
    if (comma == std::string_view::npos) break;
    p = comma + 1;
  }
  return r;
}

std::string formatDispositionNotification(const DispositionRequest& r) {
  std::string out;
  auto add = [&out](bool on, const char* token) {
    if (!on) return;
    if (!out.empty()) out += ", ";
    out += token;
  };
  add(r.positive_delivery, "positive-delivery");
  add(r.negative_delivery, "negative-delivery");
  add(r.display, "display");
  add(r.processing, "processing");
  return out;
}

}  // namespace msrpgw::proto::cpim
