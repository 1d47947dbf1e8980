#pragma once
// The engine's own random numbers: PCG32 (O'Neill, pcg-random.org, "pcg32" = XSH-RR 64/32)
// plus our own uniform and normal samplers. We do not use <random>'s distributions because
// libstdc++ and libc++ (Emscripten) draw different numbers from the same engine; with this
// class the same seed gives the same weights natively and in WebAssembly.
//
// Every consumer gets its own stream, named by purpose and index ("init", 3), so removing a
// BatchNorm layer does not shift the numbers any other layer or the batch order receives.

#include <cstdint>
#include <string>
#include <vector>

#include "core/scalar.hpp"

namespace bnlab {

class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream);

  // A stream derived from the experiment seed and a purpose, e.g. ("init", layer index).
  static Rng for_purpose(std::uint64_t seed, const std::string& purpose, std::uint64_t index = 0);

  std::uint32_t next_u32();
  // Uniform integer in [0, bound), unbiased (Lemire's multiply-shift with rejection).
  std::uint32_t next_below(std::uint32_t bound);
  // Uniform double in [0, 1) with 53 random bits.
  double next_unit();
  // Uniform in [low, high).
  double uniform(double low, double high);
  // Standard normal by Box–Muller in double precision. Callers round to Scalar; a last-bit
  // difference between libm implementations almost never survives that rounding.
  double normal();

  // Fisher–Yates shuffle of 0..count-1.
  std::vector<std::uint32_t> permutation(std::uint32_t count);
  // The same shuffle (the same numbers drawn) into `order`, reusing its storage: a run
  // reshuffles every epoch without allocating.
  void permutation_into(std::uint32_t count, std::vector<std::uint32_t>& order);

 private:
  std::uint64_t state_ = 0;
  std::uint64_t increment_ = 0;
  bool has_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

}  // namespace bnlab
