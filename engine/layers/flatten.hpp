#pragma once
// Flattens every sample to one vector of features, PyTorch's nn.Flatten(): (N, C, H, W) →
// (N, C·H·W) in row-major (channel, row, column) order. The step between convolutional and
// dense layers.

#include "layers/layer.hpp"

namespace bnlab {

class Flatten final : public Layer {
 public:
  // setup
  explicit Flatten(Shape input_sample_shape) : input_sample_shape_(std::move(input_sample_shape)) {}
  const char* kind() const override { return "flatten"; }
  Shape output_shape() const override { return {element_count(input_sample_shape_)}; }

  // forward / backward
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;

 private:
  Shape input_sample_shape_;
  Shape saved_input_shape_;  // backward needs only the shape
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace bnlab
