#include "proto/h248/encode.h"

namespace msrpgw::proto::h248 {

std::string encodePretty(const Message& m) {
  std::string out;
  out.reserve(1024);
  encode(m, Style::kPretty, &out);
  return out;
}

}  // namespace msrpgw::proto::h248
