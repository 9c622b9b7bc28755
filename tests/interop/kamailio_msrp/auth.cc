#include "tests/interop/kamailio_msrp/auth.h"

#include <openssl/evp.h>

#include <regex>

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

std::string md5Hex(const std::string& s) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(s.data(), s.size(), d, &n, EVP_md5(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    out += kHex[d[i] >> 4];
    out += kHex[d[i] & 15];
  }
  return out;
}

std::string authRequest(const std::string& tid, const std::string& to, const std::string& from,
                        const std::string& extra) {
  return "MSRP " + tid + " AUTH\r\nTo-Path: " + to + "\r\nFrom-Path: " + from + "\r\n" + extra +
         "-------" + tid + "$\r\n";
}

// Everything from the frame of `tid` up to its end-line.
std::string frameOf(const std::string& in, const std::string& tid) {
  size_t start = in.find("MSRP " + tid + " ");
  size_t end = in.find("-------" + tid + "$\r\n", start);
  if (start == std::string::npos || end == std::string::npos) return {};
  return in.substr(start, end - start);
}

}  // namespace

AuthExchange authenticate(RawClient& client, const std::string& relay_uri,
                          const std::string& from_uri) {
  AuthExchange x;
  client.send(authRequest("authTid00001", relay_uri, from_uri, ""));
  if (!client.readUntil("-------authTid00001$\r\n", 10s)) return x;
  x.challenge = frameOf(client.received(), "authTid00001");
  std::smatch m;
  if (!std::regex_search(x.challenge, m, std::regex("nonce=\"([^\"]+)\""))) return x;
  const std::string nonce = m[1];
  const std::string cnonce = "0a4f113b", nc = "00000001";
  const std::string ha1 = md5Hex("alice:localhost:secret");
  const std::string ha2 = md5Hex("AUTH:" + relay_uri);
  const std::string response = md5Hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
  const std::string authorization =
      "Authorization: Digest username=\"alice\", realm=\"localhost\", "
      "nonce=\"" +
      nonce + "\", uri=\"" + relay_uri + "\", response=\"" + response + "\", qop=auth, nc=" + nc +
      ", cnonce=\"" + cnonce + "\"\r\n";
  client.send(authRequest("authTid00002", relay_uri, from_uri, authorization));
  if (!client.readUntil("-------authTid00002$\r\n", 10s)) return x;
  x.grant = frameOf(client.received(), "authTid00002");
  if (std::regex_search(x.grant, m, std::regex(R"(Use-Path: (\S+)\r\n)"))) x.use_path = m[1];
  return x;
}

}  // namespace msrpgw::test
