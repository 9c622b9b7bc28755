// Fuzzes the X1 request parser without a schema (the DOM checks alone) and with the
// 3GPP+ETSI schema set. Invariants: no crash; a rejected message always yields an
// ErrorResponse that is itself schema-valid; a fully modelled request survives
// build -> parse unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "proto/li/x1/build.h"
#include "proto/li/x1/parse.h"

using namespace msrpgw::proto::li::x1;

namespace {

const SchemaSet* schemaOnce() {
  static const SchemaSet* s = [] {
    auto r = SchemaSet::load(MSRPGW_LI_XSD);
    return r.ok() ? std::move(r).value().release() : nullptr;
  }();
  return s;
}

bool lossless(const Request& r) {
  if (!r.task) return true;
  for (const auto& t : r.task->targets) {
    if (std::holds_alternative<UnsupportedTarget>(t)) return false;
  }
  return !r.task->has_mediation_details && !r.task->has_policy_references &&
         r.task->unsupported_extensions.empty() &&
         (!r.destination || r.destination->unsupported_extensions.empty());
}

void check(const std::vector<RequestMessage>& msgs, const SchemaSet* schema) {
  for (const auto& m : msgs) {
    if (const auto* rej = std::get_if<RejectedRequest>(&m)) {
      const std::string xml =
          buildResponse({makeErrorResponse(*rej, "2025-01-01T00:00:00.000000Z")});
      if (schema && !schema->validate(xml).empty()) std::abort();
      continue;
    }
    const Request& r = std::get<Request>(m);
    if (!lossless(r) || (r.destination && !r.destination->unsupported_extensions.empty())) continue;
    auto again = parseRequest(buildRequest({r}), nullptr);
    if (!again || again->size() != 1 || !std::holds_alternative<Request>((*again)[0]) ||
        !(std::get<Request>((*again)[0]) == r)) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  if (auto r = parseRequest(xml, nullptr)) check(*r, nullptr);
  if (const SchemaSet* schema = schemaOnce()) {
    if (auto r = parseRequest(xml, schema)) check(*r, schema);
  }
  return 0;
}
