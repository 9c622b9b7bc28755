// H.248.1 / H.248.8 error codes. Each value is the code the MG puts in its Error
// descriptor; errcText() gives the standard text. The parser returns the syntax codes
// (400, 401, 403, 406, 422, 442); the MG uses the rest.
// Thread-safe: constants and pure functions.
#pragma once

#include <cstdint>

#include "proto/base/error.h"

namespace msrpgw::proto::h248 {

enum class Errc : uint16_t {
  kBadRequest = 400,
  kProtocolError = 401,
  kUnauthorized = 402,
  kSyntaxErrorInTransaction = 403,
  kVersionNotSupported = 406,
  kIncorrectIdentifier = 410,
  kUnknownContextId = 411,
  kNoContextIdsAvailable = 412,
  kUnknownAction = 421,
  kSyntaxErrorInAction = 422,
  kUnknownTermination = 430,
  kNoTerminationMatched = 431,
  kOutOfTerminationIds = 432,
  kTerminationInContext = 433,
  kMaxTerminationsPerContext = 434,
  kTerminationNotInContext = 435,
  kUnsupportedPackage = 440,
  kMissingLocalOrRemote = 441,
  kSyntaxErrorInCommand = 442,
  kUnsupportedCommand = 443,
  kUnsupportedDescriptor = 444,
  kUnsupportedProperty = 445,
  kUnsupportedParameter = 446,
  kDescriptorNotLegal = 447,
  kDescriptorTwice = 448,
  kUnsupportedValue = 449,
  kNoSuchProperty = 450,
  kNoSuchEvent = 451,
  kNoSuchSignal = 452,
  kNoSuchStatistic = 453,
  kNoSuchParameter = 454,
  kPropertyIllegalInDescriptor = 455,
  kPropertyTwice = 456,
  kMissingParameter = 457,
  kUnexpectedRequestId = 458,
  kSegmentsNotReceived = 459,
  kInternalError = 500,
  kNotImplemented = 501,
  kNotReady = 502,
  kServiceUnavailable = 503,
  kUnauthorizedEntity = 504,
  kBeforeServiceChangeReply = 505,
  kPendingLimitExceeded = 506,
  kInsufficientResources = 510,
  kUnequippedToDetectEvent = 512,
  kUnequippedToGenerateSignal = 513,
  kUnsupportedMediaType = 515,
  kUnsupportedMode = 517,
  kTerminationServiceChanging = 521,
  kInsufficientBandwidth = 526,
  kTemporaryNetworkFailure = 530,
  kPermanentNetworkFailure = 531,
  kAuditedItemMissing = 532,
  kResponseTooLarge = 533,
};

// Standard text of a code ("Syntax error in command"), for Error descriptors and logs.
const char* errcText(Errc e);

inline Error makeError(Errc e, const char* reason, uint32_t offset = kNoOffset) {
  return Error{Domain::kH248, static_cast<uint16_t>(e), reason, offset};
}

}  // namespace msrpgw::proto::h248
