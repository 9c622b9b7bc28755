// What msrpgw writes, as tshark decodes it frame by frame. A dumpcap capture on loopback;
// tshark reassembles each connection's bytes from msrpgw (follow tcp raw); the stream is cut
// into whole MSRP frames at their end-lines and written again one frame per TCP segment,
// because tshark 4.0's MSRP dissector decodes only the first frame of a segment and nothing
// of a segment that starts inside a frame (reference/msrp.md). A stream that is not whole
// frames back to back (interleaved or cut frames) leaves bytes that cut into no frame, or a
// frame whose body hides another frame: fewer frames than the test expects.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/subprocess.h"

namespace msrpgw::test::e2e {

// dumpcap on lo with a capture filter, writing `pcap`.
class LoopbackCapture {
 public:
  LoopbackCapture(const std::string& pcap, const std::string& filter);
  // The capture filter is live (waited for by the constructor).
  bool live() const { return live_; }
  // Ends the capture (after a moment for the last segments); true when dumpcap exits 0.
  bool stop();
  // Packets the kernel or dumpcap dropped, from dumpcap's summary after stop() (-1: none
  // found). A capture that lost packets cannot judge the stream.
  long dropped();
  std::string log() { return proc_.err(); }

 private:
  ChildProcess proc_;
  bool live_ = false;
};

// tshark's lines (frame number, expert message) for the packets of a capture that are
// malformed or decode as MSRP with an expert item of warning level or above. TCP sequence
// analysis is off and TCP-only packets are not judged: their warnings (window full, D-SACK
// on a loaded loopback) judge the kernel, not msrpgw. A D-SACK (TCP option analysis, on
// even so) in an MSRP packet lets that packet's other warnings pass; it is still judged
// for malformed and for MSRP's own expert item (an invalid status code).
CommandResult msrpProblems(const std::string& pcap, const std::vector<std::string>& decode_as);

// Bytes msrpgw (gw_port) wrote toward each of `peer_ports` on 127.0.0.1, reassembled by
// tshark; `err` says what went wrong (empty when all went well).
std::map<uint16_t, std::string> bytesFromGateway(const std::string& pcap, uint16_t gw_port,
                                                 const std::vector<uint16_t>& peer_ports,
                                                 std::string& err);

// Cuts `stream` into whole frames by RFC 4975's rule: "MSRP <tid> " opens a frame, the line
// "-------<tid>" with a flag ($ + #) ends it. What does not cut that way is left in `rest`.
std::vector<std::string> cutFrames(std::string_view stream, std::string& rest);

// One frame as tshark decoded it. Fields tshark did not find are empty.
struct DecodedFrame {
  uint16_t peer_port = 0;
  std::string tid;      // from the start line
  std::string end_tid;  // from the end-line
  std::string method;   // requests
  std::string status;   // responses
  std::string to_path, message_id, byte_range, flag;
  // The body as tshark shows it (CR and LF escaped as \r \n), without the end-line
  // tshark appends to it.
  std::string body;
};

// Writes each connection's frames one per TCP segment from gw_port into `pcap`, then reads
// them back with tshark (MSRP forced on gw_port): one entry per packet, in order. `problems`
// gets tshark's lines for malformed packets and expert items of warning level or above;
// `err` a failure to write or to run tshark.
std::vector<DecodedFrame> decodeOnePerSegment(
    const std::string& pcap, uint16_t gw_port,
    const std::map<uint16_t, std::vector<std::string>>& frames, std::string& problems,
    std::string& err);

}  // namespace msrpgw::test::e2e
