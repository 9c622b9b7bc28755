#include "tests/support/tshark.h"

#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "tests/support/subprocess.h"

namespace msrpgw::test {
namespace {

std::vector<std::string> baseArgs(const std::string& pcap,
                                  const std::vector<std::string>& decode_as) {
  std::vector<std::string> a = {"tshark", "-n", "-r", pcap};
  for (const auto& d : decode_as) {
    a.push_back("-d");
    a.push_back(d);
  }
  return a;
}

}  // namespace

TsharkFields tsharkFields(const std::string& pcap, const std::vector<std::string>& decode_as,
                          const std::string& display_filter,
                          const std::vector<std::string>& fields) {
  auto args = baseArgs(pcap, decode_as);
  if (!display_filter.empty()) {
    args.push_back("-Y");
    args.push_back(display_filter);
  }
  for (const char* o :
       {"-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=|"}) {
    args.push_back(o);
  }
  for (const auto& f : fields) {
    args.push_back("-e");
    args.push_back(f);
  }
  CommandResult r = runCommand(args);
  TsharkFields out;
  out.exit_code = r.exit_code;
  out.err = r.err;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> row;
    size_t pos = 0;
    for (;;) {
      size_t tab = line.find('\t', pos);
      row.push_back(line.substr(pos, tab == std::string::npos ? std::string::npos : tab - pos));
      if (tab == std::string::npos) break;
      pos = tab + 1;
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

int tsharkProblemCount(const std::string& pcap, const std::vector<std::string>& decode_as) {
  auto args = baseArgs(pcap, decode_as);
  for (const char* o : {"-Y", "_ws.malformed || _ws.expert.severity >= warning", "-T", "fields",
                        "-e", "frame.number"}) {
    args.push_back(o);
  }
  CommandResult r = runCommand(args);
  if (r.exit_code != 0) return -1;
  int n = 0;
  for (char c : r.out) n += (c == '\n');
  return n;
}

std::string tsharkVerbose(const std::string& pcap, const std::vector<std::string>& decode_as) {
  auto args = baseArgs(pcap, decode_as);
  args.push_back("-V");
  return runCommand(args).out;
}

std::string tempPath(const std::string& name) {
  static std::string dir = [] {
    char tmpl[] = "/tmp/msrpgw-tshark-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    return std::string(tmpl);
  }();
  return dir + "/" + name;
}

}  // namespace msrpgw::test
