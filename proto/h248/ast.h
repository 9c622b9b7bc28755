// The H.248.1 (Megaco) message model for the text encoding (Annex B), versions 1 to 3.
// Parsers fill it, encoders write it, the MG reads and builds it. The shape follows the
// ASN.1 of H.248.1 Annex A (as Erlang/OTP megaco's records do): parameters whose order
// carries no meaning are struct fields, ordered lists stay vectors, so two messages that
// mean the same compare equal with operator== whatever order their text used.
// Thread-safe: plain values. Every string is owned; nothing points into the parsed input.
//
// Names (package items, termination ids, values) keep the case they were written in;
// H.248 compares them case-insensitively (see foldCase() in canonical.h for comparing two
// messages the way Erlang megaco does: it lower-cases every unquoted name on decode).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace msrpgw::proto::h248 {

// Context ids as on the wire: 0 is the NULL context ("-"), the two top values are CHOOSE
// ("$") and ALL ("*") — the values ITU-T H.248.1 Annex A and Erlang megaco use.
inline constexpr uint32_t kNullContext = 0;
inline constexpr uint32_t kChooseContext = 0xFFFFFFFE;
inline constexpr uint32_t kAllContext = 0xFFFFFFFF;

// Message identifier of the sender.
struct MId {
  enum class Kind : uint8_t {
    kIp4,     // [192.0.2.1]:2944 — address holds "192.0.2.1"
    kIp6,     // [2001:db8::1]:2944 — address holds "2001:db8::1"
    kDomain,  // <mg.example.net>:2944 — address holds "mg.example.net"
    kDevice,  // mg1/a — address holds the path name; never a port
    kMtp,     // MTP{0A1B} — address holds the hex digits; never a port
  };
  Kind kind = Kind::kDevice;
  std::string address;
  std::optional<uint16_t> port;
  bool operator==(const MId&) const = default;
};

struct ErrorDescriptor {
  uint16_t code = 0;
  std::optional<std::string> text;  // the quoted text, without quotes
  bool operator==(const ErrorDescriptor&) const = default;
};

// pkgdName followed by a value: "nt/jit=40", "a/b>5", "x/y={1,2}" (alternatives),
// "x/y=[1,2]" (all of them), "x/y=[1:9]" (range). Also used for event, signal and
// observed-event parameters and ServiceChange extensions. Values carry no quotes: the
// encoder quotes any value that is not made of SafeChars only.
struct Parm {
  enum class Relation : uint8_t { kEqual, kGreater, kLess, kNotEqual };
  enum class Form : uint8_t {
    kSingle,        // name=v (also name>v, name<v, name#v)
    kAlternatives,  // name={a,b}
    kSublist,       // name=[a,b]
    kRange,         // name=[a:b]
  };
  std::string name;
  Relation relation = Relation::kEqual;
  Form form = Form::kSingle;
  // Exactly 1 for kSingle, 2 for kRange, >= 1 otherwise. Only in individual audits
  // (IndAud* below) a kSingle Parm may have none: the bare name ("nt/jit": report it).
  std::vector<std::string> values;
  bool operator==(const Parm&) const = default;
};

enum class StreamMode : uint8_t { kSendOnly, kRecvOnly, kSendRecv, kInactive, kLoopback };

struct LocalControl {
  std::optional<StreamMode> mode;
  std::optional<bool> reserve_value;  // ReservedValue = ON / OFF
  std::optional<bool> reserve_group;  // ReservedGroup = ON / OFF
  std::vector<Parm> props;
  bool operator==(const LocalControl&) const = default;
};

// Statistics item: "nt/os=1200", "nt/dur" (no value) or v3 "x/y=[1,2]".
struct Statistic {
  std::string name;
  std::vector<std::string> values;  // empty: the name only
  bool operator==(const Statistic&) const = default;
};

// Local and Remote hold SDP text. The parser keeps it as lines: each line trimmed of
// surrounding blanks, blank lines dropped, every line ended by CRLF (so "v=0\r\nc=...\r\n").
// The encoders write it verbatim after "L{" CRLF, never indented.
struct StreamParms {
  std::optional<LocalControl> local_control;
  std::optional<std::string> local;
  std::optional<std::string> remote;
  std::optional<std::vector<Statistic>> statistics;
  bool operator==(const StreamParms&) const = default;
};

