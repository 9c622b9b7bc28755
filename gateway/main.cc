// msrpgw: loads and validates the configuration, starts the H.248 MG on the main loop (the
// control loop), registers with the configured MGCs and serves their commands until
// SIGTERM or SIGINT; then it sends ServiceChange Graceful (or Forced), waits as configured
// and exits 0. A second signal stops at once.
// Media: media.engine "msrp" (default) runs the MSRP engine on its worker threads;
// "none" refuses MSRP terminations (503) and "signalling" answers with complete SDP but
// carries no MSRP (control/media_stub, for trials of the H.248 side).
#include <signal.h>
#include <uv.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "control/loop/defer_queue.h"
#include "control/media_stub/stub_media_engine.h"
#include "control/mg.h"
#include "gateway/config/loader.h"
#include "gateway/version.h"
#include "media/engine/engine.h"
#include "media/loop/inbox.h"
#include "nlohmann/json.hpp"
#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"

namespace {

struct SignalWatch {
  uv_signal_t handle;
  int signum;
};

// What the signal handlers and the bind retry timer reach.
struct Running {
  msrpgw::control::MediaGateway* mg = nullptr;
  bool stopping = false;
  uv_timer_t retry;
};

void onSignal(uv_signal_t* handle, int signum) {
  auto* run = static_cast<Running*>(handle->data);
  spdlog::get("gateway")->info("stopping signal={}", signum == SIGTERM ? "SIGTERM" : "SIGINT");
  if (run->stopping || !run->mg) {
    uv_stop(handle->loop);
    return;
  }
  run->stopping = true;
  uv_timer_stop(&run->retry);
  uv_loop_t* loop = handle->loop;
  run->mg->stop([loop] { uv_stop(loop); });
}

void onRetryBind(uv_timer_t* t) {
  auto* run = static_cast<Running*>(t->data);
  msrpgw::Status s = run->mg->start();
  if (s.ok()) {
    uv_timer_stop(t);
    spdlog::get("gateway")->info("h248 socket bound after retry");
  }
}

msrpgw::control::MgConfig mgConfig(const msrpgw::gateway::Config& cfg) {
  msrpgw::control::MgConfig m;
  const auto& h = cfg.h248;
  m.listen = h.listen;
  m.mid = h.mid;
  m.profile_name = h.profile.name;
  m.profile_version = h.profile.version;
  m.udp_max_message = h.udp.max_message_size;
  m.transport = h.transport;
  m.mgcs = h.mgc;
  m.version = static_cast<uint8_t>(h.version);
  m.max_contexts = h.max_contexts;
  m.timers.normal_mg_execution = h.timers.normal_mg_execution_ms;
  m.timers.provisional_interval = h.timers.provisional_response_ms;
  m.timers.mg_pending_limit = h.timers.pending_limit;
  m.timers.reply_cache = h.timers.reply_cache_ms;
  m.timers.retransmit_initial = h.retransmit.initial_ms;
  m.timers.retransmit_max = h.retransmit.max_ms;
  m.timers.retransmit_limit = h.retransmit.limit;
  m.timers.long_request = h.retransmit.long_request_ms;
  m.register_retry = h.registration.retry_ms;
  m.mgc_silence = h.registration.mgc_silence_ms;
  m.graceful = h.shutdown.method == "graceful";
  m.graceful_delay_s = h.shutdown.graceful_delay_s;
  m.shutdown_wait = h.shutdown.wait_ms;
  return m;
}

int run(int argc, char** argv) {
  using msrpgw::Status;
  CLI::App app{"msrpgw: H.248-controlled MSRP back-to-back gateway"};
  std::string config_file;
  std::vector<std::string> overrides;
  bool check_only = false;
  app.add_option("--config,-c", config_file,
                 "JSON configuration file (default: built-in defaults)");
  app.add_option("--set", overrides, "override one key: key.path=value (repeatable)")->take_all();
  app.add_flag("--check", check_only, "validate the configuration, print it and exit");
  app.set_version_flag("--version", std::string(msrpgw::gateway::kVersion));
  CLI11_PARSE(app, argc, argv);

  auto logger = spdlog::stderr_color_mt("gateway");
  spdlog::stderr_color_mt("h248");
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %n: %v");

  msrpgw::gateway::ConfigLoad load = msrpgw::gateway::loadConfig(config_file, overrides);
  if (!load.ok()) {
    for (const auto& p : load.problems) {
      std::fprintf(stderr, "msrpgw: configuration error [%s] %s\n",
                   msrpgw::gateway::configErrcName(p.errc), p.message.c_str());
    }
    std::fprintf(stderr, "msrpgw: %zu configuration problem(s); not starting\n",
                 load.problems.size());
    return 2;
  }
  const msrpgw::gateway::Config& cfg = load.config;
  spdlog::set_level(spdlog::level::from_str(cfg.log.level));
  std::string effective = msrpgw::gateway::configToJson(cfg).dump();
  if (check_only) {
    std::printf("%s\n", effective.c_str());
    return 0;
  }
  logger->info("starting version={} config={}", msrpgw::gateway::kVersion,
               config_file.empty() ? "(defaults)" : config_file);
  logger->info("configuration {}", effective);
  uv_loop_t* loop = uv_default_loop();
  using msrpgw::control::media_stub::StubMediaEngine;
  auto defer = std::make_unique<msrpgw::control::loop::DeferQueue>(loop);
  // Worker threads reach the control loop through this inbox (completions and events).
  auto inbox = std::make_unique<msrpgw::media::Inbox>(loop);
  std::unique_ptr<msrpgw::media::MediaEngine> engine;
  msrpgw::media::Engine* msrp_engine = nullptr;
  if (cfg.media.engine == "msrp") {
    msrpgw::media::EngineConfig ec;
    ec.workers = cfg.workers != 0 ? cfg.workers : std::max(1u, std::thread::hardware_concurrency());
    ec.address = cfg.msrp.address;
    ec.port = static_cast<uint16_t>(cfg.msrp.ports[0]);
    ec.port_max = static_cast<uint16_t>(cfg.msrp.ports[1]);
    ec.port_per_leg = cfg.msrp.port_mode == "per_leg";
    ec.connect_to_path = cfg.msrp.connect_to == "path";
    ec.chunk_size = cfg.msrp.chunk_size;
    ec.max_buffered = cfg.msrp.max_buffered;
    ec.max_message_size = cfg.msrp.max_message_size;
    ec.transaction_timeout_ms = cfg.msrp.transaction_timeout_ms;
    ec.bind_timeout_ms = cfg.msrp.bind_timeout_ms;
    ec.idle_timeout_ms = cfg.msrp.idle_timeout_ms;
    ec.limits = {cfg.msrp.limits.max_head_bytes, cfg.msrp.limits.max_headers};
    auto real = std::make_unique<msrpgw::media::Engine>(
        ec, [i = inbox.get()](std::function<void()> f) { i->post(std::move(f)); });
    Status s = real->start();
    if (!s.ok()) {
      logger->error("msrp listen failed addr={} port={} error={}", cfg.msrp.address, ec.port,
                    uv_err_name(-static_cast<int>(s.error().code)));
      return 1;
    }
    if (ec.port_per_leg) {
      logger->info("msrp engine started workers={} addr={} ports={}-{} per leg", ec.workers,
                   cfg.msrp.address, ec.port, ec.port_max);
    } else {
      logger->info("msrp engine started workers={} addr={} port={}", ec.workers, cfg.msrp.address,
                   real->port());
    }
    msrp_engine = real.get();
    engine = std::move(real);
  } else {
    const bool signalling = cfg.media.engine == "signalling";
    if (signalling) {
      logger->warn("media.engine=signalling: terminations get SDP but no MSRP is carried");
    } else {
      logger->warn("media.engine=none: MSRP terminations are refused");
    }
    engine = std::make_unique<StubMediaEngine>(
        signalling ? StubMediaEngine::Mode::kSignalling : StubMediaEngine::Mode::kRefuse,
        cfg.msrp.address, cfg.msrp.ports[0], cfg.msrp.ports[1],
        [d = defer.get()](std::function<void()> f) { d->post(std::move(f)); });
  }
  auto mg = std::make_unique<msrpgw::control::MediaGateway>(loop, mgConfig(cfg), *engine);

  Running running;
  running.mg = mg.get();
  uv_timer_init(loop, &running.retry);
  running.retry.data = &running;
  Status started = mg->start();
  if (!started.ok()) {
    // The address may not be ours yet (or another process holds the port): keep trying.
    logger->error("h248 bind failed addr={} error={}; retrying every second", cfg.h248.listen,
                  uv_err_name(-static_cast<int>(started.error().code)));
    uv_timer_start(&running.retry, onRetryBind, 1000, 1000);
  }
  SignalWatch term{{}, SIGTERM}, intr{{}, SIGINT};
  for (SignalWatch* w : {&term, &intr}) {
    uv_signal_init(loop, &w->handle);
    w->handle.data = &running;
    uv_signal_start(&w->handle, onSignal, w->signum);
  }
  logger->info("ready");
  uv_run(loop, UV_RUN_DEFAULT);
  for (SignalWatch* w : {&term, &intr})
    uv_close(reinterpret_cast<uv_handle_t*>(&w->handle), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&running.retry), nullptr);
  // Completions and events still queued from the workers would reach an MG that is
  // gone: drop them first, then join the workers, then take the MG and engine down.
  inbox->close();
  if (msrp_engine) msrp_engine->stop();
  mg.reset();
  engine.reset();
  defer->close();
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  logger->info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // The one boundary where a third-party exception (CLI11, spdlog) becomes an exit code.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "msrpgw: fatal: %s\n", e.what());
    return 1;
  }
}
