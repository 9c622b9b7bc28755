// The media engine: MediaEngine (media_engine.h) over N worker loops. Each context lives
// on one worker (chosen by context id), with its terminations, their MSRP legs and the
// bridge between them. One shared listening port takes every passive leg's connection;
// each request binds the session its To-Path names to the connection it came on (several
// sessions may share one), handing a new connection's socket to the worker that owns its
// first session, or splicing a later session to its worker (media/README.md). Active
// legs connect as soon as their Remote is known.
// Owner: methods are called on the control loop; completions and events go back through
// the Poster. Workers are started by start() and joined by stop().
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "media/connection/tcp_connection.h"
#include "media/engine/media_engine.h"
#include "media/engine/session_registry.h"
#include "media/leg/msrp_connection.h"
#include "media/loop/worker.h"
#include "proto/msrp/parser.h"

namespace msrpgw::media {

class Bridge;
class MsrpLeg;
class MsrpSplice;

struct EngineConfig {
  uint32_t workers = 1;
  std::string address = "127.0.0.1";  // MSRP listeners, c= and a=path
  uint16_t port = 2855;               // the shared listening port; 0 picks a free one
  // A listening port per leg from [port, port_max] instead of the shared port (a leg's
  // port is free again when it is subtracted; port 0 lets the OS choose each one).
  bool port_per_leg = false;
  uint16_t port_max = 0;
  uint32_t chunk_size = 2048;       // default outgoing chunk size per leg
  uint64_t max_buffered = 1 << 20;  // per leg: queued toward its peer before back-pressure
  uint64_t max_message_size = 0;    // advertised and enforced per leg; 0 = none
  uint32_t transaction_timeout_ms = 30000;
  uint32_t bind_timeout_ms = 30000;  // a new connection must send a valid head within this
  uint32_t idle_timeout_ms = 300000;
  bool connect_to_path = false;  // active legs: the first a=path URI, not c= / m= (see .cc)  // a
                                 // connected leg with no traffic this long: kIdle; 0 = off
  proto::msrp::ParserLimits limits;
};

class Engine final : public MediaEngine {
 public:
  // Runs a task on the control loop (later, never inside the call).
  using Poster = std::function<void(std::function<void()>)>;

  Engine(EngineConfig config, Poster to_control);
  ~Engine() override;

  // Starts the workers and the shared listener.
  Status start();
  // Tears every context down and joins the workers.
  void stop();
  // The shared listening port (0 with port_per_leg).
  uint16_t port() const { return port_; }
  size_t sessions() const { return registry_.size(); }

  // MediaEngine
  void add(uint32_t context, const std::string& termination, TerminationSpec spec,
           Done<TerminationReply> done) override;
  void modify(uint32_t context, const std::string& termination, TerminationSpec spec,
              Done<TerminationReply> done) override;
  void subtract(uint32_t context, const std::string& termination,
                Done<TerminationStats> done) override;
  void statistics(uint32_t context, const std::string& termination,
                  Done<TerminationStats> done) override;
  void move(uint32_t from, const std::string& termination, uint32_t to,
            Done<TerminationReply> done) override;
  void setEventHandler(EventHandler handler) override { on_event_ = std::move(handler); }

 private:
  struct WorkerState;
  struct Termination;
  // Where each context lives (control loop only). A new context goes to a worker by its
  // id; a context that a Move creates goes where the moving termination already lives.
  struct Placement {
    uint32_t worker = 0;
    uint32_t terminations = 0;  // counted when asked, given back when refused or removed
  };
  uint32_t workerFor(uint32_t context) const;
  Placement& place(uint32_t context, std::optional<uint32_t> worker = std::nullopt);
  void unplace(uint32_t context);
  // On the worker of `from`: the same-worker Move.
  Result<TerminationReply> moveHere(WorkerState* ws, uint32_t from, const std::string& termination,
                                    uint32_t to);
  // On the worker of `from`: takes the termination out of its context for another worker.
  Result<std::unique_ptr<Termination>> extract(WorkerState* ws, uint32_t from,
                                               const std::string& termination, uint32_t to,
                                               uint32_t to_worker);
  // On the target worker: the extracted termination joins `to` on this worker.
  TerminationReply install(WorkerState* ws, std::unique_ptr<Termination> t);
  // Tears the context's bridge down as if `leaving` had gone, for a Move.
  void detachFromContext(WorkerState* ws, uint32_t context, Termination* leaving);
  void emitEvent(TerminationEvent e);
  // A new MSRP connection of worker `ws`, owned by it. `peer_ip` empty: the socket's peer.
  MsrpConnection& adoptConnection(WorkerState* ws, std::unique_ptr<TcpConnection> tcp,
                                  std::string peer_ip);
  // A connection accepted on (or handed to) worker `ws`: its frames bind sessions as they
  // name them. `already_read` is parsed first (bytes another worker read).
  void accept(WorkerState* ws, std::unique_ptr<TcpConnection> tcp,
              const std::string& already_read = {}, std::string peer_ip = {});
  // On the worker of `c`: `session_id`'s frames on `c` go from now on through a socket
  // pair; returns the far end's fd (for worker `owner`, which owns the session), or
  // nullopt.
  std::optional<uv_os_sock_t> spliceSession(WorkerState* ws, MsrpConnection& c,
                                            const std::string& session_id, uint32_t owner,
                                            MsrpSplice*& splice);
  // A Move to another worker of a quiet leg that shares its connection: it leaves the
  // connection, and its session is spliced to the fd returned.
  std::optional<uv_os_sock_t> spliceOut(WorkerState* ws, MsrpLeg& leg, uint32_t owner);
  // On the connection's worker: a request names a session not bound to `c`.
  MsrpConnection::Bind bindSession(WorkerState* ws, MsrpConnection& c, std::string_view session_id);
  // On the owning worker: a listening port of the range for this leg alone.
  Status listenForLeg(WorkerState* ws, Termination& t);
  // On the owning worker.
  Result<TerminationReply> addHere(WorkerState* ws, std::unique_ptr<Termination> term,
                                   const TerminationSpec& spec);
  Result<TerminationReply> modifyHere(WorkerState* ws, uint32_t context,
                                      const std::string& termination, const TerminationSpec& spec);
  TerminationStats statsOf(WorkerState* ws, const Termination& t) const;
  void rebridge(WorkerState* ws, uint32_t context);
  // Tears a context's bridge down, keeping its message counters with the terminations.
  static void retireBridge(std::vector<std::unique_ptr<Termination>>& terms,
                           std::unique_ptr<Bridge>& bridge);
  // On every worker, every idle_timeout_ms / 4: kIdle for connected legs without traffic.
  void sweepIdle(WorkerState* ws);
  void connectIfDue(WorkerState* ws, Termination* t);
  Result<std::string> localAnswer(const Termination& t, const std::string& local_sdp) const;

  EngineConfig config_;
  Poster to_control_;
  EventHandler on_event_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::unique_ptr<WorkerState>> states_;  // one per worker, touched only on it
  SessionRegistry registry_;
  uint16_t port_ = 0;
  bool started_ = false;
  std::unordered_map<uint32_t, Placement> placement_;  // control loop only
  std::atomic<uint32_t> next_port_{0};                 // port_per_leg: round-robin cursor
};

}  // namespace msrpgw::media
