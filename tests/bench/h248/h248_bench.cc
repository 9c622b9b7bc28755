// H.248 codec throughput: parse and encode of a typical MSRP Add (MGC -> MG, Local and
// Remote SDP) and of its reply, each beside a memcpy of the same bytes as the baseline.
// Target (issue 3): >= 200,000 parse+encode per second on one core. Reported, not asserted.
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>

#include "proto/h248/encode.h"
#include "proto/h248/parser.h"

namespace {

using namespace msrpgw::proto::h248;

const std::string kAdd =
    "!/3 <pcscf.ims.example.net>:2944\r\n"
    "T=102{C=7001{A=${M{ST=1{O{MO=SR,ipdc/realm=core},L{\r\n"
    "v=0\r\nc=IN IP4 $\r\nm=message $ TCP/MSRP *\r\na=setup:active\r\n},R{\r\n"
    "v=0\r\nc=IN IP4 203.0.113.40\r\nm=message 2855 TCP/MSRP *\r\n"
    "a=path:msrp://203.0.113.40:2855/iau39soe2843z;tcp\r\na=setup:passive\r\n"
    "a=accept-types:message/cpim\r\n}}},E=3{g/cause,hangterm/thb{timerx=60}}}}}";

const std::string kReply =
    "!/3 [192.0.2.2]:2944\r\n"
    "P=102{C=7001{A=msrp/core/18{M{ST=1{L{\r\n"
    "v=0\r\nc=IN IP4 192.0.2.2\r\nm=message 40000 TCP/MSRP *\r\n"
    "a=path:msrp://192.0.2.2:40000/kjhd37s2s20w2a;tcp\r\na=setup:active\r\n}}}}}}";

void memcpyBaseline(benchmark::State& state, const std::string& msg) {
  std::string out(msg.size(), '\0');
  for (auto _ : state) {
    std::memcpy(out.data(), msg.data(), msg.size());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(msg.size()));
}

void parse(benchmark::State& state, const std::string& msg) {
  for (auto _ : state) {
    auto m = parseMessage(msg);
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(msg.size()));
}

void encodeCompactOnly(benchmark::State& state, const std::string& msg) {
  Message m = parseMessage(msg).value();
  std::string out;
  for (auto _ : state) {
    out.clear();
    encode(m, Style::kCompact, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(msg.size()));
}

void parseAndEncode(benchmark::State& state, const std::string& msg) {
  std::string out;
  for (auto _ : state) {
    auto m = parseMessage(msg);
    out.clear();
    encode(*m, Style::kCompact, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(msg.size()));
}

// The MG's round: parse the MGC's Add, encode the reply.
void addRequestReplyRound(benchmark::State& state) {
  Message reply = parseMessage(kReply).value();
  std::string out;
  for (auto _ : state) {
    auto m = parseMessage(kAdd);
    benchmark::DoNotOptimize(m);
    out.clear();
    encode(reply, Style::kCompact, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(memcpyBaseline, add, kAdd);
BENCHMARK_CAPTURE(parse, add, kAdd);
BENCHMARK_CAPTURE(encodeCompactOnly, add, kAdd);
BENCHMARK_CAPTURE(parseAndEncode, add, kAdd);
BENCHMARK_CAPTURE(memcpyBaseline, reply, kReply);
BENCHMARK_CAPTURE(parse, reply, kReply);
BENCHMARK_CAPTURE(encodeCompactOnly, reply, kReply);
BENCHMARK_CAPTURE(parseAndEncode, reply, kReply);
BENCHMARK(addRequestReplyRound);

}  // namespace

BENCHMARK_MAIN();
