// Command-line options of the `msrp` tool, parsed and checked in one place.
// Thread-safe: a plain value once parsed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "proto/msrp/header_values.h"

namespace msrpgw::tools::msrp {

struct Options {
  // Where: exactly one of listen / connect.
  std::string listen_ip;
  uint16_t listen_port = 0;
  bool listen = false;
  std::string connect_host;
  uint16_t connect_port = 0;
  std::string connect_uri;  // set when --connect was an msrp:// URI (default To-Path)
  bool print_port = false;

  std::string local_uri;    // our From-Path; derived when empty
  std::string remote_path;  // To-Path of our requests; learnt from the peer when empty

  // What to send.
  std::vector<std::string> texts;
  std::vector<std::string> files;
  uint64_t count = 0;  // generated load messages
  uint64_t size = 1024;
  double rate = 0;  // messages/s, 0 = as fast as possible
  uint64_t chunk_size = 2048;
  std::string content_type;  // default text/plain (text, load) or application/octet-stream
  std::optional<proto::msrp::ReportMode> success_report;
  std::optional<proto::msrp::ReportMode> failure_report;
  std::optional<uint64_t> abort_after;
  bool interleave = false;
  uint64_t window = 8192;  // our chunks awaiting a response, at most
  bool bind_send = false;

  // What to receive.
  std::string save_dir;
  uint64_t expect_messages = 0;
  uint64_t expect_reports = 0;  // done only after this many REPORTs arrived (any status)
  uint64_t timeout_ms = 0;      // 0: none
  uint16_t respond = 200;
  uint64_t recv_rate = 0;  // bytes/s read from each connection, 0 = unlimited (slow receiver)
  uint64_t transaction_timeout_ms = 30000;

  // Output.
  bool json = false;
  bool chunk_events = true;

  bool hasSends() const { return !texts.empty() || !files.empty() || count > 0; }
};

// Parses argv; on --help or a usage error prints to stdout/stderr and returns the exit
// code to use (0 or 2) in `exit_code` with nullopt.
std::optional<Options> parseOptions(int argc, char** argv, int& exit_code);

}  // namespace msrpgw::tools::msrp
