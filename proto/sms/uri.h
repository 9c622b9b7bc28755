// TP-OA / TP-DA <-> tel: and sip: URIs for the SMS interworking.
//   SMS -> URI: international numbers become "tel:+<digits>"; other numbers become
//   "tel:<digits>;phone-context=<context>" (RFC 3966 needs a context for local numbers);
//   alphanumeric originators become "sip:<percent-encoded text>@<domain>".
//   URI -> SMS: "tel:+..." and "sip:+...@host" (with or without user=phone) give an
//   international E.164 number; "tel:<digits>;phone-context=..." and a SIP user part of
//   digits give TON unknown / NPI E.164. Visual separators (-.()) are dropped.
// Thread-safe: functions of their arguments only.
#pragma once

#include <string>
#include <string_view>

#include "proto/base/result.h"
#include "proto/sms/address.h"

namespace msrpgw::proto::sms {

struct UriContext {
  std::string phone_context;  // for non-international numbers, e.g. "+46" or "ims.example"
  std::string domain;         // for alphanumeric originators
};

// kBadAddress when a local number has no phone_context or an alphanumeric one no domain.
Result<std::string> addressToUri(const Address& a, const UriContext& ctx);

// Accepts the URI bare or in angle brackets. kBadUri when it is no tel:/sip:/sips: URI,
// its number is empty, over 20 digits or holds other characters.
Result<Address> uriToAddress(std::string_view uri);

}  // namespace msrpgw::proto::sms
