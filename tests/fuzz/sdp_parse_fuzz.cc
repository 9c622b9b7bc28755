// Fuzzes proto/sdp's parse() (and sofia-sip's sdp_parse() under it). Besides crashes and
// sanitizer reports it checks the round trip: whatever parse() accepts, write() must write,
// parse() must read back into an equal model, and writing that again gives the same text.
// Every error must carry the sdp domain and an offset inside the input (or none).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "proto/sdp/accept_types.h"
#include "proto/sdp/parse.h"
#include "proto/sdp/write.h"

using namespace msrpgw::proto::sdp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto first = parse(in);
  if (!first.ok()) {
    const msrpgw::Error& e = first.error();
    if (e.domain != msrpgw::Domain::kSdp) std::abort();
    if (e.offset != msrpgw::kNoOffset && e.offset > size) std::abort();
    (void)parseAcceptTypes(in);  // the list parser on raw input too
    return 0;
  }
  auto text = write(first.value());
  if (!text.ok()) std::abort();
  auto second = parse(text.value());
  if (!second.ok()) std::abort();
  if (!(second.value() == first.value())) std::abort();
  auto again = write(second.value());
  if (!again.ok() || again.value() != text.value()) std::abort();
  for (const MsrpMedia* m : first->messageMedia()) {
    (void)accepts(m->accept_types, "message", "cpim");
  }
  return 0;
}
