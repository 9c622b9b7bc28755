#include "control/transport/tpkt.h"

namespace msrpgw::control::transport {

std::string tpktFrame(std::string_view payload) {
  if (payload.size() > kTpktMaxPayload) payload = payload.substr(0, kTpktMaxPayload);
  size_t len = payload.size() + kTpktHeader;
  std::string out;
  out.reserve(len);
  out.push_back(3);
  out.push_back(0);
  out.push_back(static_cast<char>((len >> 8) & 0xff));
  out.push_back(static_cast<char>(len & 0xff));
  out.append(payload);
  return out;
}

TpktDeframer::Status TpktDeframer::feed(std::string_view bytes,
                                        const std::function<void(std::string_view)>& on_payload) {
  if (status_ != Status::kOk) return status_;
  buf_.append(bytes);
  size_t pos = 0;
  while (buf_.size() - pos >= kTpktHeader) {
    const auto* h = reinterpret_cast<const unsigned char*>(buf_.data() + pos);
    if (h[0] != 3) {
      status_ = Status::kBadVersion;
      break;
    }
    size_t len = (static_cast<size_t>(h[2]) << 8) | h[3];
    if (len <= kTpktHeader) {
      status_ = Status::kBadLength;
      break;
    }
    if (buf_.size() - pos < len) break;
    on_payload(std::string_view(buf_.data() + pos + kTpktHeader, len - kTpktHeader));
    pos += len;
  }
  buf_.erase(0, pos);
  return status_;
}

}  // namespace msrpgw::control::transport