struct Stream {
  uint16_t id = 0;
  StreamParms parms;
  bool operator==(const Stream&) const = default;
};

enum class ServiceState : uint8_t { kTest, kOutOfService, kInService };
enum class EventBufferControl : uint8_t { kOff, kLockStep };

struct TerminationState {
  std::vector<Parm> props;
  std::optional<EventBufferControl> buffer;
  std::optional<ServiceState> service_state;
  bool operator==(const TerminationState&) const = default;
};

// Media { TS{..}, ST=1{..}, ST=2{..} } or, without Stream, Media { O{..}, L{..} }.
struct MediaDescriptor {
  std::optional<TerminationState> termination_state;
  std::optional<StreamParms> one_stream;  // stream parms written without "Stream ="
  std::vector<Stream> streams;            // never both this and one_stream
  bool operator==(const MediaDescriptor&) const = default;
};

// Modem = V18 / Modem [V18, V22] with optional {props}.
struct ModemDescriptor {
  std::vector<std::string> types;  // token text as written (V18, V22b, X-foo)
  std::vector<Parm> props;
  bool operator==(const ModemDescriptor&) const = default;
};

// Mux = H221 { t1, t2 }.
struct MuxDescriptor {
  std::string type;  // H221, H223, H226, V76, Nx64Kservice or an extension
  std::vector<std::string> terminations;
  bool operator==(const MuxDescriptor&) const = default;
};

// DigitMap = name, DigitMap = name { value }, DigitMap { value }. The value is kept as
// written with white space removed ("T:10,(0xx|1xxx)").
struct DigitMapDescriptor {
  std::string name;  // empty when only the value is given
  std::optional<std::string> value;
  bool operator==(const DigitMapDescriptor&) const = default;
};

enum class SignalType : uint8_t { kOnOff, kTimeOut, kBrief };
enum class SignalDirection : uint8_t { kExternal, kInternal, kBoth };

// NotifyCompletion reasons, as bits.
enum NotifyCompletionBits : uint8_t {
  kNcTimeOut = 1,
  kNcInterruptByEvent = 2,
  kNcInterruptByNewSignals = 4,
  kNcOtherReason = 8,
  kNcIteration = 16,  // v3
};

struct Signal {
  std::string name;
  std::optional<uint16_t> stream;
  std::optional<SignalType> type;
  std::optional<uint32_t> duration;
  std::optional<uint8_t> notify_completion;  // NotifyCompletionBits
  bool keep_active = false;
  std::optional<SignalDirection> direction;   // v3
  std::optional<uint32_t> request_id;         // v3
  std::optional<uint32_t> intersignal_delay;  // v3
  std::vector<Parm> params;
  bool operator==(const Signal&) const = default;
};

struct SignalList {
  uint16_t id = 0;
  std::vector<Signal> signals;
  bool operator==(const SignalList&) const = default;
};

using SignalItem = std::variant<Signal, SignalList>;

// "Signals" (empty: stop all signals) or "Signals { s1, SL=2{ ... } }".
struct SignalsDescriptor {
  std::vector<SignalItem> items;
  bool operator==(const SignalsDescriptor&) const = default;
};

// v3 notification behaviour of a requested event (H.248.1 7.1.9): ImmediateNotify (NBIN),
// RegulatedNotify (NBRN, may embed signals and second events) or NeverNotify (NBNN).
enum class NotifyBehaviour : uint8_t { kDefault, kImmediate, kRegulated, kNever };

