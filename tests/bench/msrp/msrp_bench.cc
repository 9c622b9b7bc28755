// MSRP parser throughput against baselines over the same bytes in the same run:
//   (a) a stream of 200-byte SEND frames, fed in 64 KiB reads (frames/s and MB/s);
//   (b) 64 KiB chunks of random binary data, fed in 64 KiB reads;
// baselines: memchr (scan for a byte that is absent) and memcpy into another buffer.
// After the runs it prints each case's throughput as a ratio of the baselines.
#include <benchmark/benchmark.h>

#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "proto/msrp/parser.h"

namespace {

using namespace msrpgw::proto::msrp;

constexpr size_t kRead = size_t{64} * 1024;

std::string smallFrames(size_t count) {
  std::string head =
      "MSRP a1b2c3d4 SEND\r\nTo-Path: msrp://10.0.0.1:2855/gw7H;tcp\r\n"
      "From-Path: msrp://10.0.0.2:40000/cl9X;tcp\r\nMessage-ID: m1234567\r\n"
      "Byte-Range: 1-NN/NN\r\nContent-Type: text/plain\r\n\r\n";
  const std::string end = "\r\n-------a1b2c3d4$\r\n";
  size_t body = 200 - head.size() - end.size();
  std::string nn = std::to_string(body);
  head.replace(head.find("NN/NN"), 5, nn + "/" + nn);
  body = 200 - head.size() - end.size();
  std::string frame = head + std::string(body, 'x') + end;
  if (frame.size() != 200) std::abort();
  std::string out;
  out.reserve(count * frame.size());
  for (size_t i = 0; i < count; ++i) out += frame;
  return out;
}

std::string bigChunks(size_t count) {
  std::mt19937_64 rng(64);
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    std::string tid = "bigtid" + std::to_string(1000 + i) + "Xq9";
    out += "MSRP " + tid +
           " SEND\r\nTo-Path: msrp://127.0.0.1:2855/gw7Hs2kQ;tcp\r\n"
           "From-Path: msrp://127.0.0.1:40000/cl9Xa3Lm;tcp\r\nMessage-ID: big00001\r\n"
           "Byte-Range: " +
           std::to_string(i * 65536 + 1) + "-" + std::to_string((i + 1) * 65536) +
           "/*\r\nContent-Type: application/octet-stream\r\n\r\n";
    for (size_t j = 0; j < 65536; ++j) out.push_back(static_cast<char>(rng()));
    out += "\r\n-------" + tid + "+\r\n";
  }
  return out;
}

struct Counter : FrameSink {
  size_t frames = 0, body = 0;
  void onHead(const FrameHead& h) override { benchmark::DoNotOptimize(h.headers.size()); }
  void onBody(msrpgw::ByteView b) override { body += b.size(); }
  void onEnd(EndFlag) override { ++frames; }
};

void parseAll(benchmark::State& state, const std::string& stream) {
  Counter sink;
  Parser parser(sink);
  for (auto _ : state) {
    for (size_t pos = 0; pos < stream.size(); pos += kRead) {
      std::string_view read(stream.data() + pos, std::min(kRead, stream.size() - pos));
      size_t off = 0;
      while (off < read.size()) {
        FeedResult r = parser.feed(read.substr(off));
        off += r.consumed;
        if (r.status == FeedStatus::kError) state.SkipWithError("parse error");
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stream.size()));
  state.counters["frames_per_s"] =
      benchmark::Counter(static_cast<double>(sink.frames), benchmark::Counter::kIsRate);
}

void memchrAll(benchmark::State& state, const std::string& stream) {
  for (auto _ : state) {
    for (size_t pos = 0; pos < stream.size(); pos += kRead) {
      // Every occurrence of one byte value, so random data is scanned in full too.
      const char* p = stream.data() + pos;
      const char* end = p + std::min(kRead, stream.size() - pos);
      size_t hits = 0;
      while (const void* q = std::memchr(p, '\a', static_cast<size_t>(end - p))) {
        ++hits;
        p = static_cast<const char*>(q) + 1;
      }
      benchmark::DoNotOptimize(hits);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stream.size()));
}

void memcpyAll(benchmark::State& state, const std::string& stream) {
  std::string dst(kRead, '\0');
  for (auto _ : state) {
    for (size_t pos = 0; pos < stream.size(); pos += kRead) {
      size_t n = std::min(kRead, stream.size() - pos);
      std::memcpy(dst.data(), stream.data() + pos, n);
      benchmark::ClobberMemory();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stream.size()));
}

const std::string& small() {
  static const std::string s = smallFrames(5000);  // 1 MB
  return s;
}
const std::string& big() {
  static const std::string s = bigChunks(16);  // ~1 MiB
  return s;
}

void BM_Small_Parse(benchmark::State& s) {
  parseAll(s, small());
}
void BM_Small_Memchr(benchmark::State& s) {
  memchrAll(s, small());
}
void BM_Small_Memcpy(benchmark::State& s) {
  memcpyAll(s, small());
}
void BM_Chunk64K_Parse(benchmark::State& s) {
  parseAll(s, big());
}
void BM_Chunk64K_Memchr(benchmark::State& s) {
  memchrAll(s, big());
}
void BM_Chunk64K_Memcpy(benchmark::State& s) {
  memcpyAll(s, big());
}
BENCHMARK(BM_Small_Parse);
BENCHMARK(BM_Small_Memchr);
BENCHMARK(BM_Small_Memcpy);
BENCHMARK(BM_Chunk64K_Parse);
BENCHMARK(BM_Chunk64K_Memchr);
BENCHMARK(BM_Chunk64K_Memcpy);

// Collects bytes/s per case to print the ratios after the standard report.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      auto it = r.counters.find("bytes_per_second");
      if (it != r.counters.end()) rate_[r.benchmark_name()] = it->second.value;
      auto f = r.counters.find("frames_per_s");
      if (f != r.counters.end()) frames_[r.benchmark_name()] = f->second.value;
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    std::string cpu;
    std::ifstream info("/proc/cpuinfo");
    for (std::string line; std::getline(info, line);) {
      if (line.rfind("model name", 0) == 0) {
        cpu = line.substr(line.find(':') + 2);
        break;
      }
    }
    std::printf("\nCPU: %s\n", cpu.c_str());
    for (const char* c : {"Small", "Chunk64K"}) {
      std::string p = std::string("BM_") + c + "_Parse";
      double parse = rate_[p], mc = rate_[std::string("BM_") + c + "_Memcpy"],
             mh = rate_[std::string("BM_") + c + "_Memchr"];
      std::printf(
          "%-9s parse %8.1f MB/s  memcpy %8.1f MB/s  memchr %8.1f MB/s  parse/memcpy %.2f  "
          "parse/memchr %.2f",
          c, parse / 1e6, mc / 1e6, mh / 1e6, mc > 0 ? parse / mc : 0, mh > 0 ? parse / mh : 0);
      if (frames_[p] > 0) std::printf("  frames/s %.0f", frames_[p]);
      std::printf("\n");
    }
  }

 private:
  std::map<std::string, double> rate_, frames_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
