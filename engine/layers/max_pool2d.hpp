#pragma once
// 2-D max pooling, PyTorch's nn.MaxPool2d(kernel, stride, padding, ceil_mode) (dilation 1):
// each output is the largest value of its k_h × k_w window. Padding counts as −∞ (it never
// wins), so a window only ever picks a real input; in floor mode windows that would run past
// the padded edge are dropped (5×5 with k = 2 gives 2×2), in ceil mode they are kept, clipped,
// as long as they start inside the input or the left padding. Stride defaults to the kernel in
// the experiment file. Ties: the first maximum in row-major window order gets the gradient, as
// in PyTorch; a NaN in a window wins (and propagates), also as in PyTorch.

#include <cstdint>
#include <vector>

#include "layers/pool2d.hpp"

namespace bnlab {

class MaxPool2d final : public Pool2d {
 public:
  // setup: input_sample_shape is (C, H, W); throws UsageError when the kernel does not fit.
  MaxPool2d(const Shape& input_sample_shape, const PoolWindow& window);
  MaxPool2d(const Shape& input_sample_shape, Extent2d kernel, Extent2d stride)
      : MaxPool2d(input_sample_shape, PoolWindow{kernel, stride, {0, 0}, false}) {}
  const char* kind() const override { return "maxpool2d"; }

  // forward / backward
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;

 private:
  // The general forward, for windows that reach into the padding (clips_windows_).
  void forward_clipped(const Tensor& input, const PlaneSizes& sizes);
  // 2 × 2 windows at stride 2 (the lessons' pool), none reaching into the padding; used in
  // WebAssembly only (see forward()).
  void forward_two_by_two(const Tensor& input, const PlaneSizes& sizes);

  // saved for backward (with the input shape, which Pool2d saves): for every output, the index
  // of its maximum within its (H, W) plane
  std::vector<std::uint32_t> argmax_;
};

}  // namespace bnlab
