#pragma once
// Adam, PyTorch's torch.optim.Adam (amsgrad=False; weight decay is L2, not AdamW's):
//   g = ∇ + weight_decay·p
//   m = β₁·m + (1 − β₁)·g;   v = β₂·v + (1 − β₂)·g²
//   p −= lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)      (ε outside the square root)
// with t the 1-based step number; m and v start at 0.

#include <cstddef>
#include <vector>

#include "optimizers/optimizer.hpp"

namespace bnlab {

class Adam final : public Optimizer {
 public:
  explicit Adam(const OptimizerSpec& spec);

  bool step(const std::vector<Parameter>& parameters) override;
  std::size_t steps_taken() const override { return steps_taken_; }

 private:
  double learning_rate_;
  Scalar weight_decay_;
  double beta1_;
  double beta2_;
  Scalar epsilon_;
  std::vector<std::size_t> parameter_sizes_;  // layout fixed by the first step
  std::vector<Tensor> first_moments_;         // m, one per parameter
  std::vector<Tensor> second_moments_;        // v, one per parameter
  std::size_t steps_taken_ = 0;
};

}  // namespace bnlab
