// The narrow interface between control (the H.248 MG) and media (the MSRP data plane),
// as DESIGN.md draws it: control creates, modifies and removes terminations, reads their
// statistics and receives their events; media never includes control.
//
// Threads: every method is called on the control loop and returns at once. Completions
// and events are delivered later on the control loop (never inside the call that asked
// for them), through the Poster given to the engine at construction.
// Identity: a termination is (context id, termination id); ids are chosen by control.
// Errors: Result<T> with Domain::kMedia and a media::Errc code (below); control maps
// each to its H.248 error code (the table is in control/, not here).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "proto/base/result.h"

namespace msrpgw::media {

// H.248 LocalControl Mode for the termination's stream.
enum class StreamMode : uint8_t { kSendReceive, kSendOnly, kReceiveOnly, kInactive };

// Per-termination overrides from H.248 properties (the private MSRP package); each unset
// field keeps the gateway's configured default (merged in one place, leg_config).
struct LegOverrides {
  std::optional<uint32_t> chunk_size;        // outgoing chunk size on this leg, bytes
  std::optional<uint64_t> max_buffered;      // bytes buffered toward this leg before back-pressure
  std::optional<uint64_t> max_message_size;  // advertised and enforced a=max-size
};

struct TerminationSpec {
  std::string local_sdp;   // Local descriptor as sent by the MGC; may hold CHOOSE ($)
  std::string remote_sdp;  // Remote descriptor; empty when not known yet
  StreamMode mode = StreamMode::kSendReceive;
  LegOverrides overrides;
};

struct TerminationReply {
  std::string local_sdp;  // the Local to return: our address, port, a=path, a=setup
};

// What media reports about a termination on its own (H.248 Notify material).
enum class EventKind : uint8_t {
  kConnected,         // the leg's TCP connection is up and bound to the session
  kConnectionFailed,  // an active leg could not connect
  kConnectionLost,    // the connection closed or failed after it was up
  kIdle,              // nothing was sent or received for the configured idle time
};

struct TerminationEvent {
  uint32_t context = 0;
  std::string termination;
  EventKind kind = EventKind::kConnected;
  std::string cause;  // stable snake_case reason, e.g. "connect_refused", "peer_reset"
};

// Counters of one termination, read by AuditValue and returned by Subtract.
struct TerminationStats {
  uint64_t duration_ms = 0;
  uint64_t messages_received = 0, messages_sent = 0;
  uint64_t chunks_received = 0, chunks_sent = 0;
  uint64_t bytes_received = 0, bytes_sent = 0;  // body bytes
  uint64_t reports_received = 0, reports_sent = 0;
  uint64_t messages_aborted = 0;
  std::map<uint16_t, uint64_t> errors_by_status;  // MSRP status codes answered or received
};

// Why media refused a request.
enum class Errc : uint16_t {
  kBadLocalSdp = 1,       // Local descriptor unusable (not MSRP, bad attribute)
  kBadRemoteSdp,          // Remote descriptor unusable
  kNoResources,           // no port, session or memory budget left
  kUnknownTermination,    // no such (context, termination)
  kDuplicateTermination,  // (context, termination) exists already
  kContextFull,           // a context holds at most two MSRP terminations
  kShuttingDown,          // the engine is stopping
};

inline Error makeError(Errc e, const char* reason) {
  return Error{Domain::kMedia, static_cast<uint16_t>(e), reason, kNoOffset};
}

class MediaEngine {
 public:
  template <class T>
  using Done = std::function<void(Result<T>)>;
  using EventHandler = std::function<void(const TerminationEvent&)>;

  virtual ~MediaEngine() = default;

  virtual void add(uint32_t context, const std::string& termination, TerminationSpec spec,
                   Done<TerminationReply> done) = 0;
  virtual void modify(uint32_t context, const std::string& termination, TerminationSpec spec,
                      Done<TerminationReply> done) = 0;
  virtual void subtract(uint32_t context, const std::string& termination,
                        Done<TerminationStats> done) = 0;
  virtual void statistics(uint32_t context, const std::string& termination,
                          Done<TerminationStats> done) = 0;
  // H.248 Move: the termination leaves `from` and joins `to` with its leg, its connection,
  // its statistics and its SDP (the reply holds its unchanged Local). Messages in flight
  // through the old context end as they would if the far leg had gone (failure REPORTs
  // where asked). `to` may be a context this engine has not seen (control created it);
  // it must not already hold two terminations (kContextFull). from == to is a no-op.
  virtual void move(uint32_t from, const std::string& termination, uint32_t to,
                    Done<TerminationReply> done) = 0;
  // Events of every termination go to one handler (set once, before the first add).
  virtual void setEventHandler(EventHandler handler) = 0;
};

}  // namespace msrpgw::media
