// Character classes of the MSRP grammar (RFC 4975 section 9 and the RFC 3986 / RFC 2045
// rules it borrows), shared by the URI, header-value and frame parsers.
// Thread-safe: constexpr functions.
#pragma once

namespace msrpgw::proto::msrp::chars {

// One table lookup per character instead of chains of comparisons: these run for every
// byte of every URI and header name on the data path.
namespace detail {

enum : unsigned char {
  kAlpha = 1,
  kDigit = 2,
  kUnreservedMark = 4,  // - . _ ~
  kSubDelim = 8,
  kHeaderToken = 16,
  kMimeToken = 32,
  kSessionIdMark = 64,  // + = /  (session-id = 1*( unreserved / "+" / "=" / "/" ))
  kUriParamMark = 128,  // ; = % ! * + '  (besides unreserved, in URI parameters)
};

constexpr unsigned char classOf(unsigned char c) {
  unsigned char f = 0;
  const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  const bool digit = c >= '0' && c <= '9';
  if (alpha) f |= kAlpha;
  if (digit) f |= kDigit;
  if (c == '-' || c == '.' || c == '_' || c == '~') f |= kUnreservedMark;
  switch (c) {
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=': f |= kSubDelim; break;
    default: break;
  }
  if (c == '+' || c == '=' || c == '/') f |= kSessionIdMark;
  switch (c) {
    case ';':
    case '=':
    case '%':
    case '!':
    case '*':
    case '+':
    case '\'': f |= kUriParamMark; break;
    default: break;
  }
  // RFC 4975 token (header names): %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 /
  // %x41-5A / %x5E-7E, which is RFC 7230's tchar with '{' and '}'.
  if (alpha || digit) {
    f |= kHeaderToken;
  } else {
    switch (c) {
      case '!':
      case '#':
      case '$':
      case '%':
      case '&':
      case '\'':
      case '*':
      case '+':
      case '-':
      case '.':
      case '^':
      case '_':
      case '`':
      case '{':
      case '|':
      case '}':
      case '~': f |= kHeaderToken; break;
      default: break;
    }
  }
  // RFC 2045 token: any CHAR but SP, CTLs and tspecials.
  if (c > ' ' && c < 127) {
    switch (c) {
      case '(':
      case ')':
      case '<':
      case '>':
      case '@':
      case ',':
      case ';':
      case ':':
      case '\\':
      case '"':
      case '/':
      case '[':
      case ']':
      case '?':
      case '=': break;
      default: f |= kMimeToken;
    }
  }
  return f;
}

struct Table {
  unsigned char v[256];
  constexpr Table() : v() {
    for (int c = 0; c < 256; ++c) v[c] = classOf(static_cast<unsigned char>(c));
  }
};
inline constexpr Table kTable{};

constexpr bool has(char c, unsigned char flags) {
  return (kTable.v[static_cast<unsigned char>(c)] & flags) != 0;
}

}  // namespace detail

constexpr bool isAlpha(char c) {
  return detail::has(c, detail::kAlpha);
}
constexpr bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool isAlnum(char c) {
  return detail::has(c, detail::kAlpha | detail::kDigit);
}
constexpr bool isUnreserved(char c) {
  return detail::has(c, detail::kAlpha | detail::kDigit | detail::kUnreservedMark);
}
constexpr bool isSubDelim(char c) {
  return detail::has(c, detail::kSubDelim);
}
constexpr bool isHeaderToken(char c) {
  return detail::has(c, detail::kHeaderToken);
}
// A character of an MSRP session-id (RFC 4975 section 9).
constexpr bool isSessionIdChar(char c) {
  return detail::has(
      c, detail::kAlpha | detail::kDigit | detail::kUnreservedMark | detail::kSessionIdMark);
}
// A character of the URI parameters after the transport (";" included).
constexpr bool isUriParamChar(char c) {
  return detail::has(
      c, detail::kAlpha | detail::kDigit | detail::kUnreservedMark | detail::kUriParamMark);
}
// RFC 2045 token (media types and their parameters): any CHAR but SP, CTLs, tspecials.
constexpr bool isMimeToken(char c) {
  return detail::has(c, detail::kMimeToken);
}

}  // namespace msrpgw::proto::msrp::chars
