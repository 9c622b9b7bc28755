#include "proto/base/error.h"

namespace msrpgw {

const char* domainName(Domain d) {
  switch (d) {
    case Domain::kMsrp: return "msrp";
    case Domain::kH248: return "h248";
    case Domain::kSdp: return "sdp";
    case Domain::kCpim: return "cpim";
    case Domain::kSms: return "sms";
    case Domain::kLi: return "li";
    case Domain::kConfig: return "config";
    case Domain::kSys: return "sys";
    case Domain::kMedia: return "media";
  }
  return "?";
}

std::string describe(const Error& e) {
  std::string s = domainName(e.domain);
  s += ' ';
  s += std::to_string(e.code);
  if (e.offset != kNoOffset) {
    s += " at ";
    s += std::to_string(e.offset);
  }
  s += ": ";
  s += e.reason;
  return s;
}

}  // namespace msrpgw
