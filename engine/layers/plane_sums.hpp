#pragma once
// Sums over one contiguous plane of values (a channel's H·W positions of one sample), in
// double, for BatchNorm's statistics and backward. A plain `sum += value` loop is one chain of
// dependent additions that no compiler may reorder, so it runs at one addition per FP-add
// latency and never uses SIMD. These add in `lanes` interleaved partial sums instead — lane k
// takes values k, k + lanes, k + 2·lanes, ... — which the compilers turn into packed double
// additions, and combine the lanes in one fixed order at the end. The order is written out
// here, not left to the compiler, so native and WebAssembly builds add in exactly the same
// order and agree bit for bit.

#include <cstddef>

#include "core/scalar.hpp"

namespace bnlab {
namespace plane_sums {

constexpr std::size_t lanes = 8;

inline double combine(const double (&partial)[lanes]) {
  return ((partial[0] + partial[4]) + (partial[2] + partial[6])) +
         ((partial[1] + partial[5]) + (partial[3] + partial[7]));
}

// Σ values[i]
inline double sum(const Scalar* values, std::size_t count) {
  double partial[lanes] = {};
  std::size_t index = 0;
  for (; index + lanes <= count; index += lanes) {
    for (std::size_t lane = 0; lane < lanes; ++lane) partial[lane] += static_cast<double>(values[index + lane]);
  }
  for (std::size_t lane = 0; index + lane < count; ++lane) partial[lane] += static_cast<double>(values[index + lane]);
  return combine(partial);
}

// Σ (values[i] − mean)²
inline double sum_of_squared_deviations(const Scalar* values, std::size_t count, double mean) {
  double partial[lanes] = {};
  std::size_t index = 0;
  for (; index + lanes <= count; index += lanes) {
    for (std::size_t lane = 0; lane < lanes; ++lane) {
      const double deviation = static_cast<double>(values[index + lane]) - mean;
      partial[lane] += deviation * deviation;
    }
  }
  for (std::size_t lane = 0; index + lane < count; ++lane) {
    const double deviation = static_cast<double>(values[index + lane]) - mean;
    partial[lane] += deviation * deviation;
  }
  return combine(partial);
}

// Σ a[i] and Σ a[i]·b[i] in one sweep (BatchNorm's backward: Σdy and Σdy·x̂).
inline void sum_and_dot(const Scalar* a, const Scalar* b, std::size_t count, double& sum_of_a, double& dot) {
  double partial_sum[lanes] = {};
  double partial_dot[lanes] = {};
  std::size_t index = 0;
  for (; index + lanes <= count; index += lanes) {
    for (std::size_t lane = 0; lane < lanes; ++lane) {
      partial_sum[lane] += static_cast<double>(a[index + lane]);
      partial_dot[lane] += static_cast<double>(a[index + lane] * b[index + lane]);
    }
  }
  for (std::size_t lane = 0; index + lane < count; ++lane) {
    partial_sum[lane] += static_cast<double>(a[index + lane]);
    partial_dot[lane] += static_cast<double>(a[index + lane] * b[index + lane]);
  }
  sum_of_a = combine(partial_sum);
  dot = combine(partial_dot);
}

}  // namespace plane_sums
}  // namespace bnlab
