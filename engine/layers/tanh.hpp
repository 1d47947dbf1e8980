#pragma once
// tanh(x): zero-centred sigmoid-like squashing; derivative 1 − tanh² (at most 1).

#include "layers/activation.hpp"

namespace bnlab {

class Tanh final : public Activation {
 public:
  using Activation::Activation;
  const char* kind() const override { return "tanh"; }
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;
};

}  // namespace bnlab
