// Character classes of the MSRP grammar (RFC 4975 section 9 and the RFC 3986 / RFC 2045
// rules it borrows), shared by the URI, header-value and frame parsers.
// Thread-safe: constexpr functions.
#pragma once

namespace msrpgw::proto::msrp::chars {

constexpr bool isAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool isAlnum(char c) {
  return isAlpha(c) || isDigit(c);
}
// RFC 3986 unreserved.
constexpr bool isUnreserved(char c) {
  return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
// RFC 3986 sub-delims.
constexpr bool isSubDelim(char c) {
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
    case '=': return true;
    default: return false;
  }
}
// RFC 4975 token (header names): ALPHA / DIGIT / "!#$%&'*+-.^_`|~".
constexpr bool isHeaderToken(char c) {
  if (isAlnum(c)) return true;
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
    case '|':
    case '~': return true;
    default: return false;
  }
}
// RFC 2045 token (media types and their parameters): any CHAR but SP, CTLs, tspecials.
constexpr bool isMimeToken(char c) {
  if (c <= ' ' || c >= 127) return false;
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
    case '=': return false;
    default: return true;
  }
}

}  // namespace msrpgw::proto::msrp::chars