// One requested event. Embedded events (Embed { Events = id { ... } }) are allowed one
// level deep only, as the grammar says; the parser never fills embedded_events of an
// embedded event. A RegulatedNotify may embed signals and events too; an embedded event's
// RegulatedNotify embeds signals only (as Erlang megaco accepts; it bounds the nesting).
struct RequestedEvent {
  std::string name;
  std::optional<uint16_t> stream;
  bool keep_active = false;
  bool reset_events = false;                           // v3 ResetEventsDescriptor
  NotifyBehaviour notify = NotifyBehaviour::kDefault;  // v3
  std::optional<DigitMapDescriptor> digit_map;
  std::optional<SignalsDescriptor> embedded_signals;
  bool has_embedded_events = false;
  uint32_t embedded_request_id = 0;
  std::vector<RequestedEvent> embedded_events;
  // RegulatedNotify { Embed { Signals {..}, Events = id {..} } }; only with kRegulated.
  std::optional<SignalsDescriptor> regulated_signals;
  bool regulated_has_events = false;
  uint32_t regulated_request_id = 0;
  std::vector<RequestedEvent> regulated_events;
  std::vector<Parm> params;
  bool operator==(const RequestedEvent&) const = default;
};

// "Events" (empty, no request id) or "Events = 2 { g/cause, ... }".
struct EventsDescriptor {
  std::optional<uint32_t> request_id;
  std::vector<RequestedEvent> events;
  bool operator==(const EventsDescriptor&) const = default;
};

struct EventSpec {
  std::string name;
  std::optional<uint16_t> stream;
  std::vector<Parm> params;
  bool operator==(const EventSpec&) const = default;
};

// "EventBuffer" or "EventBuffer { e1, e2 {p=1} }".
struct EventBufferDescriptor {
  std::vector<EventSpec> events;
  bool operator==(const EventBufferDescriptor&) const = default;
};

struct ObservedEvent {
  std::string name;
  std::optional<std::string> timestamp;  // "yyyymmddThhmmsshh"
  std::optional<uint16_t> stream;
  std::vector<Parm> params;
  bool operator==(const ObservedEvent&) const = default;
};

struct ObservedEventsDescriptor {
  uint32_t request_id = 0;
  std::vector<ObservedEvent> events;
  bool operator==(const ObservedEventsDescriptor&) const = default;
};

// Audit items, as bits; Audit {} is 0.
enum AuditBits : uint16_t {
  kAuditMux = 1,
  kAuditModem = 2,
  kAuditMedia = 4,
  kAuditSignals = 8,
  kAuditEventBuffer = 16,
  kAuditDigitMap = 32,
  kAuditStatistics = 64,
  kAuditEvents = 128,
  kAuditObservedEvents = 256,
  kAuditPackages = 512,
};

struct PackageItem {
  std::string name;
  uint16_t version = 0;
  bool operator==(const PackageItem&) const = default;
};

// ---- Individual audit (H.248.1 v2/v3 Annex B indAud* descriptors) ----
// Inside Audit { }, a descriptor with items names exactly what to return; the v3 forms
// with values ("Mode = SendReceive", "nt/jit = 40", "ServiceStates # OutOfService") are
// selection conditions (H.248.1 7.2.5: audit only what matches; AND/OR logic is set per
// context in ContextAudit).

// LocalControl { Mode, ReservedValue, ReservedGroup, nt/jit, v3 Mode = x, nt/jit = 40 }.
struct IndAudLocalControl {
  bool mode = false;                      // "Mode"
  std::optional<StreamMode> mode_select;  // v3 "Mode = x" / "Mode # x"; never with mode
  Parm::Relation mode_relation = Parm::Relation::kEqual;
  bool reserve_value = false;
  bool reserve_group = false;
  std::vector<Parm> props;  // bare names (no values) or v3 conditions, in order
  bool operator==(const IndAudLocalControl&) const = default;
};

// What to audit of a stream. Inside "Stream = n { }" exactly one is set; without Stream
// any number (each at most once). v3 Local/Remote carry SDP to select on (may be empty).
struct IndAudStreamParms {
  std::optional<IndAudLocalControl> local_control;
  std::optional<std::string> local;
  std::optional<std::string> remote;
  std::optional<std::string> statistic;  // "Statistics { nt/os }"
  bool operator==(const IndAudStreamParms&) const = default;
};

struct IndAudStream {
  uint16_t id = 0;
  IndAudStreamParms parms;
  bool operator==(const IndAudStream&) const = default;
};

