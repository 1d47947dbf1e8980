#pragma once
// Stochastic gradient descent, PyTorch's torch.optim.SGD. One class covers three
// OptimizerKinds:
//   sgd       p −= lr·g
//   momentum  buf = g on step 1, then buf = μ·buf + (1 − τ)·g;   p −= lr·buf
//   nesterov  buf as for momentum with τ = 0;                   p −= lr·(g + μ·buf)
// where g = ∇ + weight_decay·p (L2 added to the gradient first), μ = spec.momentum and
// τ = spec.dampening. As in PyTorch, the first step takes g undamped, and nesterov requires
// τ = 0. OptimizerKind::sgd ignores spec.momentum and spec.dampening.

#include <cstddef>
#include <vector>

#include "optimizers/optimizer.hpp"

namespace bnlab {

class Sgd final : public Optimizer {
 public:
  explicit Sgd(const OptimizerSpec& spec);  // spec.kind is sgd, momentum or nesterov

  bool step(const std::vector<Parameter>& parameters) override;
  std::size_t steps_taken() const override { return steps_taken_; }

 private:
  const char* name_;
  Scalar learning_rate_;
  Scalar weight_decay_;
  bool uses_momentum_;  // momentum or nesterov
  bool nesterov_;
  Scalar momentum_;     // μ
  Scalar dampening_;    // τ
  std::vector<std::size_t> parameter_sizes_;  // layout fixed by the first step
  std::vector<Tensor> momentum_buffers_;      // buf, one per parameter (empty for plain sgd)
  std::size_t steps_taken_ = 0;
};

}  // namespace bnlab
