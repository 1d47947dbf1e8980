#pragma once
// RMSprop, PyTorch's torch.optim.RMSprop with momentum 0 and centered=False:
//   g = ∇ + weight_decay·p;  s = α·s + (1 − α)·g²;  p −= lr·g/(√s + ε)
// s starts at 0; α = spec.alpha, ε = spec.epsilon.

#include <cstddef>
#include <vector>

#include "optimizers/optimizer.hpp"

namespace bnlab {

class RmsProp final : public Optimizer {
 public:
  explicit RmsProp(const OptimizerSpec& spec);

  bool step(const std::vector<Parameter>& parameters) override;
  std::size_t steps_taken() const override { return steps_taken_; }

 private:
  Scalar learning_rate_;
  Scalar weight_decay_;
  Scalar alpha_;
  Scalar epsilon_;
  std::vector<std::size_t> parameter_sizes_;       // layout fixed by the first step
  std::vector<Tensor> squared_gradient_averages_;  // s, one per parameter
  std::size_t steps_taken_ = 0;
};

}  // namespace bnlab
