#pragma once
// 2-D average pooling, PyTorch's nn.AvgPool2d(kernel, stride) with padding 0 and floor mode:
// each output is the mean of its k_h × k_w window (with no padding every window divides by
// k_h·k_w, so count_include_pad does not arise). Stride defaults to the kernel in the
// experiment file.

#include "layers/pool2d.hpp"

namespace bnlab {

// Backward needs only the input's shape, which Pool2d saves.
class AvgPool2d final : public Pool2d {
 public:
  // setup: input_sample_shape is (C, H, W); throws UsageError when the kernel does not fit.
  AvgPool2d(const Shape& input_sample_shape, Extent2d kernel, Extent2d stride);
  const char* kind() const override { return "avgpool2d"; }

  // forward / backward
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;
};

}  // namespace bnlab