// TerminationState { one of: x/y, v3 x/y = v, ServiceStates, v3 ServiceStates = v, Buffer }.
struct IndAudTerminationState {
  std::optional<Parm> prop;  // bare name or v3 condition
  bool service_state = false;
  std::optional<ServiceState> service_state_select;  // v3
  Parm::Relation service_state_relation = Parm::Relation::kEqual;
  bool buffer = false;
  bool operator==(const IndAudTerminationState&) const = default;
};

// Media { TerminationState {..}, Stream = 1 {..}, ... } or Media { LocalControl {..}, .. }.
// Stream ids may repeat: each Stream holds one item, so auditing two items of one stream
// takes two Streams.
struct IndAudMediaDescriptor {
  std::optional<IndAudTerminationState> termination_state;
  std::optional<IndAudStreamParms> one_stream;  // never with streams
  std::vector<IndAudStream> streams;
  bool operator==(const IndAudMediaDescriptor&) const = default;
};

// Events [= RequestID] { pkg/event }.
struct IndAudEventsDescriptor {
  std::optional<uint32_t> request_id;
  std::string name;
  bool operator==(const IndAudEventsDescriptor&) const = default;
};

// EventBuffer { pkg/event [{ Stream = n | parameterName }] }.
struct IndAudEventBufferDescriptor {
  std::string name;
  std::optional<uint16_t> stream;
  std::string parameter;  // empty: none (never with stream)
  bool operator==(const IndAudEventBufferDescriptor&) const = default;
};

// pkg/signal [{ Stream = n, RequestID = id }].
struct IndAudSignal {
  std::string name;
  std::optional<uint16_t> stream;
  std::optional<uint32_t> request_id;
  bool operator==(const IndAudSignal&) const = default;
};

// Signals { } (all signals), Signals { signal } or Signals { SignalList = id [{ signal }] }.
struct IndAudSignalsDescriptor {
  std::optional<uint16_t> list_id;
  std::optional<IndAudSignal> signal;  // with list_id: the list's signal (optional)
  bool operator==(const IndAudSignalsDescriptor&) const = default;
};

struct IndAudDigitMapDescriptor {  // DigitMap = name
  std::string name;
  bool operator==(const IndAudDigitMapDescriptor&) const = default;
};

struct IndAudStatisticsDescriptor {  // Statistics { pkg/stat }
  std::string name;
  bool operator==(const IndAudStatisticsDescriptor&) const = default;
};

struct IndAudPackagesDescriptor {  // Packages { name-version }
  PackageItem package;
  bool operator==(const IndAudPackagesDescriptor&) const = default;
};

using IndAudParameter =
    std::variant<IndAudMediaDescriptor, IndAudEventsDescriptor, IndAudSignalsDescriptor,
                 IndAudDigitMapDescriptor, IndAudEventBufferDescriptor, IndAudStatisticsDescriptor,
                 IndAudPackagesDescriptor>;

// Audit { items } of a request: the bare tokens as bits and (v2 onward) the individual
// audit descriptors in order; the encoders write the bits first, as Erlang megaco does.
// In a command reply an AuditDescriptor stands for the bare auditReturnItem tokens
// ("AV = t { Media, Packages }": Mux, Modem, Media, DigitMap, Statistics, ObservedEvents,
// Packages; never parameters): the parser gathers them into one, kept last among the
// reply's descriptors (as Erlang megaco's emptyDescriptors), and the encoders write them
// bare.
struct AuditDescriptor {
  uint16_t items = 0;  // AuditBits
  std::vector<IndAudParameter> parameters;
  bool operator==(const AuditDescriptor&) const = default;
};

struct StatisticsDescriptor {
  std::vector<Statistic> stats;
  bool operator==(const StatisticsDescriptor&) const = default;
};

struct PackagesDescriptor {
  std::vector<PackageItem> packages;
  bool operator==(const PackagesDescriptor&) const = default;
};

enum class ServiceChangeMethod : uint8_t {
  kFailover,
  kForced,
  kGraceful,
  kRestart,
  kDisconnected,
  kHandOff,
};

struct ServiceChangeProfile {
  std::string name;
  uint32_t version = 0;
  bool operator==(const ServiceChangeProfile&) const = default;
};

