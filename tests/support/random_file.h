// Files of pseudo-random bytes for transfer tests, and reading one back whole to compare.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace msrpgw::test {

// Writes `size` bytes drawn from mt19937_64(seed) to tempPath(name); returns the path.
std::string writeRandomFile(const std::string& name, size_t size, uint64_t seed);

// The whole content of `path` ("" if it cannot be read).
std::string readFile(const std::string& path);

}  // namespace msrpgw::test
