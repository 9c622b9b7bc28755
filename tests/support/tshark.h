// tshark as an independent oracle: read a pcap written by PcapWriter and return the
// fields its dissectors decoded, one row per packet (or per matching PDU).
#pragma once

#include <string>
#include <vector>

namespace msrpgw::test {

struct TsharkFields {
  int exit_code = -1;
  std::string err;
  std::vector<std::vector<std::string>> rows;  // one per packet line, one cell per field
};

// Runs `tshark -r pcap [-d decode_as] [-Y filter] -T fields -E separator=/t
// -E occurrence=a -E aggregator=| -e f1 -e f2 ...` (two passes off, no name resolution).
TsharkFields tsharkFields(const std::string& pcap, const std::vector<std::string>& decode_as,
                          const std::string& display_filter,
                          const std::vector<std::string>& fields);

// Number of packets with an expert item at warning level or above, or a malformed mark.
int tsharkProblemCount(const std::string& pcap, const std::vector<std::string>& decode_as);

// Verbose text dissection (-V), for failure messages.
std::string tsharkVerbose(const std::string& pcap, const std::vector<std::string>& decode_as);

// A fresh file path in a per-process temporary folder.
std::string tempPath(const std::string& name);

}  // namespace msrpgw::test
