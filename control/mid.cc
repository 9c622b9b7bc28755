#include "control/mid.h"

#include "proto/h248/peek.h"

namespace msrpgw::control {

namespace {
bool isAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
}  // namespace

std::optional<proto::h248::MId> parseMid(const std::string& text) {
  if (text.empty() || text.size() > 256) return std::nullopt;
  for (char c : text) {
    // One token: separators or a comment would end the mId early.
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';') return std::nullopt;
  }
  auto head = proto::h248::peekHeader("MEGACO/3 " + text + " T=1{C=-{AV=ROOT}}");
  if (!head.ok() || head.value().first_kind != proto::h248::TransactionKind::kRequest ||
      head.value().first_id != 1u) {
    return std::nullopt;
  }
  return head.value().mid;
}

bool isProfileName(const std::string& name) {
  if (name.empty() || name.size() > 64 || !isAlpha(name[0])) return false;
  for (char c : name) {
    if (!isAlpha(c) && !isDigit(c) && c != '_') return false;
  }
  return true;
}

}  // namespace msrpgw::control
