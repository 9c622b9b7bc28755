#include "tests/interop/msrp_e2e_tshark/frame_capture.h"

#include <signal.h>

#include <cstdlib>
#include <sstream>
#include <thread>

#include "tests/support/pcap_writer.h"
#include "tests/support/tshark.h"

namespace msrpgw::test::e2e {

using namespace std::chrono_literals;

namespace {

constexpr uint32_t kLoopback = 0x7f000001;

// The port of a follow header line "Node 0: 127.0.0.1:40123" (0 if none).
uint16_t nodePort(const std::string& line) {
  const size_t colon = line.rfind(':');
  if (colon == std::string::npos || colon + 1 >= line.size()) return 0;
  return static_cast<uint16_t>(std::stoul(line.substr(colon + 1)));
}

bool appendHex(const std::string& hex, std::string& out) {
  if (hex.size() % 2 != 0) return false;
  for (size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  }
  return true;
}

}  // namespace

LoopbackCapture::LoopbackCapture(const std::string& pcap, const std::string& filter)
    : proc_({"dumpcap", "-i", "lo", "-f", filter, "-w", pcap}) {
  live_ = proc_.waitForErr("Capturing on", 20s);
  std::this_thread::sleep_for(1s);  // dumpcap says so a moment before its filter is live
}

bool LoopbackCapture::stop() {
  std::this_thread::sleep_for(300ms);  // the last segments reach the capture
  proc_.signal(SIGINT);
  return proc_.waitExit(20s) == 0;
}

CommandResult msrpProblems(const std::string& pcap, const std::vector<std::string>& decode_as) {
  std::vector<std::string> args = {"tshark", "-n", "-r",
                                   pcap,     "-o", "tcp.analyze_sequence_numbers:FALSE"};
  for (const auto& d : decode_as) args.insert(args.end(), {"-d", d});
  const std::string judge =
      "_ws.malformed || msrp.status.code.invalid || "
      "(msrp && _ws.expert.severity >= warning && !tcp.options.sack.dsack)";
  args.insert(args.end(),
              {"-Y", judge, "-T", "fields", "-e", "frame.number", "-e", "_ws.expert.message"});
  return runCommand(args);
}

long LoopbackCapture::dropped() {
  // "Packets received/dropped on interface 'Loopback: lo': 612/0 (pcap:0/...)"
  const std::string log = proc_.err(), key = "received/dropped on interface";
  const size_t at = log.find(key);
  if (at == std::string::npos) return -1;
  const size_t slash = log.find('/', log.find("': ", at));
  if (slash == std::string::npos) return -1;
  return std::strtol(log.c_str() + slash + 1, nullptr, 10);
}

std::map<uint16_t, std::string> bytesFromGateway(const std::string& pcap, uint16_t gw_port,
                                                 const std::vector<uint16_t>& peer_ports,
                                                 std::string& err) {
  std::vector<std::string> args = {"tshark", "-n", "-r", pcap, "-q"};
  for (uint16_t p : peer_ports) {
    args.insert(args.end(), {"-z", "follow,tcp,raw,127.0.0.1:" + std::to_string(p) +
                                       ",127.0.0.1:" + std::to_string(gw_port)});
  }
  CommandResult r = runCommand(args);
  std::map<uint16_t, std::string> out;
  if (r.exit_code != 0) {
    err = "tshark follow failed: " + r.err;
    return out;
  }
  // A block per connection: "Node 0: a:p" and "Node 1: b:q" name its ends; then one hex
  // line per segment, tab-indented when node 1 sent it.
  std::istringstream in(r.out);
  std::string line;
  uint16_t node[2] = {0, 0};
  std::string* to_peer = nullptr;
  bool gw_is_node1 = false;
  while (std::getline(in, line)) {
    if (line.rfind("Node 0: ", 0) == 0) {
      node[0] = nodePort(line);
    } else if (line.rfind("Node 1: ", 0) == 0) {
      node[1] = nodePort(line);
      gw_is_node1 = node[1] == gw_port;
      const uint16_t peer = gw_is_node1 ? node[0] : node[1];
      to_peer = (gw_is_node1 || node[0] == gw_port) ? &out[peer] : nullptr;
    } else if (line.rfind("====", 0) == 0) {
      to_peer = nullptr;
    } else if (to_peer && !line.empty() && line.find(':') == std::string::npos) {
      const bool from_node1 = line[0] == '\t';
      if (from_node1 != gw_is_node1) continue;  // the peer's bytes
      if (!appendHex(line.substr(from_node1 ? 1 : 0), *to_peer)) err = "odd hex line: " + line;
    }
  }
  for (uint16_t p : peer_ports) {
    if (out.count(p) == 0) err += "no connection of port " + std::to_string(p) + " captured\n";
  }
  return out;
}

std::vector<std::string> cutFrames(std::string_view stream, std::string& rest) {
  std::vector<std::string> frames;
  while (stream.substr(0, 5) == "MSRP ") {
    const size_t sp = stream.find(' ', 5);
    if (sp == std::string_view::npos) break;
    const std::string end = "\r\n-------" + std::string(stream.substr(5, sp - 5));
    size_t len = 0;
    // The first end-line of this tid with a flag and CRLF (a longer tid only starts alike).
    for (size_t at = stream.find(end); at != std::string_view::npos;
         at = stream.find(end, at + 1)) {
      const size_t flag = at + end.size();
      if (flag + 3 <= stream.size() &&
          std::string_view("$+#").find(stream[flag]) != std::string_view::npos &&
          stream.substr(flag + 1, 2) == "\r\n") {
        len = flag + 3;
        break;
      }
    }
    if (len == 0) break;
    frames.emplace_back(stream.substr(0, len));
    stream.remove_prefix(len);
  }
  rest = std::string(stream);
  return frames;
}

std::vector<DecodedFrame> decodeOnePerSegment(
    const std::string& pcap, uint16_t gw_port,
    const std::map<uint16_t, std::vector<std::string>>& frames, std::string& problems,
    std::string& err) {
  PcapWriter w(pcap);
  for (const auto& [peer, list] : frames) {
    for (const std::string& f : list) w.tcp({kLoopback, gw_port}, {kLoopback, peer}, f);
  }
  if (!w.close()) {
    err = "could not write " + pcap;
    return {};
  }
  const std::vector<std::string> decode = {"tcp.port==" + std::to_string(gw_port) + ",msrp"};
  // Every packet is judged here, TCP included: the writer made them, one frame each.
  const std::string judge = "_ws.malformed || _ws.expert.severity >= warning";
  CommandResult p = runCommand({"tshark", "-n", "-r", pcap, "-d", decode[0], "-Y", judge, "-T",
                                "fields", "-e", "frame.number", "-e", "_ws.expert.message"});
  if (p.exit_code != 0) err = "tshark failed: " + p.err;
  problems = p.out;
  TsharkFields t = tsharkFields(
      pcap, decode, "",
      {"tcp.dstport", "msrp.transaction.id", "msrp.method", "msrp.status.code", "msrp.to.path",
       "msrp.messageid", "msrp.byte.range", "msrp.cnt.flg", "msrp.data"});
  if (t.exit_code != 0) {
    err += "tshark failed: " + t.err;
    return {};
  }
  std::vector<DecodedFrame> out;
  for (auto& row : t.rows) {
    row.resize(9);
    DecodedFrame d;
    d.peer_port = row[0].empty() ? 0 : static_cast<uint16_t>(std::stoul(row[0]));
    // The transaction id twice, start line then end-line ("tid|tid").
    const size_t bar = row[1].find('|');
    d.tid = row[1].substr(0, bar);
    d.end_tid = bar == std::string::npos ? "" : row[1].substr(bar + 1);
    d.method = row[2];
    d.status = row[3];
    d.to_path = row[4];
    d.message_id = row[5];
    d.byte_range = row[6];
    d.flag = row[7];
    d.body = row[8];
    const std::string end_line = "\\r\\n-------" + d.end_tid + d.flag + "\\r\\n";
    if (d.body.size() >= end_line.size() &&
        d.body.compare(d.body.size() - end_line.size(), end_line.size(), end_line) == 0) {
      d.body.resize(d.body.size() - end_line.size());
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace msrpgw::test::e2e
