#pragma once
// LeakyReLU(x) = x for x > 0, slope·x otherwise (slope 0.01 by default): negative inputs keep
// a small gradient, so units cannot die. Gradient at 0 is the slope, as in PyTorch.

#include "layers/activation.hpp"

namespace bnlab {

class LeakyRelu final : public Activation {
 public:
  LeakyRelu(Shape sample_shape, double negative_slope)
      : Activation(std::move(sample_shape)), negative_slope_(static_cast<Scalar>(negative_slope)) {}
  const char* kind() const override { return "leaky_relu"; }
  double negative_slope() const { return negative_slope_; }
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;

 private:
  Scalar negative_slope_;
  const Tensor* saved_input_ = nullptr;
};

}  // namespace bnlab
