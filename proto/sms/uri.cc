#include "proto/sms/uri.h"

#include "proto/base/bytes.h"

namespace msrpgw::proto::sms {
namespace {

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("-_.!~*'()&=+$,;?/").find(c) != std::string_view::npos;
}

std::string percentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    if (unreserved(c)) {
      out += c;
    } else {
      auto b = static_cast<uint8_t>(c);
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = asciiLower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

Result<std::string> percentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return error(Errc::kBadUri, "bad percent escape in URI");
    int hi = hexValue(s[i + 1]), lo = hexValue(s[i + 2]);
    if (hi < 0 || lo < 0) return error(Errc::kBadUri, "bad percent escape in URI");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// "+4670-825-1358" style number; `local_extras` lets a local number hold * # a b c.
// (leading '+' optional) to an Address.
Result<Address> numberToAddress(std::string_view number, bool local_extras) {
  Address a;
  a.npi = Npi::kIsdn;
  if (!number.empty() && number.front() == '+') {
    a.ton = Ton::kInternational;
    number.remove_prefix(1);
  }
  for (char c : number) {
    if (c >= '0' && c <= '9') {
      a.value += c;
    } else if (c == '-' || c == '.' || c == '(' || c == ')') {
      continue;
    } else if (local_extras && a.ton != Ton::kInternational && digitNibble(c) >= 10) {
      a.value += static_cast<char>(asciiLower(c));
    } else {
      return error(Errc::kBadUri, "URI number holds a character no SMS address can carry");
    }
  }
  if (a.value.empty()) return error(Errc::kBadUri, "URI has no number");
  if (a.value.size() > kMaxAddressDigits) return error(Errc::kBadUri, "URI number over 20 digits");
  return a;
}

}  // namespace

Result<std::string> addressToUri(const Address& a, const UriContext& ctx) {
  if (a.ton == Ton::kAlphanumeric) {
    if (ctx.domain.empty())
      return error(Errc::kBadAddress, "alphanumeric address needs a SIP domain");
    return "sip:" + percentEncode(a.value) + "@" + ctx.domain;
  }
  if (a.value.empty()) return error(Errc::kBadAddress, "empty address");
  if (a.ton == Ton::kInternational) return "tel:+" + a.value;
  if (ctx.phone_context.empty())
    return error(Errc::kBadAddress, "local number needs a phone-context");
  return "tel:" + a.value + ";phone-context=" + ctx.phone_context;
}

Result<Address> uriToAddress(std::string_view uri) {
  uri = trimSpaces(uri);
  if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>')
    uri = uri.substr(1, uri.size() - 2);
  size_t colon = uri.find(':');
  if (colon == std::string_view::npos) return error(Errc::kBadUri, "URI without a scheme");
  std::string_view scheme = uri.substr(0, colon);
  std::string_view rest = uri.substr(colon + 1);
  if (iequals(scheme, "tel")) {
    std::string_view number = rest.substr(0, rest.find(';'));
    return numberToAddress(number, true);
  }
  if (iequals(scheme, "sip") || iequals(scheme, "sips")) {
    size_t at_sign = rest.find('@');
    if (at_sign == std::string_view::npos)
      return error(Errc::kBadUri, "SIP URI without a user part");
    std::string_view user = rest.substr(0, at_sign);
    user = user.substr(0, user.find(';'));  // user parameters (RFC 3966 in the user part)
    user = user.substr(0, user.find(':'));  // a password, should there be one
    MSRPGW_SMS_TRY(std::string decoded, percentDecode(user));
    return numberToAddress(decoded, false);
  }
  return error(Errc::kBadUri, "URI scheme is not tel, sip or sips");
}

}  // namespace msrpgw::proto::sms
