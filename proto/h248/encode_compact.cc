#include "proto/h248/encode.h"

namespace msrpgw::proto::h248 {

std::string encodeCompact(const Message& m) {
  std::string out;
  out.reserve(512);
  encode(m, Style::kCompact, &out);
  return out;
}

}  // namespace msrpgw::proto::h248
