// Counts every allocation made through operator new in the test program (media_unit_tests
// replaces the global operator new), so a test can prove a path allocates nothing.
#pragma once

#include <cstddef>

namespace msrpgw::media::testing {

// Allocations through operator new so far, on every thread.
size_t allocationCount();

}  // namespace msrpgw::media::testing