// Services { ... } of a ServiceChange request (method and reason present) or of its
// reply (only address, MgcIdToTry, profile, version and timestamp).
struct ServiceChangeParms {
  std::optional<ServiceChangeMethod> method;
  std::optional<std::string> reason;  // "901 Cold Boot"
  std::optional<uint32_t> delay;
  std::optional<uint16_t> address_port;  // ServiceChangeAddress = 2944
  std::optional<MId> address;            // ServiceChangeAddress = [192.0.2.2]:2944
  std::optional<MId> mgc_id;             // MgcIdToTry
  std::optional<ServiceChangeProfile> profile;
  std::optional<uint32_t> version;
  std::optional<std::string> timestamp;  // "yyyymmddThhmmsshh"
  bool incomplete = false;               // v3 ServiceChangeInc
  // v2 audit items in a request's Services ("Services { MT=RS, RE=901, M, PG }", ASN.1
  // serviceChangeInfo): bits and individual audit descriptors, as in Audit { }.
  std::optional<AuditDescriptor> info;
  bool operator==(const ServiceChangeParms&) const = default;
};

using Descriptor = std::variant<MediaDescriptor, ModemDescriptor, MuxDescriptor, EventsDescriptor,
                                SignalsDescriptor, DigitMapDescriptor, EventBufferDescriptor,
                                AuditDescriptor, StatisticsDescriptor, PackagesDescriptor,
                                ObservedEventsDescriptor, ErrorDescriptor, ServiceChangeParms>;

enum class CommandKind : uint8_t {
  kAdd,
  kModify,
  kMove,
  kSubtract,
  kAuditValue,
  kAuditCapability,
  kNotify,
  kServiceChange,
};

// A command request. Which descriptors may appear follows the grammar:
//   Add/Modify/Move: Media, Modem, Mux, Events, Signals, DigitMap, EventBuffer, Audit,
//                    Statistics (may be none: "A=ip/1/1");
//   Subtract: nothing or one Audit;  AuditValue/AuditCapability: one Audit;
//   Notify: ObservedEvents, then optionally Error;  ServiceChange: ServiceChangeParms.
struct CommandRequest {
  CommandKind kind = CommandKind::kAdd;
  bool optional = false;         // "O-"
  bool wildcard_return = false;  // "W-"
  std::string termination_id;    // "ip/1/1", "ROOT", "$", "*", "ip/1/*"
  std::vector<Descriptor> descriptors;
  // v3 termIDList "[t1, t2, t3]": termination_id holds t1, this the ids after it (empty
  // for a single id, so code that reads termination_id alone keeps working). Last, so
  // positional aggregate initialisation of the fields above stays valid.
  std::vector<std::string> extra_termination_ids;
  bool operator==(const CommandRequest&) const = default;
};

// A command reply. Descriptors:
//   Add/Modify/Move/Subtract/AuditValue/AuditCapability: the termination audit (Media,
//     Modem, Mux, Events, Signals, DigitMap, ObservedEvents, EventBuffer, Statistics,
//     Packages, Error), may be none;
//   Notify: nothing or one Error;  ServiceChange: nothing, one Error or ServiceChangeParms.
//   AuditValue/AuditCapability of a context ("AV = Context { t1, t2 }"): context_audit is
//     set, termination_id is empty and context_terminations lists the context's
//     terminations, or, for "AV = Context { Error = .. }", descriptors holds that Error.
struct CommandReply {
  CommandKind kind = CommandKind::kAdd;
  std::string termination_id;
  std::vector<Descriptor> descriptors;
  bool context_audit = false;
  std::vector<std::string> context_terminations;
  std::vector<std::string> extra_termination_ids;  // v3 "[t1, t2]", as in CommandRequest
  bool operator==(const CommandReply&) const = default;
};

enum class TopologyDirection : uint8_t {
  kBothway,
  kIsolate,
  kOneway,
  kOnewayExternal,  // v3
  kOnewayBoth,      // v3
};

