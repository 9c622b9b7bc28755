// Monotonic time for the control plane, injectable so tests run timers on a fake clock.
// Owner: control loop.
#pragma once

#include <cstdint>

namespace msrpgw::control {

using Millis = int64_t;  // milliseconds on a monotonic clock

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis now() const = 0;
};

}  // namespace msrpgw::control
