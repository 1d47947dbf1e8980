#include "core/finite.hpp"

#include <cmath>

#include "core/lanes.hpp"

namespace bnlab {

bool all_finite(const Tensor& tensor) {
  // x − x is exactly 0 for every finite x and NaN for NaN and ±infinity, so the sum of all
  // x − x is 0 exactly when every value is finite (the order of the sum cannot matter for a
  // sum of zeros). Four independent sums of four lanes keep the adds from waiting on each
  // other: Eigen's sum() of x − x took twice as long in WebAssembly (29 against 15 µs on the
  // Ioffe network's ~100 000 parameters), and its allFinite() is a scalar loop with an early
  // exit per value that, three times a step, cost more than BatchNorm.
  const Scalar* values = tensor.data();
  const std::size_t count = tensor.size();
  Lanes first{}, second{}, third{}, fourth{};
  std::size_t index = 0;
  for (; index + 16 <= count; index += 16) {
    const Lanes a = *reinterpret_cast<const UnalignedLanes*>(values + index);
    const Lanes b = *reinterpret_cast<const UnalignedLanes*>(values + index + 4);
    const Lanes c = *reinterpret_cast<const UnalignedLanes*>(values + index + 8);
    const Lanes d = *reinterpret_cast<const UnalignedLanes*>(values + index + 12);
    first += a - a;
    second += b - b;
    third += c - c;
    fourth += d - d;
  }
  const Lanes lanes = (first + second) + (third + fourth);
  Scalar sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
  for (; index < count; ++index) sum += values[index] - values[index];
  return std::isfinite(sum);
}

}  // namespace bnlab
