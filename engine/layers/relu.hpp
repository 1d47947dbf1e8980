#pragma once
// ReLU(x) = max(0, x). A unit whose input is negative for every sample passes no gradient
// ("dead"). Gradient at exactly 0 is 0, as in PyTorch.

#include "layers/activation.hpp"

namespace bnlab {

class Relu final : public Activation {
 public:
  using Activation::Activation;
  const char* kind() const override { return "relu"; }
  bool can_have_dead_units() const override { return true; }
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;
};

}  // namespace bnlab
