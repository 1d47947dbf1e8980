#pragma once
// σ(x) = 1/(1+e^−x). Its derivative σ(1−σ) is at most 1/4, which is why deep sigmoid nets
// without normalization lose their gradients layer by layer.

#include "layers/activation.hpp"

namespace bnlab {

class Sigmoid final : public Activation {
 public:
  using Activation::Activation;
  const char* kind() const override { return "sigmoid"; }
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;
};

}  // namespace bnlab
