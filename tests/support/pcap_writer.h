// Writes a classic pcap file (LINKTYPE_RAW: IPv4 packets) from payloads, so tshark's
// dissectors can judge the bytes our writers produce. TCP flows get consecutive sequence
// numbers per direction (payloads over 60000 bytes are cut into several segments); UDP
// payloads go one datagram each.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

namespace msrpgw::test {

struct IpPort {
  uint32_t ip;  // host byte order, e.g. 0x7f000001
  uint16_t port;
};

class PcapWriter {
 public:
  explicit PcapWriter(const std::string& path);
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  void tcp(IpPort src, IpPort dst, std::string_view payload);
  void udp(IpPort src, IpPort dst, std::string_view payload);
  // Flushes and closes; false if any write failed.
  bool close();

 private:
  void packet(IpPort src, IpPort dst, uint8_t proto, std::string_view l4);
  std::FILE* f_ = nullptr;
  bool ok_ = true;
  uint32_t usec_ = 0;
  uint16_t ip_id_ = 1;
  std::map<std::tuple<uint32_t, uint16_t, uint32_t, uint16_t>, uint32_t> seq_;
};

}  // namespace msrpgw::test
