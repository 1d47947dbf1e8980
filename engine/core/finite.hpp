#pragma once
// Whether a tensor holds only finite values: the check Run makes on every parameter, gradient
// and buffer after each step (docs/ERRORS.md, divergence), so it must cost one vectorized pass.

#include "core/tensor.hpp"

namespace bnlab {

// True when no value is NaN or ±infinity (true for an empty tensor).
bool all_finite(const Tensor& tensor);

}  // namespace bnlab
