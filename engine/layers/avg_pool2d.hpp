#pragma once
// 2-D average pooling, PyTorch's nn.AvgPool2d(kernel, stride, padding, ceil_mode,
// count_include_pad): each output is the sum of the real inputs of its k_h × k_w window
// divided by
//   count_include_pad (default): the window's cells within input + padding (zeros counted;
//                                a ceil-mode window running past the right padding counts
//                                only up to it, as PyTorch does),
//   otherwise:                   the window's real inputs only.
// Without padding or ceil-mode overhang every window divides by k_h·k_w. Stride defaults to
// the kernel in the experiment file.

#include "layers/pool2d.hpp"

namespace bnlab {

// Backward needs only the input's shape, which Pool2d saves.
class AvgPool2d final : public Pool2d {
 public:
  // setup: input_sample_shape is (C, H, W); throws UsageError when the kernel does not fit.
  AvgPool2d(const Shape& input_sample_shape, const PoolWindow& window, bool count_include_pad = true);
  AvgPool2d(const Shape& input_sample_shape, Extent2d kernel, Extent2d stride)
      : AvgPool2d(input_sample_shape, PoolWindow{kernel, stride, {0, 0}, false}) {}
  const char* kind() const override { return "avgpool2d"; }
  bool count_include_pad() const { return count_include_pad_; }

  // forward / backward
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;

 private:
  // What output (out_y, out_x)'s sum is divided by (the general path's divisor).
  std::size_t divisor(const WindowSpan& rows, const WindowSpan& columns) const;

  bool count_include_pad_;
};

}  // namespace bnlab
