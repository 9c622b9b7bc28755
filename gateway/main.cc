// msrpgw: loads and validates the configuration, reports it, and runs until SIGTERM or
// SIGINT, then exits 0. The H.248 MG and the media engine join here as they land.
#include <signal.h>
#include <uv.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "gateway/config/loader.h"
#include "gateway/version.h"
#include "nlohmann/json.hpp"
#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"

namespace {

struct SignalWatch {
  uv_signal_t handle;
  int signum;
};

void onSignal(uv_signal_t* handle, int signum) {
  spdlog::get("gateway")->info("stopping signal={}", signum == SIGTERM ? "SIGTERM" : "SIGINT");
  uv_stop(handle->loop);
}

int run(int argc, char** argv) {
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
  logger->warn("media engine and H.248 MG not built yet: configuration only, waiting for SIGTERM");

  uv_loop_t* loop = uv_default_loop();
  SignalWatch term{{}, SIGTERM}, intr{{}, SIGINT};
  for (SignalWatch* w : {&term, &intr}) {
    uv_signal_init(loop, &w->handle);
    uv_signal_start(&w->handle, onSignal, w->signum);
  }
  logger->info("ready");
  uv_run(loop, UV_RUN_DEFAULT);
  for (SignalWatch* w : {&term, &intr})
    uv_close(reinterpret_cast<uv_handle_t*>(&w->handle), nullptr);
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
