// libFuzzer target for the H.248 text parser. Whatever parses must survive both encoders
// and parse back to the same message; peekHeader() must agree with the parser's header.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "proto/h248/encode.h"
#include "proto/h248/parser.h"
#include "proto/h248/peek.h"

using namespace msrpgw::proto::h248;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto peeked = peekHeader(in);
  auto m = parseMessage(in);
  if (!m.ok()) {
    if (m.error().offset > size) std::abort();
    return 0;
  }
  if (!peeked.ok() || peeked->version != m->version || !(peeked->mid == m->mid)) std::abort();
  for (Style style : {Style::kCompact, Style::kPretty}) {
    std::string out;
    encode(*m, style, &out);
    auto again = parseMessage(out);
    if (!again.ok() || !(*again == *m)) std::abort();
  }
  return 0;
}
