#include "tools/msrpload/mgc.h"

#include <cstring>
#include <regex>

#include "proto/h248/peek.h"

namespace msrpgw::tools::msrpload {
namespace {
char g_udp_buffer[65536];
}  // namespace

Mgc::Mgc(uv_loop_t* loop) : loop_(loop), udp_(new uv_udp_t), timer_(new uv_timer_t) {
  uv_udp_init(loop_, udp_);
  udp_->data = this;
  uv_timer_init(loop_, timer_);
  timer_->data = this;
}

Mgc::~Mgc() {
  close();
}

void Mgc::close() {
  if (udp_ == nullptr) return;
  uv_close(reinterpret_cast<uv_handle_t*>(udp_),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_udp_t*>(h); });
  uv_close(reinterpret_cast<uv_handle_t*>(timer_),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
  udp_ = nullptr;
  timer_ = nullptr;
}

int Mgc::listen(const std::string& ip_port, const std::string& mg, Registered on_registered) {
  size_t colon = ip_port.rfind(':');
  std::string ip = ip_port.substr(0, colon);
  int port = std::atoi(ip_port.c_str() + colon + 1);
  sockaddr_in a{};
  int rc = uv_ip4_addr(ip.c_str(), port, &a);
  if (rc == 0) rc = uv_udp_bind(udp_, reinterpret_cast<const sockaddr*>(&a), 0);
  if (rc != 0) return rc;
  int buf = 4 << 20;
  uv_recv_buffer_size(reinterpret_cast<uv_handle_t*>(udp_), &buf);
  header_ = "MEGACO/3 [" + ip + "]:" + std::to_string(port) + "\n";
  on_registered_ = std::move(on_registered);
  uv_timer_start(timer_, onTimer, 500, 500);
  rc = uv_udp_recv_start(udp_, onAlloc, onRecv);
  if (rc == 0 && !mg.empty()) {
    size_t c = mg.rfind(':');
    sockaddr_in m{};
    rc = uv_ip4_addr(mg.substr(0, c).c_str(), std::atoi(mg.c_str() + c + 1), &m);
    if (rc != 0) return rc;
    std::memcpy(&mg_, &m, sizeof m);
    registered_ = true;
    if (on_registered_) on_registered_();
  }
  return rc;
}

void Mgc::onAlloc(uv_handle_t*, size_t, uv_buf_t* buf) {
  *buf = uv_buf_init(g_udp_buffer, sizeof g_udp_buffer);
}

void Mgc::onRecv(uv_udp_t* u, ssize_t n, const uv_buf_t* buf, const sockaddr* from, unsigned) {
  if (n <= 0 || from == nullptr) return;
  static_cast<Mgc*>(u->data)->handle(std::string_view(buf->base, static_cast<size_t>(n)), from);
}

void Mgc::send(const std::string& text) {
  // uv_udp_try_send: loopback datagrams go out at once; the text need not outlive the call.
  uv_buf_t b = uv_buf_init(const_cast<char*>(text.data()), static_cast<unsigned>(text.size()));
  uv_udp_try_send(udp_, &b, 1, reinterpret_cast<const sockaddr*>(&mg_));
}

void Mgc::handle(std::string_view text, const sockaddr* from) {
  auto peek = proto::h248::peekHeader(text);
  if (!peek.ok() || !peek->first_id) return;
  uint32_t tid = *peek->first_id;
  if (peek->first_kind == proto::h248::TransactionKind::kRequest) {
    // msrpgw's requests: the registration ServiceChange (and any Notify): answer them.
    std::memcpy(&mg_, from,
                from->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in));
    bool service_change = text.find("ServiceChange") != std::string_view::npos ||
                          text.find("SC=") != std::string_view::npos;
    if (service_change) {
      send(header_ + "P=" + std::to_string(tid) + "{C=-{SC=ROOT}}");
      if (!registered_) {
        registered_ = true;
        if (on_registered_) on_registered_();
        pump();
      }
    } else {
      send(header_ + "P=" + std::to_string(tid) + "{C=-{N=ROOT}}");
    }
    return;
  }
  if (peek->first_kind != proto::h248::TransactionKind::kReply) return;  // Pending: wait
  auto it = in_flight_.find(tid);
  if (it == in_flight_.end()) return;  // a duplicate reply
  Pending p = std::move(it->second);
  in_flight_.erase(it);
  AddResult r;
  std::string s(text);
  static const std::regex kPath(R"(a=path:(msrp://[^\s}]+))");
  static const std::regex kPort(R"(m=message (\d+) TCP/MSRP)");
  std::smatch m;
  if (s.find("ER=") != std::string::npos || s.find("Error=") != std::string::npos) {
    r.error = s;
  } else {
    auto begin = std::sregex_iterator(s.begin(), s.end(), kPath);
    std::vector<std::string> paths;
    for (auto i = begin; i != std::sregex_iterator(); ++i) paths.push_back((*i)[1]);
    if (paths.size() >= 2 && std::regex_search(s, m, kPort)) {
      r.ok = true;
      r.path_a = paths[0];
      r.path_b = paths[1];
      r.msrp_port = static_cast<uint16_t>(std::stoi(m[1]));
    } else {
      r.error = "no a=path/m=message in reply: " + s;
    }
  }
  p.done(std::move(r));
  pump();
}

void Mgc::add(const std::string& remote_a, const std::string& remote_b, uint32_t chunk_size,
              AddDone done) {
  std::string props = "MO=SR";
  if (chunk_size) props += ",msrpgw/chunksize=" + std::to_string(chunk_size);
  const std::string local = "L{\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\n}";
  uint32_t tid = next_tid_++;
  Pending p;
  p.text = header_ + "T=" + std::to_string(tid) + "{C=${A=${M{ST=1{O{" + props + "}," + local +
           ",R{\n" + remote_a + "}}}},A=${M{ST=1{O{" + props + "}," + local + ",R{\n" + remote_b +
           "}}}}}}";
  p.done = std::move(done);
  queue_.emplace_back(tid, std::move(p));
  pump();
}

void Mgc::pump() {
  if (!registered_) return;
  while (in_flight_.size() < kInFlight && !queue_.empty()) {
    auto [tid, p] = std::move(queue_.front());
    queue_.pop_front();
    p.sent_ms = uv_now(loop_);
    send(p.text);
    in_flight_.emplace(tid, std::move(p));
  }
}

void Mgc::onTimer(uv_timer_t* t) {
  auto* self = static_cast<Mgc*>(t->data);
  uint64_t now = uv_now(self->loop_);
  for (auto& [tid, p] : self->in_flight_) {
    if (now - p.sent_ms >= 2000) {  // lost on the way: msrpgw's reply cache answers a repeat
      p.sent_ms = now;
      self->send(p.text);
    }
  }
}

}  // namespace msrpgw::tools::msrpload