struct TopologyTriple {
  std::string from;
  std::string to;
  TopologyDirection direction = TopologyDirection::kBothway;
  std::optional<uint16_t> stream;
  bool operator==(const TopologyTriple&) const = default;
};

// Context properties of a request or a reply.
struct ContextProps {
  std::optional<uint16_t> priority;
  std::optional<bool> emergency;  // Emergency (true) / EmergencyOff (false)
  std::optional<std::vector<TopologyTriple>> topology;
  std::optional<bool> ieps;  // v3 IEPSCall = ON / OFF
  // v3 ContextAttr { props } or ContextAttr { ContextList = { ids } } (never both).
  std::vector<Parm> attributes;
  std::vector<uint32_t> context_list;
  bool operator==(const ContextProps&) const = default;
};

enum class AuditSelectLogic : uint8_t { kAnd, kOr };  // v3 ANDLgc / ORLgc

// ContextAudit { Topology, Emergency, Priority } and, v3, IEPSCall, context attribute names
// and the selection conditions of a context audit (H.248.1 7.1.18): Priority = n,
// EmergencyValue = Emergency / EmergencyOff, IEPSCall = ON / OFF, ContextAttr { .. } and
// ANDLgc / ORLgc. "ContextAudit { ContextAttr { items } }" means the same as
// "ContextAudit { items }" and is written that way.
struct ContextAudit {
  bool topology = false;
  bool emergency = false;
  bool priority = false;
  bool ieps = false;                    // v3
  std::vector<std::string> attributes;  // v3 context attribute names (pkg/prop)
  std::optional<uint16_t> select_priority;
  std::optional<bool> select_emergency;
  std::optional<bool> select_ieps;
  std::optional<AuditSelectLogic> select_logic;
  std::vector<Parm> select_attributes;    // ContextAttr { props }
  std::vector<uint32_t> select_contexts;  // ContextAttr { ContextList = { ids } }
  bool operator==(const ContextAudit&) const = default;
};

struct ActionRequest {
  uint32_t context_id = kNullContext;
  std::optional<ContextProps> context;
  std::optional<ContextAudit> context_audit;
  std::vector<CommandRequest> commands;
  bool operator==(const ActionRequest&) const = default;
};

struct ActionReply {
  uint32_t context_id = kNullContext;
  std::optional<ContextProps> context;
  std::vector<CommandReply> replies;
  std::optional<ErrorDescriptor> error;  // after the replies, or alone
  bool operator==(const ActionReply&) const = default;
};

struct TransactionRequest {
  uint32_t id = 0;
  std::vector<ActionRequest> actions;
  bool operator==(const TransactionRequest&) const = default;
};

struct TransactionReply {
  uint32_t id = 0;
  std::optional<uint32_t> segment_number;  // v3 "Reply = 5/2"
  bool segmentation_complete = false;      // v3 "Reply = 5/2/END"
  bool imm_ack_required = false;
  std::optional<ErrorDescriptor> error;  // the whole transaction failed
  std::vector<ActionReply> actions;      // empty when error is set
  bool operator==(const TransactionReply&) const = default;
};

struct TransactionPending {
  uint32_t id = 0;
  bool operator==(const TransactionPending&) const = default;
};

struct AckRange {
  uint32_t first = 0;
  std::optional<uint32_t> last;  // "K{1-3}"
  bool operator==(const AckRange&) const = default;
};

struct TransactionResponseAck {
  std::vector<AckRange> acks;
  bool operator==(const TransactionResponseAck&) const = default;
};

// v3 "Segment = 5/2[/END]".
struct SegmentReply {
  uint32_t id = 0;
  uint32_t segment_number = 0;
  bool segmentation_complete = false;
  bool operator==(const SegmentReply&) const = default;
};

using Transaction = std::variant<TransactionRequest, TransactionReply, TransactionPending,
                                 TransactionResponseAck, SegmentReply>;

struct Message {
  uint8_t version = 1;  // 1..3
  MId mid;
  std::optional<ErrorDescriptor> error;   // the body is an error descriptor...
  std::vector<Transaction> transactions;  // ...or one or more transactions
  bool operator==(const Message&) const = default;
};

}  // namespace msrpgw::proto::h248
