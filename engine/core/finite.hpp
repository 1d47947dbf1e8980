#pragma once
// Whether a tensor holds only finite values: the check Run makes on every parameter, gradient
// and buffer after each step (docs/ERRORS.md, divergence), so it must cost one vectorized pass,
// or none where the values are being written anyway (finite_watch below).

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "core/tensor.hpp"

namespace bnlab {

// True when no value is NaN or ±infinity (true for an empty tensor).
bool all_finite(const Tensor& tensor);

// Watches the values an update loop writes, at the cost of an integer max per value: NaN and
// ±infinity are the only values whose exponent field is all ones, so the largest exponent
// field seen tells whether any was not finite. An integer max is a reduction the compiler may
// reorder, so the loop stays vectorized, where a floating-point sum of x − x would not.
// The watch is a plain local value rather than an object with a method: clang vectorizes a
// reduction into a local variable, not into a member it must keep in memory.
namespace finite_watch {

using Bits = std::conditional_t<sizeof(Scalar) == 4, std::uint32_t, std::uint64_t>;
constexpr Bits exponent_mask = sizeof(Scalar) == 4 ? Bits(0x7F800000u) : Bits(0x7FF0000000000000ull);

// The exponent field of one value, to take the max of.
inline Bits exponent_of(Scalar value) {
  Bits bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits & exponent_mask;
}

// Whether the largest exponent field of a loop's values belongs to finite values only.
inline bool all_finite(Bits largest_exponent) { return largest_exponent != exponent_mask; }

}  // namespace finite_watch

}  // namespace bnlab
