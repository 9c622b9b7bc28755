#include "proto/h248/errc.h"

namespace msrpgw::proto::h248 {

const char* errcText(Errc e) {
  switch (e) {
    case Errc::kBadRequest: return "Bad Request";
    case Errc::kProtocolError: return "Protocol Error";
    case Errc::kUnauthorized: return "Unauthorized";
    case Errc::kSyntaxErrorInTransaction: return "Syntax error in transaction";
    case Errc::kVersionNotSupported: return "Version Not Supported";
    case Errc::kIncorrectIdentifier: return "Incorrect identifier";
    case Errc::kUnknownContextId: return "The transaction refers to an unknown ContextID";
    case Errc::kNoContextIdsAvailable: return "No ContextIDs available";
    case Errc::kUnknownAction: return "Unknown action or illegal combination of actions";
    case Errc::kSyntaxErrorInAction: return "Syntax Error in Action";
    case Errc::kUnknownTermination: return "Unknown TerminationID";
    case Errc::kNoTerminationMatched: return "No TerminationID matched a wildcard";
    case Errc::kOutOfTerminationIds: return "Out of TerminationIDs or No TerminationID available";
    case Errc::kTerminationInContext: return "TerminationID is already in a Context";
    case Errc::kMaxTerminationsPerContext:
      return "Max number of Terminations in a Context exceeded";
    case Errc::kTerminationNotInContext: return "Termination ID is not in specified Context";
    case Errc::kUnsupportedPackage: return "Unsupported or unknown Package";
    case Errc::kMissingLocalOrRemote: return "Missing Remote or Local Descriptor";
    case Errc::kSyntaxErrorInCommand: return "Syntax Error in Command";
    case Errc::kUnsupportedCommand: return "Unsupported or Unknown Command";
    case Errc::kUnsupportedDescriptor: return "Unsupported or Unknown Descriptor";
    case Errc::kUnsupportedProperty: return "Unsupported or Unknown Property";
    case Errc::kUnsupportedParameter: return "Unsupported or Unknown Parameter";
    case Errc::kDescriptorNotLegal: return "Descriptor not legal in this command";
    case Errc::kDescriptorTwice: return "Descriptor appears twice in a command";
    case Errc::kUnsupportedValue: return "Unsupported or Unknown Parameter or Property Value";
    case Errc::kNoSuchProperty: return "No such property in this package";
    case Errc::kNoSuchEvent: return "No such event in this package";
    case Errc::kNoSuchSignal: return "No such signal in this package";
    case Errc::kNoSuchStatistic: return "No such statistic in this package";
    case Errc::kNoSuchParameter: return "No such parameter value in this package";
    case Errc::kPropertyIllegalInDescriptor: return "Property illegal in this Descriptor";
    case Errc::kPropertyTwice: return "Property appears twice in this Descriptor";
    case Errc::kMissingParameter: return "Missing parameter in signal or event";
    case Errc::kUnexpectedRequestId: return "Unexpected Event/Request ID";
    case Errc::kSegmentsNotReceived: return "Segments not received";
    case Errc::kInternalError: return "Internal software Failure in the MG";
    case Errc::kNotImplemented: return "Not Implemented";
    case Errc::kNotReady: return "Not ready";
    case Errc::kServiceUnavailable: return "Service Unavailable";
    case Errc::kUnauthorizedEntity: return "Command Received from unauthorized entity";
    case Errc::kBeforeServiceChangeReply:
      return "Transaction Request Received before a Service Change Reply has been received";
    case Errc::kPendingLimitExceeded: return "Number of Transaction Pendings Exceeded";
    case Errc::kInsufficientResources: return "Insufficient resources";
    case Errc::kUnequippedToDetectEvent:
      return "Media Gateway unequipped to detect requested Event";
    case Errc::kUnequippedToGenerateSignal:
      return "Media Gateway unequipped to generate requested Signals";
    case Errc::kUnsupportedMediaType: return "Unsupported Media Type";
    case Errc::kUnsupportedMode: return "Unsupported or invalid mode";
    case Errc::kTerminationServiceChanging: return "Termination is ServiceChangeing";
    case Errc::kInsufficientBandwidth: return "Insufficient bandwidth";
    case Errc::kTemporaryNetworkFailure: return "Temporary Network failure";
    case Errc::kPermanentNetworkFailure: return "Permanent Network failure";
    case Errc::kAuditedItemMissing:
      return "Audited Property, Statistic, Event or Signal does not exist";
    case Errc::kResponseTooLarge: return "Response exceeds maximum transport PDU size";
  }
  return "Unknown error";
}

}  // namespace msrpgw::proto::h248
