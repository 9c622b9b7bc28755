// Fuzzes the MSRP frame parser and the typed header parsers. Besides crashes and
// sanitizer reports it checks one property: the event log is the same whether the input
// arrives whole or cut into pieces (sizes drawn from the input itself).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "proto/msrp/header_values.h"
#include "tests/unit/msrp/event_log.h"

namespace {

using namespace msrpgw::proto::msrp;

// Also runs every typed header parser on what the frame parser delivered.
class TypedSink : public test::EventLog {
 public:
  void onHead(const FrameHead& head) override {
    EventLog::onHead(head);
    for (const HeaderView& h : head.headers) {
      switch (h.id) {
        case HeaderId::kToPath:
        case HeaderId::kFromPath:
        case HeaderId::kUsePath: (void)parsePath(h.value); break;
        case HeaderId::kMessageId: (void)parseMessageId(h.value); break;
        case HeaderId::kByteRange: (void)parseByteRange(h.value); break;
        case HeaderId::kSuccessReport: (void)parseSuccessReport(h.value); break;
        case HeaderId::kFailureReport: (void)parseFailureReport(h.value); break;
        case HeaderId::kStatus: (void)parseStatus(h.value); break;
        case HeaderId::kContentType: {
          auto ct = parseContentType(h.value);
          if (ct.ok()) {
            std::string_view params = ct->params;
            MediaParam p;
            while (nextParam(params, p)) {
            }
          }
          break;
        }
        case HeaderId::kExpires:
        case HeaderId::kMinExpires:
        case HeaderId::kMaxExpires: (void)parseExpires(h.value); break;
        default: break;
      }
    }
  }
};

std::string run(const std::vector<std::string_view>& pieces) {
  return test::parseToLog<TypedSink>(pieces,
                                     ParserLimits{2048, 32});  // small limits reach the limit paths
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string whole = run({in});
  // parseToLog adds a line "!BUG: ..." when the parser breaks its contract. Bodies are
  // escaped onto one line and header names start with a letter, so no other line can.
  if (whole.rfind("!BUG:", 0) == 0 || whole.find("\n!BUG:") != std::string::npos) std::abort();
  std::vector<std::string_view> pieces;
  uint32_t h = 2166136261u;
  for (size_t pos = 0; pos < in.size();) {
    h = (h ^ static_cast<uint8_t>(in[pos])) * 16777619u;
    size_t n = 1 + h % 23;
    pieces.push_back(in.substr(pos, n));
    pos += std::min(n, in.size() - pos);
  }
  if (run(pieces) != whole) std::abort();  // split-dependence is a parser bug
  return 0;
}
