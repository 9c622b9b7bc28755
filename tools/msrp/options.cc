#include "tools/msrp/options.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <iostream>

#include "proto/msrp/uri.h"

namespace msrpgw::tools::msrp {
namespace {

namespace pm = proto::msrp;

// "ip:port" or "[v6]:port".
bool splitHostPort(const std::string& s, std::string& host, uint16_t& port) {
  size_t colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = s.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::string_view p(s.data() + colon + 1, s.size() - colon - 1);
  unsigned v = 0;
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
  if (ec != std::errc{} || end != p.data() + p.size() || p.empty() || v > 65535) return false;
  port = static_cast<uint16_t>(v);
  return true;
}

}  // namespace

std::optional<Options> parseOptions(int argc, char** argv, int& exit_code) {
  Options o;
  CLI::App app{"msrp: an MSRP endpoint (RFC 4975) for people, tests and load"};
  std::string listen, connect, success, failure;
  auto* g_listen = app.add_option("--listen", listen, "listen on IP:PORT (port 0: any free port)");
  auto* g_connect = app.add_option("--connect", connect, "connect to IP:PORT or to an msrp:// URI");
  g_listen->excludes(g_connect);
  app.add_flag("--print-port", o.print_port,
               "print {\"event\":\"listening\",...} with the bound port as the first line");
  app.add_option("--local-uri", o.local_uri, "our own a=path URI (From-Path)");
  app.add_option("--remote-path", o.remote_path,
                 "To-Path of our requests (space-separated URIs); default: the --connect "
                 "URI, or learnt from the peer's first request");
  app.add_option("--send-text", o.texts, "send TEXT as one message (repeatable)");
  app.add_option("--send-file", o.files, "send the file at PATH as one message (repeatable)");
  app.add_option("--count", o.count, "load: send N generated messages");
  app.add_option("--size", o.size, "load: bytes per generated message")->capture_default_str();
  app.add_option("--rate", o.rate, "load: messages per second (0: as fast as possible)");
  app.add_option("--chunk-size", o.chunk_size, "body bytes per chunk (0: one chunk per message)")
      ->capture_default_str();
  app.add_option("--content-type", o.content_type, "Content-Type of sent messages");
  app.add_option("--success-report", success, "Success-Report header of our SENDs")
      ->check(CLI::IsMember({"yes", "no"}));
  app.add_option("--failure-report", failure, "Failure-Report header of our SENDs")
      ->check(CLI::IsMember({"yes", "no", "partial"}));
  app.add_option("--abort-after", o.abort_after,
                 "end each sent message with '#' after N body bytes");
  app.add_flag("--interleave", o.interleave, "interleave the chunks of all messages to send");
  app.add_option("--window", o.window, "at most N of our chunks awaiting their response")
      ->capture_default_str();
  app.add_flag("--bind-send", o.bind_send, "send a bodiless SEND first (binds the connection)");
  app.add_option("--save-dir", o.save_dir, "save received messages in DIR, named by Message-ID");
  app.add_option("--expect-messages", o.expect_messages, "done after N complete received messages");
  app.add_option("--expect-reports", o.expect_reports,
                 "done only after N REPORTs arrived (late failure REPORTs)");
  app.add_option("--timeout-ms", o.timeout_ms, "give up (exit 1) after T ms");
  app.add_option("--respond", o.respond, "answer received SEND chunks with this status")
      ->check(CLI::Range(200, 699));
  app.add_option("--recv-rate", o.recv_rate,
                 "read at most B bytes/s per connection (a slow receiver; 0: unlimited)");
  app.add_option("--transaction-timeout-ms", o.transaction_timeout_ms,
                 "response timeout of our SENDs (RFC 4975: 30 s)")
      ->capture_default_str();
  app.add_flag("--json", o.json, "print one JSON object per line per event");
  bool no_chunk_events = false;
  app.add_flag("--no-chunk-events", no_chunk_events,
               "do not print recv_chunk/response events per chunk (load runs)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    exit_code = app.exit(e) == 0 ? 0 : 2;  // --help, or a usage error
    return std::nullopt;
  }
  o.chunk_events = !no_chunk_events;
  auto usage = [&](const std::string& msg) {
    std::cerr << "msrp: " << msg << "\n";
    exit_code = 2;
    return std::nullopt;
  };
  if (listen.empty() == connect.empty()) return usage("give exactly one of --listen, --connect");
  if (!listen.empty()) {
    o.listen = true;
    if (!splitHostPort(listen, o.listen_ip, o.listen_port))
      return usage("--listen wants IP:PORT, got " + listen);
  } else if (connect.rfind("msrp://", 0) == 0 || connect.rfind("msrps://", 0) == 0) {
    auto uri = pm::parseUri(connect);
    if (!uri.ok() || !uri->has_port || uri->scheme != pm::Scheme::kMsrp)
      return usage("--connect: not an msrp:// URI with a port: " + connect);
    o.connect_host = std::string(uri->host);
    o.connect_port = uri->port;
    o.connect_uri = connect;
  } else if (!splitHostPort(connect, o.connect_host, o.connect_port) || o.connect_port == 0) {
    return usage("--connect wants IP:PORT or msrp://..., got " + connect);
  }
  if (!success.empty())
    o.success_report = success == "yes" ? pm::ReportMode::kYes : pm::ReportMode::kNo;
  if (!failure.empty())
    o.failure_report = failure == "yes"  ? pm::ReportMode::kYes
                       : failure == "no" ? pm::ReportMode::kNo
                                         : pm::ReportMode::kPartial;
  if (!o.local_uri.empty() && !pm::parseUri(o.local_uri).ok())
    return usage("--local-uri is not an MSRP URI: " + o.local_uri);
  if (!o.remote_path.empty() && !pm::parsePath(o.remote_path).ok())
    return usage("--remote-path is not a list of MSRP URIs: " + o.remote_path);
  if (o.rate < 0) return usage("--rate must be >= 0");
  if (o.window == 0) return usage("--window must be > 0");
  if (o.transaction_timeout_ms == 0) return usage("--transaction-timeout-ms must be > 0");
  return o;
}

}  // namespace msrpgw::tools::msrp
