#include "tests/unit/h248/vectors.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace msrpgw::proto::h248::test {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::vector<Vector>& goldenVectors() {
  static const std::vector<Vector> all = [] {
    std::vector<Vector> v;
    std::filesystem::path dir =
        std::filesystem::path(MSRPGW_SOURCE_DIR) / "tests/unit/h248/vectors";
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() != ".h248") continue;
      v.push_back({e.path().stem().string(), readFile(e.path().string())});
    }
    std::sort(v.begin(), v.end(), [](const Vector& a, const Vector& b) { return a.name < b.name; });
    return v;
  }();
  return all;
}

}  // namespace msrpgw::proto::h248::test
