// Fuzzes parseMessage() (message/cpim) and parseImdn() on the input. Invariants: no crash
// or sanitizer report; a parsed message that buildMessage() accepts parses again to the
// same values; a parsed IMDN rebuilds and parses again to the same notification.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "proto/cpim/imdn.h"
#include "proto/cpim/message.h"

using namespace msrpgw;
using namespace msrpgw::proto::cpim;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ByteView in(reinterpret_cast<const std::byte*>(data), size);
  auto m = parseMessage(in);
  if (m.ok()) {
    (void)m->header(kImdnNamespace, "Message-ID");
    (void)m->contentType();
    auto built = buildMessage(*m);
    if (built.ok()) {
      auto again = parseMessage(asBytes(*built));
      check(again.ok());
      check(again->from == m->from && again->to == m->to && again->cc == m->cc &&
            again->date_time == m->date_time && again->subjects == m->subjects &&
            again->namespaces == m->namespaces && again->require == m->require &&
            again->extensions == m->extensions && again->mime_headers == m->mime_headers &&
            asText(again->body) == asText(m->body));
    }
  }
  auto n = parseImdn(asText(in));
  if (n.ok()) {
    auto xml = buildImdn(*n);
    if (xml.ok()) {
      auto again = parseImdn(*xml);
      check(again.ok() && *again == *n);
    }
  }
  return 0;
}
