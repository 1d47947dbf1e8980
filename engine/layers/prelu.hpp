#pragma once
// PReLU(x) = x for x > 0, α·x otherwise, with α learned (He et al. 2015). One shared α
// (PyTorch's default, α = 0.25) or one per feature/channel (dimension 1 of the input).

#include "layers/activation.hpp"

namespace bnlab {

class Prelu final : public Activation {
 public:
  Prelu(Shape sample_shape, double initial_alpha, bool per_feature);
  const char* kind() const override { return "prelu"; }
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;
  std::vector<Parameter> parameters() override;
  Tensor& alpha() { return alpha_; }

 private:
  // Index into alpha_ of the value at flat position `index` of a sample.
  std::size_t alpha_index(std::size_t index_in_sample) const;

  std::size_t values_per_channel_;  // product of the sample shape after the channel axis
  Tensor alpha_;                    // (1) or (C)
  Tensor alpha_gradient_;
  const Tensor* saved_input_ = nullptr;
};

}  // namespace bnlab
