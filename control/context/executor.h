// Runs the actions of MGC transactions against the context table and the media engine:
// Add, Modify, Subtract, Move, AuditValue, AuditCapability on ROOT, contexts, terminations
// and wildcards; context properties (Topology, priority, emergency) and context audit;
// Events with RequestID, and Notify of the events asked for (g/cause on terminations,
// it/ito on ROOT, the latter raised by the MG).
// Owner: control loop. Not thread-safe. Transactions on different contexts run at the
// same time (while media works on one, another starts); a transaction waits for every
// earlier one that names one of its contexts, so those keep their arrival order.
// Transactions on context ALL (*), on the NULL context (ROOT) or with a Move run alone:
// after everything before them, before everything after them. C=$ names no context yet.
// Within a transaction, actions and their commands run in order, and the commands of an
// action stop at the first failure unless marked O-.
// A failed command's reply carries the Error descriptor (code and a text naming what was
// wrong); an unknown context is an action-level error (411), as is 412 for C=$ when
// root/maxNumberOfContexts contexts exist.
// Move (H.248.1 7.2.4): the action's context is the target (C=$ creates it); the
// termination (or every match of a wildcard) comes from another context, which ends when
// its last termination leaves; its descriptors then apply as a Modify's would, and an
// Audit descriptor is answered. A termination already in the target is only modified.
// Errors: 421 target NULL, 410 ROOT or $, 430 not in any context, 431 wildcard without a
// match, 434 target beyond root/maxTerminationsPerContext, media refusals as for Add.
#pragma once

#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "control/clock.h"
#include "control/context/context_table.h"
#include "control/failure.h"
#include "control/package/builtin.h"
#include "control/package/registry.h"
#include "media/engine/media_engine.h"
#include "proto/h248/ast.h"

namespace msrpgw::control::context {

struct ExecutorStats {
  uint64_t transactions = 0;
  uint64_t commands = 0;
  uint64_t command_errors = 0;
  uint64_t notifies = 0;
};

class Executor {
 public:
  using Done = std::function<void(std::vector<proto::h248::ActionReply>)>;
  struct Hooks {
    // A Notify the MG must send to its MGC (context id, the Notify command).
    std::function<void(uint32_t context, proto::h248::CommandRequest notify)> notify;
    // Root properties or ROOT events changed (by Modify ROOT).
    std::function<void()> root_changed;
  };

  Executor(const Clock& clock, const package::Registry& registry, ContextTable& table,
           media::MediaEngine& engine, Hooks hooks);
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Queues a transaction's actions; `done` gets the action replies (possibly at once).
  void execute(std::vector<proto::h248::ActionRequest> actions, Done done);

  // Root properties ("root/normalMGExecutionTime"), as text; empty when unknown.
  std::string rootProperty(const std::string& name) const;
  void setRootProperty(const std::string& name, const std::string& value);
  const std::optional<proto::h248::EventsDescriptor>& rootEvents() const { return root_events_; }
  const ExecutorStats& stats() const { return stats_; }
  // Transactions waiting or running.
  size_t queued() const { return queue_.size() + running_.size(); }
  size_t running() const { return running_.size(); }

 private:
  struct Job;
  struct Multi;
  struct Requested;
  struct CommandResult {
    std::vector<proto::h248::CommandReply> replies;
    std::optional<Failure> failure;
  };
  using Cont = std::function<void(CommandResult)>;
  // One command reply, moved in (a Descriptor is large: an initializer list would copy it).
  static CommandResult succeeded(proto::h248::CommandReply reply);
  using Target = std::pair<uint32_t, std::string>;  // context, termination

  void schedule();
  void finish(Job* job);
  void step(Job* job);
  bool beginAction(Job& j);
  void endAction(Job& j);
  void runCommand(Job& j, const proto::h248::CommandRequest& cmd, Cont cont);
  void runAdd(Job& j, const proto::h248::CommandRequest& cmd, Cont cont);
  void runRoot(const proto::h248::CommandRequest& cmd, const Cont& cont);
  void runMove(Job& j, const proto::h248::CommandRequest& cmd, Cont cont);
  void moveOne(std::shared_ptr<Multi> m, uint32_t from, const std::string& id,
               proto::h248::CommandReply reply);
  void relocate(uint32_t from, const std::string& id, uint32_t to);
  // The Modify part of Modify and Move on one termination, then the next target.
  void modifyOne(std::shared_ptr<Multi> m, uint32_t ctx, const std::string& id,
                 proto::h248::CommandReply reply);
  void nextTarget(std::shared_ptr<Multi> m, proto::h248::CommandReply reply);
  void runEach(std::shared_ptr<Multi> m);
  void finishMulti(std::shared_ptr<Multi> m);
  Check resolve(uint32_t ctx, const std::string& tid, std::vector<Target>* out);
  Check parseDescriptors(const proto::h248::CommandRequest& cmd, bool root, Requested* r);
  Check applyMedia(const proto::h248::StreamParms& sp, bool root, Requested* r);
  std::vector<proto::h248::Descriptor> audit(const Termination& t, uint16_t items,
                                             const media::TerminationStats* stats) const;
  // AuditCapability of an MSRP termination: possible values per the package declarations.
  std::vector<proto::h248::Descriptor> capabilities(uint16_t items) const;
  // The Packages descriptor of a termination: the packages it implements.
  proto::h248::PackagesDescriptor packages() const;
  std::vector<proto::h248::Statistic> statistics(const Termination& t,
                                                 const media::TerminationStats& s) const;
  void onMediaEvent(const media::TerminationEvent& ev);
  bool expandAllContexts(Job& j);

  const Clock& clock_;
  const package::Registry& registry_;
  ContextTable& table_;
  media::MediaEngine& engine_;
  Hooks hooks_;
  std::shared_ptr<char> alive_;
  std::list<std::unique_ptr<Job>> queue_;    // waiting, in arrival order
  std::list<std::unique_ptr<Job>> running_;  // started, not answered yet
  std::map<uint32_t, uint32_t> busy_;        // context -> running jobs naming it
  uint32_t running_exclusive_ = 0;
  bool scheduling_ = false;
  bool reschedule_ = false;
  std::map<std::string, std::string> root_props_;  // key: lower-case "root/name"
  std::optional<proto::h248::EventsDescriptor> root_events_;
  ExecutorStats stats_;
};

// media::Errc -> the H.248 failure the MGC sees.
Failure mediaFailure(const Error& e, const std::string& what);

}  // namespace msrpgw::control::context
