// libFuzzer target for the H.248 text parser. Whatever parses must survive both encoders
// and parse back to the same message (but for the one documented normalisation: the
// encoders leave out an Error descriptor after a Notify request's ObservedEvents, see
// proto/h248/README.md); peekHeader() must agree with the parser's header.
// Seeds: the golden vectors of tests/unit/h248/vectors and, in its fuzz/ folder, near-miss
// and corner inputs of the v2/v3 audit, notify and context forms (libFuzzer reads corpus
// folders recursively).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "proto/h248/encode.h"
#include "proto/h248/parser.h"
#include "proto/h248/peek.h"

using namespace msrpgw::proto::h248;

namespace {

// The message as the encoders write it: Notify requests without their Error descriptor.
Message asWritten(Message m) {
  for (Transaction& t : m.transactions) {
    auto* tr = std::get_if<TransactionRequest>(&t);
    if (!tr) continue;
    for (ActionRequest& a : tr->actions) {
      for (CommandRequest& c : a.commands) {
        if (c.kind != CommandKind::kNotify || c.descriptors.size() < 2) continue;
        std::erase_if(c.descriptors, [](const Descriptor& d) {
          return std::holds_alternative<ErrorDescriptor>(d);
        });
      }
    }
  }
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto peeked = peekHeader(in);
  auto m = parseMessage(in);
  if (!m.ok()) {
    if (m.error().offset > size) std::abort();
    return 0;
  }
  if (!peeked.ok() || peeked->version != m->version || !(peeked->mid == m->mid)) std::abort();
  Message want = asWritten(*m);
  for (Style style : {Style::kCompact, Style::kPretty}) {
    std::string out;
    encode(*m, style, &out);
    auto again = parseMessage(out);
    if (!again.ok() || !(*again == want)) std::abort();
  }
  return 0;
}
