#include "proto/sdp/errc.h"

namespace msrpgw::proto::sdp {

const char* errcName(Errc e) {
  switch (e) {
    case Errc::kSyntax: return "syntax";
    case Errc::kNoMessageMedia: return "no_message_media";
    case Errc::kBadTransport: return "bad_transport";
    case Errc::kBadPath: return "bad_path";
    case Errc::kBadSetup: return "bad_setup";
    case Errc::kBadConnection: return "bad_connection";
    case Errc::kBadAcceptTypes: return "bad_accept_types";
    case Errc::kBadMaxSize: return "bad_max_size";
    case Errc::kBadDirection: return "bad_direction";
    case Errc::kConflict: return "conflict";
    case Errc::kActpassInAnswer: return "actpass_in_answer";
    case Errc::kChooseLeft: return "choose_left";
    case Errc::kUnwritable: return "unwritable";
  }
  return "unknown";
}

uint16_t h248CodeFor(Errc e) {
  switch (e) {
    case Errc::kSyntax: return 442;
    case Errc::kNoMessageMedia:
    case Errc::kBadTransport: return 515;
    case Errc::kBadPath:
    case Errc::kBadSetup:
    case Errc::kBadConnection:
    case Errc::kBadAcceptTypes:
    case Errc::kBadMaxSize:
    case Errc::kBadDirection:
    case Errc::kConflict: return 449;
    case Errc::kActpassInAnswer:
    case Errc::kChooseLeft:
    case Errc::kUnwritable: return 0;
  }
  return 0;
}

}  // namespace msrpgw::proto::sdp
