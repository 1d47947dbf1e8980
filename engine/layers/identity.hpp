#pragma once
// The identity "activation": a linear network, or a placeholder when an activation is
// switched off in a comparison.

#include "layers/activation.hpp"

namespace bnlab {

class Identity final : public Activation {
 public:
  using Activation::Activation;
  const char* kind() const override { return "identity"; }
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;
};

}  // namespace bnlab
