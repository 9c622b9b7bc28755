// RFC 4976 AUTH from a raw client to kamailio's relay in the reference configuration's
// AUTH mode (digest, any user, password "secret", realm "localhost", qop=auth, uri = the
// To-Path URI): the unauthenticated AUTH, the 401 challenge, the AUTH with credentials,
// and the relay's answer with Use-Path.
#pragma once

#include <string>

#include "tests/integration/msrp_tool/harness.h"

namespace msrpgw::test {

struct AuthExchange {
  std::string challenge;  // the relay's answer to the AUTH without credentials
  std::string grant;      // its answer to the AUTH with credentials
  std::string use_path;   // the Use-Path URI granted, empty when none
};

// Runs both AUTH transactions on `client`, connected to the relay at `relay_uri`.
AuthExchange authenticate(RawClient& client, const std::string& relay_uri,
                          const std::string& from_uri);

}  // namespace msrpgw::test
