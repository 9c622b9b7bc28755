#include "tests/support/random_file.h"

#include <fstream>
#include <iterator>
#include <random>

#include "tests/support/tshark.h"

namespace msrpgw::test {

std::string writeRandomFile(const std::string& name, size_t size, uint64_t seed) {
  std::string path = tempPath(name);
  std::mt19937_64 rng(seed);
  std::string s(size, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  std::ofstream(path, std::ios::binary) << s;
  return path;
}

std::string readFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

}  // namespace msrpgw::test
