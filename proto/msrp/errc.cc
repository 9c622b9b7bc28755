#include "proto/msrp/errc.h"

namespace msrpgw::proto::msrp {

uint16_t statusFor(Errc e) {
  switch (e) {
    case Errc::kBadStartLine:
    case Errc::kBadTransactionId:
    case Errc::kBadLineEnd:
    case Errc::kBadHeader:
    case Errc::kToPathNotFirst:
    case Errc::kFromPathNotSecond:
    case Errc::kDuplicateHeader:
    case Errc::kTooManyHeaders:
    case Errc::kBodyWithoutContentType:
    case Errc::kBodyInResponse:
    case Errc::kBadEndLine:
    case Errc::kBadUri:
    case Errc::kBadPath:
    case Errc::kBadMessageId:
    case Errc::kBadByteRange:
    case Errc::kBadReportValue:
    case Errc::kBadStatusHeader:
    case Errc::kBadContentType:
    case Errc::kBadExpires:
    case Errc::kMissingHeader: return 400;
    case Errc::kHeadTooLarge: return 413;
    case Errc::kEndLineInBody: return 0;
  }
  return 400;
}

const char* errcName(Errc e) {
  switch (e) {
    case Errc::kBadStartLine: return "bad_start_line";
    case Errc::kBadTransactionId: return "bad_transaction_id";
    case Errc::kBadLineEnd: return "bad_line_end";
    case Errc::kBadHeader: return "bad_header";
    case Errc::kToPathNotFirst: return "to_path_not_first";
    case Errc::kFromPathNotSecond: return "from_path_not_second";
    case Errc::kDuplicateHeader: return "duplicate_header";
    case Errc::kTooManyHeaders: return "too_many_headers";
    case Errc::kHeadTooLarge: return "head_too_large";
    case Errc::kBodyWithoutContentType: return "body_without_content_type";
    case Errc::kBodyInResponse: return "body_in_response";
    case Errc::kBadEndLine: return "bad_end_line";
    case Errc::kBadUri: return "bad_uri";
    case Errc::kBadPath: return "bad_path";
    case Errc::kBadMessageId: return "bad_message_id";
    case Errc::kBadByteRange: return "bad_byte_range";
    case Errc::kBadReportValue: return "bad_report_value";
    case Errc::kBadStatusHeader: return "bad_status_header";
    case Errc::kBadContentType: return "bad_content_type";
    case Errc::kBadExpires: return "bad_expires";
    case Errc::kEndLineInBody: return "end_line_in_body";
    case Errc::kMissingHeader: return "missing_header";
  }
  return "unknown";
}

}  // namespace msrpgw::proto::msrp
