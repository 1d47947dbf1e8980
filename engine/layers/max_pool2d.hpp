#pragma once
// 2-D max pooling, PyTorch's nn.MaxPool2d(kernel, stride) with padding 0 and floor mode: each
// output is the largest value of its k_h × k_w window (windows that would run past the edge
// are dropped, so 5×5 with k = 2 gives 2×2). Stride defaults to the kernel in the experiment
// file. Ties: the first maximum in row-major window order gets the gradient, as in PyTorch;
// a NaN in a window wins (and propagates), also as in PyTorch.

#include <cstdint>
#include <vector>

#include "layers/pool2d.hpp"

namespace bnlab {

class MaxPool2d final : public Pool2d {
 public:
  // setup: input_sample_shape is (C, H, W); throws UsageError when the kernel does not fit.
  MaxPool2d(const Shape& input_sample_shape, Extent2d kernel, Extent2d stride);
  const char* kind() const override { return "maxpool2d"; }

  // forward / backward
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;

 private:
  // saved for backward (with the input shape, which Pool2d saves): for every output, the index
  // of its maximum within its (H, W) plane
  std::vector<std::uint32_t> argmax_;
};

}  // namespace bnlab
