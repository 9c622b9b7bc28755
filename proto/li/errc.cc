#include "proto/li/errc.h"

namespace msrpgw::proto::li {

const char* errcName(Errc e) {
  switch (e) {
    case Errc::kTruncated: return "truncated";
    case Errc::kUnsupportedVersion: return "unsupported_version";
    case Errc::kUnknownPduType: return "unknown_pdu_type";
    case Errc::kBadHeaderLength: return "bad_header_length";
    case Errc::kHeaderTooLarge: return "header_too_large";
    case Errc::kPayloadTooLarge: return "payload_too_large";
    case Errc::kUnknownPayloadFormat: return "unknown_payload_format";
    case Errc::kFormatNotPermitted: return "format_not_permitted";
    case Errc::kBadPayloadDirection: return "bad_payload_direction";
    case Errc::kAttributeTruncated: return "attribute_truncated";
    case Errc::kBadAttributeLength: return "bad_attribute_length";
    case Errc::kBadAttributeValue: return "bad_attribute_value";
    case Errc::kBadKeepalive: return "bad_keepalive";
    case Errc::kAttributeValueKind: return "attribute_value_kind";
    case Errc::kAttributeTooLong: return "attribute_too_long";
    case Errc::kTrailingBytes: return "trailing_bytes";
    case Errc::kGenericError: return "generic_error";
    case Errc::kSyntaxError: return "syntax_error";
    case Errc::kUnsupportedX1Version: return "unsupported_x1_version";
    case Errc::kAdmfIdCertMismatch: return "admf_id_cert_mismatch";
    case Errc::kUnexpectedAdmfId: return "unexpected_admf_id";
    case Errc::kNeIdCertMismatch: return "ne_id_cert_mismatch";
    case Errc::kUnexpectedNeId: return "unexpected_ne_id";
    case Errc::kKeepaliveNotSupported: return "keepalive_not_supported";
    case Errc::kUnsupportedRequest: return "unsupported_request";
    case Errc::kXidExists: return "xid_exists";
    case Errc::kXidDoesNotExist: return "xid_does_not_exist";
    case Errc::kDidExists: return "did_exists";
    case Errc::kDidDoesNotExist: return "did_does_not_exist";
    case Errc::kObjectIdExists: return "object_id_exists";
    case Errc::kObjectIdDoesNotExist: return "object_id_does_not_exist";
    case Errc::kActivateTaskFailed: return "activate_task_failed";
    case Errc::kModifyTaskFailed: return "modify_task_failed";
    case Errc::kUnsupportedTargetType: return "unsupported_target_type";
    case Errc::kUnsupportedTargetCombination: return "unsupported_target_combination";
    case Errc::kMultipleDestinationsNotSupported: return "multiple_destinations_not_supported";
    case Errc::kBadDeliveryTypeForDestinations: return "bad_delivery_type_for_destinations";
    case Errc::kUnsupportedServiceType: return "unsupported_service_type";
    case Errc::kDeactivateTaskFailed: return "deactivate_task_failed";
    case Errc::kDeactivateAllTasksFailed: return "deactivate_all_tasks_failed";
    case Errc::kDeactivateAllTasksNotEnabled: return "deactivate_all_tasks_not_enabled";
    case Errc::kCreateDestinationFailed: return "create_destination_failed";
    case Errc::kModifyDestinationFailed: return "modify_destination_failed";
    case Errc::kUnsupportedDeliveryAddress: return "unsupported_delivery_address";
    case Errc::kRemoveDestinationFailed: return "remove_destination_failed";
    case Errc::kDestinationInUse: return "destination_in_use";
    case Errc::kRemoveAllDestinationsRefused: return "remove_all_destinations_refused";
    case Errc::kRemoveAllDestinationsNotEnabled: return "remove_all_destinations_not_enabled";
  }
  return "?";
}

const char* x1ErrorDescription(Errc e) {
  switch (e) {
    case Errc::kGenericError: return "Generic error";
    case Errc::kSyntaxError: return "Syntax error or schema validation failure";
    case Errc::kUnsupportedX1Version: return "Unsupported version";
    case Errc::kAdmfIdCertMismatch: return "ADMF identifier does not match certificate";
    case Errc::kUnexpectedAdmfId: return "Unexpected ADMF identifier";
    case Errc::kNeIdCertMismatch: return "NE identifier does not match certificate";
    case Errc::kUnexpectedNeId: return "Unexpected NE identifier";
    case Errc::kKeepaliveNotSupported: return "Keepalive not supported";
    case Errc::kUnsupportedRequest: return "Unsupported request";
    case Errc::kXidExists: return "XID already exists";
    case Errc::kXidDoesNotExist: return "XID does not exist";
    case Errc::kDidExists: return "DID already exists";
    case Errc::kDidDoesNotExist: return "DID does not exist";
    case Errc::kObjectIdExists: return "Generic object identifier already exists";
    case Errc::kObjectIdDoesNotExist: return "Generic object identifier does not exist";
    case Errc::kActivateTaskFailed: return "ActivateTask failed";
    case Errc::kModifyTaskFailed: return "ModifyTask failed";
    case Errc::kUnsupportedTargetType: return "Unsupported target identifier type";
    case Errc::kUnsupportedTargetCombination:
      return "Unsupported combination of target identifiers";
    case Errc::kMultipleDestinationsNotSupported: return "Multiple destinations not supported";
    case Errc::kBadDeliveryTypeForDestinations:
      return "Invalid combination of deliveryType and destinations";
    case Errc::kUnsupportedServiceType: return "Unsupported service type";
    case Errc::kDeactivateTaskFailed: return "DeactivateTask failed";
    case Errc::kDeactivateAllTasksFailed: return "DeactivateAllTasks failed";
    case Errc::kDeactivateAllTasksNotEnabled: return "DeactivateAllTasks not enabled";
    case Errc::kCreateDestinationFailed: return "CreateDestination failed";
    case Errc::kModifyDestinationFailed: return "ModifyDestination failed";
    case Errc::kUnsupportedDeliveryAddress: return "Unsupported deliveryAddress type";
    case Errc::kRemoveDestinationFailed: return "RemoveDestination failed";
    case Errc::kDestinationInUse: return "Destination in use";
    case Errc::kRemoveAllDestinationsRefused:
      return "RemoveAllDestinations refused: destination in use";
    case Errc::kRemoveAllDestinationsNotEnabled: return "RemoveAllDestinations not enabled";
    case Errc::kTruncated:
    case Errc::kUnsupportedVersion:
    case Errc::kUnknownPduType:
    case Errc::kBadHeaderLength:
    case Errc::kHeaderTooLarge:
    case Errc::kPayloadTooLarge:
    case Errc::kUnknownPayloadFormat:
    case Errc::kFormatNotPermitted:
    case Errc::kBadPayloadDirection:
    case Errc::kAttributeTruncated:
    case Errc::kBadAttributeLength:
    case Errc::kBadAttributeValue:
    case Errc::kBadKeepalive:
    case Errc::kAttributeValueKind:
    case Errc::kAttributeTooLong:
    case Errc::kTrailingBytes: return "Generic error";
  }
  return "Generic error";
}

}  // namespace msrpgw::proto::li
