// The imdn.Disposition-Notification CPIM header (RFC 5438 §6.2): a comma-separated list
// of the notifications the sender asks for. Parsing never fails: unknown tokens are
// ignored (as RFC 5438 asks of recipients) and counted in `unknown`.
// Thread-safe: plain values and functions of their arguments.
#pragma once

#include <string>
#include <string_view>

namespace msrpgw::proto::cpim {

struct DispositionRequest {
  bool positive_delivery = false;
  bool negative_delivery = false;
  bool display = false;
  bool processing = false;
  unsigned unknown = 0;
  bool operator==(const DispositionRequest&) const = default;
  bool any() const { return positive_delivery || negative_delivery || display || processing; }
};

DispositionRequest parseDispositionNotification(std::string_view value);
// "positive-delivery, negative-delivery, display, processing" (only those set).
std::string formatDispositionNotification(const DispositionRequest& r);

}  // namespace msrpgw::proto::cpim
