#include "tests/support/pcap_writer.h"

#include <stdexcept>
#include <string>

namespace msrpgw::test {
namespace {

void put16(std::string& s, uint16_t v) {
  s.push_back(static_cast<char>(v >> 8));
  s.push_back(static_cast<char>(v & 0xff));
}
void put32(std::string& s, uint32_t v) {
  put16(s, static_cast<uint16_t>(v >> 16));
  put16(s, static_cast<uint16_t>(v & 0xffff));
}
void le32(std::FILE* f, uint32_t v, bool& ok) {
  unsigned char b[4] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8),
                        static_cast<unsigned char>(v >> 16), static_cast<unsigned char>(v >> 24)};
  ok &= std::fwrite(b, 1, 4, f) == 4;
}
uint16_t checksum(std::string_view d) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < d.size(); i += 2) {
    sum += (static_cast<uint8_t>(d[i]) << 8) | static_cast<uint8_t>(d[i + 1]);
  }
  if (d.size() % 2) sum += static_cast<uint8_t>(d.back()) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

}  // namespace

PcapWriter::PcapWriter(const std::string& path) {
  f_ = std::fopen(path.c_str(), "wb");
  if (!f_) throw std::runtime_error("cannot write " + path);
  le32(f_, 0xa1b2c3d4, ok_);  // magic, microsecond timestamps
  unsigned char ver[4] = {2, 0, 4, 0};
  ok_ &= std::fwrite(ver, 1, 4, f_) == 4;
  le32(f_, 0, ok_);       // thiszone
  le32(f_, 0, ok_);       // sigfigs
  le32(f_, 262144, ok_);  // snaplen
  le32(f_, 101, ok_);     // LINKTYPE_RAW
}

PcapWriter::~PcapWriter() {
  close();
}

bool PcapWriter::close() {
  if (f_) {
    ok_ &= std::fclose(f_) == 0;
    f_ = nullptr;
  }
  return ok_;
}

void PcapWriter::packet(IpPort src, IpPort dst, uint8_t proto, std::string_view l4) {
  std::string ip;
  ip.push_back(0x45);
  ip.push_back(0);
  put16(ip, static_cast<uint16_t>(20 + l4.size()));
  put16(ip, ip_id_++);
  put16(ip, 0x4000);  // don't fragment
  ip.push_back(64);
  ip.push_back(static_cast<char>(proto));
  put16(ip, 0);
  put32(ip, src.ip);
  put32(ip, dst.ip);
  uint16_t c = checksum(ip);
  ip[10] = static_cast<char>(c >> 8);
  ip[11] = static_cast<char>(c & 0xff);
  ip.append(l4);
  usec_ += 1000;
  le32(f_, 1700000000 + usec_ / 1000000, ok_);
  le32(f_, usec_ % 1000000, ok_);
  le32(f_, static_cast<uint32_t>(ip.size()), ok_);
  le32(f_, static_cast<uint32_t>(ip.size()), ok_);
  ok_ &= std::fwrite(ip.data(), 1, ip.size(), f_) == ip.size();
}

void PcapWriter::tcp(IpPort src, IpPort dst, std::string_view payload) {
  auto key = std::make_tuple(src.ip, src.port, dst.ip, dst.port);
  auto back = std::make_tuple(dst.ip, dst.port, src.ip, src.port);
  if (!seq_.count(key)) seq_[key] = 1000;
  if (!seq_.count(back)) seq_[back] = 5000;
  constexpr size_t kMaxSegment = 60000;
  do {
    std::string_view part = payload.substr(0, kMaxSegment);
    payload.remove_prefix(part.size());
    std::string t;
    put16(t, src.port);
    put16(t, dst.port);
    put32(t, seq_[key]);
    put32(t, seq_[back]);
    t.push_back(0x50);  // data offset 5 words
    t.push_back(0x18);  // PSH, ACK
    put16(t, 65535);
    put16(t, 0);  // checksum left 0: tshark does not verify it by default
    put16(t, 0);
    t.append(part);
    seq_[key] += static_cast<uint32_t>(part.size());
    packet(src, dst, 6, t);
  } while (!payload.empty());
}

void PcapWriter::udp(IpPort src, IpPort dst, std::string_view payload) {
  std::string u;
  put16(u, src.port);
  put16(u, dst.port);
  put16(u, static_cast<uint16_t>(8 + payload.size()));
  put16(u, 0);
  u.append(payload);
  packet(src, dst, 17, u);
}

}  // namespace msrpgw::test
