// A command or transaction failure as the MG answers it: an H.248 error code and a text
// naming what failed (the item, the value), for the Error descriptor.
// Thread-safe: a plain value.
#pragma once

#include <optional>
#include <string>

#include "proto/h248/ast.h"
#include "proto/h248/errc.h"

namespace msrpgw::control {

struct Failure {
  proto::h248::Errc code = proto::h248::Errc::kInternalError;
  std::string text;

  proto::h248::ErrorDescriptor descriptor() const { return {static_cast<uint16_t>(code), text}; }
};

// nullopt is success.
using Check = std::optional<Failure>;

inline Failure fail(proto::h248::Errc code, std::string text) {
  return Failure{code, std::move(text)};
}

}  // namespace msrpgw::control
