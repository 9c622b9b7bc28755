// Incremental SHA-256 (OpenSSL EVP) for received and sent message bodies.
// Owner: whoever holds it. Not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "proto/base/bytes.h"

struct evp_md_ctx_st;

namespace msrpgw::tools::msrp {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  void update(ByteView bytes);
  void update(std::string_view s) { update(asBytes(s)); }
  // Lower-case hex digest; the object must not be updated afterwards.
  std::string finishHex();

 private:
  evp_md_ctx_st* ctx_;
};

}  // namespace msrpgw::tools::msrp
