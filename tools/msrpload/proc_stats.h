// CPU time and memory of a target process and all its descendants, read from /proc
// (kamailio runs as several processes; msrpgw and tcpfwd as one).
// Thread-safe: reads /proc only.
#pragma once

#include <cstdint>

namespace msrpgw::tools::msrpload {

struct ProcSample {
  bool ok = false;
  double cpu_s = 0;      // utime + stime of every live process of the tree
  uint64_t pss_kib = 0;  // proportional set size summed (shared pages counted once)
  uint64_t hwm_kib = 0;  // VmHWM (peak RSS) summed over the tree
  uint32_t processes = 0;
};

ProcSample sampleProcessTree(int pid);

}  // namespace msrpgw::tools::msrpload
