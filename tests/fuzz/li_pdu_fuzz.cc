// Fuzzes decodePdu() on the whole input and the Framer on the input cut into pieces whose
// sizes come from the input itself. Invariants: no crash; every PDU the decoder accepts
// re-encodes to exactly the same bytes; the framer's frames concatenate to a prefix of the
// input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "proto/li/framer.h"
#include "proto/li/pdu.h"

using namespace msrpgw;
using namespace msrpgw::proto::li;

namespace {

void checkRoundTrip(ByteView frame) {
  auto pdu = decodePdu(frame);
  if (!pdu) return;
  std::string again;
  if (!appendPdu(*pdu, again) || again != asText(frame)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ByteView in(reinterpret_cast<const std::byte*>(data), size);
  checkRoundTrip(in);

  Limits limits;
  limits.max_payload_length = 1 << 16;
  Framer framer(limits);
  std::string framed;
  size_t pos = 0;
  size_t step = size ? (data[0] % 61) + 1 : 1;
  while (pos < size) {
    ByteView piece = in.subspan(pos, std::min(step, size - pos));
    pos += piece.size();
    step = (step * 7 + 3) % 67 + 1;
    while (!piece.empty()) {
      auto r = framer.feed(piece);
      piece = piece.subspan(r.consumed);
      if (r.status == Framer::Status::kError) {
        pos = size;
        break;
      }
      if (r.status == Framer::Status::kFrame) {
        framed.append(asText(framer.frame()));
        checkRoundTrip(framer.frame());
      } else if (!piece.empty()) {
        std::abort();  // kNeedMore must consume everything offered
      }
    }
  }
  if (framed != asText(in).substr(0, framed.size())) std::abort();
  return 0;
}
