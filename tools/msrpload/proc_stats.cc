#include "tools/msrpload/proc_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace msrpgw::tools::msrpload {
namespace {

// Fields of /proc/<pid>/stat after the command name (which may hold spaces).
bool readStat(int pid, int* ppid, double* cpu_s) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string s;
  if (!std::getline(f, s)) return false;
  size_t close = s.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream in(s.substr(close + 2));
  std::string field;
  std::vector<std::string> v;
  while (in >> field) v.push_back(field);
  if (v.size() < 13) return false;
  // v[0] = state (field 3), v[1] = ppid (4), v[11] = utime (14), v[12] = stime (15).
  *ppid = std::atoi(v[1].c_str());
  *cpu_s = (std::strtod(v[11].c_str(), nullptr) + std::strtod(v[12].c_str(), nullptr)) /
           static_cast<double>(sysconf(_SC_CLK_TCK));
  return true;
}

uint64_t fieldKib(const std::string& path, const char* name) {
  std::ifstream f(path);
  std::string line;
  size_t n = std::strlen(name);
  while (std::getline(f, line)) {
    if (line.compare(0, n, name) == 0) return std::strtoull(line.c_str() + n, nullptr, 10);
  }
  return 0;
}

}  // namespace

ProcSample sampleProcessTree(int pid) {
  ProcSample out;
  if (pid <= 0) return out;
  std::map<int, int> parent;
  std::map<int, double> cpu;
  if (DIR* d = opendir("/proc")) {
    while (dirent* e = readdir(d)) {
      int p = std::atoi(e->d_name);
      if (p <= 0) continue;
      int pp = 0;
      double c = 0;
      if (readStat(p, &pp, &c)) {
        parent[p] = pp;
        cpu[p] = c;
      }
    }
    closedir(d);
  }
  if (!parent.count(pid)) return out;
  out.ok = true;
  for (const auto& [p, pp] : parent) {
    // In the tree when pid is an ancestor (or p itself).
    int q = p;
    for (int depth = 0; depth < 64 && q > 1 && q != pid; ++depth) {
      auto it = parent.find(q);
      q = it == parent.end() ? 0 : it->second;
    }
    if (q != pid) continue;
    std::string base = "/proc/" + std::to_string(p);
    out.cpu_s += cpu[p];
    uint64_t pss = fieldKib(base + "/smaps_rollup", "Pss:");
    out.pss_kib += pss ? pss : fieldKib(base + "/status", "VmRSS:");
    out.hwm_kib += fieldKib(base + "/status", "VmHWM:");
    ++out.processes;
  }
  return out;
}

}  // namespace msrpgw::tools::msrpload
