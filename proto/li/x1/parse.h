// Reads X1Request documents (ETSI TS 103 221-1) with libxml2 into the typed model, after
// validating them against the ETSI schema set when one is given.
//
// SchemaSet loads an entry-point XSD (X1All.xsd, or X1All-3GPP.xsd for LI_T3 tasking with
// 3GPP extensions) from a directory the caller names; the library ships no schema. One
// SchemaSet is immutable after load() and may be shared by threads.
//
// parseRequest() outcome:
// - Error (Errc::kSyntaxError) when the document as a whole cannot be answered message by
//   message: empty or above the size limit, not well-formed, has a DTD, root is not
//   X1Request, no or too many messages, a message whose type (xsi:type) or
//   x1TransactionId cannot be read, or a schema error outside any message. The caller
//   answers X1TopLevelErrorResponse; `detail` (if given) receives libxml2's reason.
// - Otherwise one RequestMessage per x1RequestMessage, in order: a Request, or a
//   RejectedRequest (code kSyntaxError 1010) whose reason is the first schema error in that
//   message ("line 7: Element '{...}deliveryType': [facet 'enumeration'] ...") or the
//   modelling problem (e.g. a correlationID above 2^64-1).
// Without a SchemaSet the same structural checks run on the DOM alone (for tools and
// fuzzing); with one, every message the model accepts is also schema-valid.
// Network access, DTDs and external entities are disabled. Thread-safe: no shared state
// besides the read-only SchemaSet.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "proto/base/result.h"
#include "proto/li/x1/model.h"

// libxml2's own struct tag (xmlSchema), declared here to keep libxml2's headers out.
struct _xmlSchema;  // NOLINT(bugprone-reserved-identifier)

namespace msrpgw::proto::li::x1 {

class SchemaSet {
 public:
  // `xsd_path`: an entry point such as "<dir>/X1All-3GPP.xsd". Errc kGenericError when the
  // schema cannot be read or compiled (detail receives the reason).
  static Result<std::unique_ptr<SchemaSet>> load(const std::string& xsd_path,
                                                 std::string* detail = nullptr);
  ~SchemaSet();
  SchemaSet(const SchemaSet&) = delete;
  SchemaSet& operator=(const SchemaSet&) = delete;

  // Validates a whole document; empty when valid, else the first problem.
  std::string validate(std::string_view xml) const;

  _xmlSchema* schema() const { return schema_; }

 private:
  explicit SchemaSet(_xmlSchema* s) : schema_(s) {}
  _xmlSchema* schema_;
};

struct ParseLimits {
  size_t max_bytes = 1u << 20;
  size_t max_messages = 256;
};

Result<std::vector<RequestMessage>> parseRequest(std::string_view xml, const SchemaSet* schema,
                                                 std::string* detail = nullptr,
                                                 const ParseLimits& limits = {});

}  // namespace msrpgw::proto::li::x1
