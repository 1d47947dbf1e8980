#pragma once
// Adagrad, PyTorch's torch.optim.Adagrad with lr_decay 0:
//   g = ∇ + weight_decay·p;  s += g²;  p −= lr·g/(√s + ε)
// s starts at spec.initial_accumulator; ε is spec.epsilon as given (the experiment parser
// supplies Adagrad's own default).

#include <cstddef>
#include <vector>

#include "optimizers/optimizer.hpp"

namespace bnlab {

class Adagrad final : public Optimizer {
 public:
  explicit Adagrad(const OptimizerSpec& spec);

  bool step(const std::vector<Parameter>& parameters) override;
  std::size_t steps_taken() const override { return steps_taken_; }

 private:
  Scalar learning_rate_;
  Scalar weight_decay_;
  Scalar epsilon_;
  Scalar initial_accumulator_;
  std::vector<std::size_t> parameter_sizes_;  // layout fixed by the first step
  std::vector<Tensor> squared_gradient_sums_;  // s, one per parameter
  std::size_t steps_taken_ = 0;
};

}  // namespace bnlab
