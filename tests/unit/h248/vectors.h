// The golden H.248 messages under tests/unit/h248/vectors/: one file per message, named
// for its source (rfc3525_, ts29334_, h248md_, h2481_), CRLF line ends, read as exact bytes.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace msrpgw::proto::h248::test {

struct Vector {
  std::string name;  // file name without ".h248"
  std::string text;
};

inline void PrintTo(const Vector& v, std::ostream* os) {
  *os << v.name;
}

// All vectors, sorted by name.
const std::vector<Vector>& goldenVectors();

// Reads a whole file; empty string if it cannot be read.
std::string readFile(const std::string& path);

}  // namespace msrpgw::proto::h248::test
