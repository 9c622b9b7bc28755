// H.248 text (Annex B) lexical layer: the keyword table (long and short forms,
// case-insensitive) and a cursor that reads words (runs of SafeChars), quoted strings and
// the raw octet strings of Local/Remote and DigitMap bodies, skipping white space, line
// ends and ';' comments wherever the grammar allows a separator.
// Thread-safe: Scanner is a plain cursor over the caller's text (owner: whoever made it);
// the returned string_views point into that text and live as long as it does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace msrpgw::proto::h248 {

// Every keyword of the grammar that the codec reads or writes.
enum class Tok : uint8_t {
  kNone,  // not a keyword
  kAdd,
  kAndLogic,
  kAudit,
  kAuditCapability,
  kAuditValue,
  kBoth,
  kBothway,
  kBrief,
  kBuffer,
  kContext,
  kContextAudit,
  kContextAttr,
  kContextList,
  kDelay,
  kDigitMap,
  kDirection,
  kDisconnected,
  kDuration,
  kEmbed,
  kEmergency,
  kEmergencyOff,
  kEmergencyValue,
  kEnd,
  kError,
  kEventBuffer,
  kEvents,
  kExternal,
  kFailover,
  kForced,
  kGraceful,
  kHandOff,
  kIeps,
  kImmAckRequired,
  kInactive,
  kInService,
  kInternal,
  kIntersignal,
  kInterruptByEvent,
  kInterruptByNewSignals,
  kIsolate,
  kIteration,
  kKeepActive,
  kLocal,
  kLocalControl,
  kLockStep,
  kLoopback,
  kMedia,
  kMethod,
  kMgcIdToTry,
  kMode,
  kModem,
  kModify,
  kMove,
  kMtp,
  kMux,
  kNeverNotify,
  kNotify,
  kNotifyCompletion,
  kNotifyImmediate,
  kNotifyRegulated,
  kObservedEvents,
  kOff,
  kOn,
  kOnOff,
  kOneway,
  kOnewayBoth,
  kOnewayExternal,
  kOrLogic,
  kOtherReason,
  kOutOfService,
  kPackages,
  kPending,
  kPriority,
  kProfile,
  kReason,
  kRecvOnly,
  kRemote,
  kReply,
  kRequestId,
  kReservedGroup,
  kReservedValue,
  kResetEvents,
  kResponseAck,
  kRestart,
  kSegment,
  kSendOnly,
  kSendRecv,
  kServiceChange,
  kServiceChangeAddress,
  kServiceChangeInc,
  kServiceStates,
  kServices,
  kSignalList,
  kSignals,
  kSignalType,
  kStatistics,
  kStream,
  kSubtract,
  kTerminationState,
  kTest,
  kTimeOut,
  kTopology,
  kTransaction,
  kVersion,
  kCount,  // number of entries; not a keyword
};

// The keyword a word spells (long or short form, any case), or Tok::kNone.
Tok classify(std::string_view word);

// Short (compact) form, e.g. "MF".
const char* shortName(Tok t);
// Long form for the pretty encoder, e.g. "Modify". Where Erlang megaco 4.4 does not accept
// the ITU long form (Iteration, EmergencyOff before v3), the form it does accept.
const char* longName(Tok t);

// SafeChar of the ABNF: ALPHA, DIGIT and + - & ! _ / ' ? @ ^ ` ~ * $ \ ( ) % | .
bool isSafeChar(char c);

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::string_view text() const { return text_; }
  size_t pos() const { return pos_; }
  void setPos(size_t p) { pos_ = p; }

  // Skips white space (SP, HTAB, CR, LF) and ';' comments up to the line end.
  void skipSep();
  // True when a separator (or the end) follows the current position, without moving.
  bool atSep() const;
  // Next significant byte after skipSep(), or '\0' at the end; does not consume it.
  char peek();
  // skipSep(); consumes `c` if it is next.
  bool accept(char c);
  // skipSep(); the run of SafeChars that follows (empty if none). Consumed.
  std::string_view word();
  // skipSep(); a "quoted string" (without the quotes). Returns false, position unchanged,
  // when no quote follows; false with position at the bad byte when the string is not
  // closed on its line or holds a control byte.
  bool quoted(std::string_view* out);
  // No skipping: everything up to the next '}' not escaped by '\', which is not consumed.
  // Returns false when the text ends first.
  bool rawUntilBrace(std::string_view* out);
  bool atEnd();

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace msrpgw::proto::h248
