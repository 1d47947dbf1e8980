#pragma once
// 2-D average pooling, PyTorch's nn.AvgPool2d(kernel, stride) with padding 0 and floor mode:
// each output is the mean of its k_h × k_w window (with no padding every window divides by
// k_h·k_w, so count_include_pad does not arise). Stride defaults to the kernel in the
// experiment file.

#include "layers/layer.hpp"
#include "layers/layer_spec.hpp"

namespace bnlab {

class AvgPool2d final : public Layer {
 public:
  // setup: input_sample_shape is (C, H, W); throws UsageError when the kernel does not fit.
  AvgPool2d(const Shape& input_sample_shape, Extent2d kernel, Extent2d stride);
  const char* kind() const override { return "avgpool2d"; }
  Shape output_shape() const override { return output_sample_shape_; }
  const Extent2d& kernel() const { return kernel_; }
  const Extent2d& stride() const { return stride_; }

  // forward / backward
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;

 private:
  Shape input_sample_shape_;
  Shape output_sample_shape_;
  Extent2d kernel_;
  Extent2d stride_;
  Shape saved_input_shape_;  // backward needs only the shape
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace bnlab
