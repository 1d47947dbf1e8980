#pragma once
// PyTorch's nn.MSELoss (reduction='mean'): mean of (x − y)² over all N·D elements, where x is
// the prediction and y = targets.values has the same shape.

#include "losses/loss.hpp"

namespace bnlab {

class MeanSquaredError final : public Loss {
 public:
  const char* kind() const override { return "mean_squared_error"; }

  // forward / backward
  double forward(const Tensor& prediction, const Targets& targets) override;
  const Tensor& backward() override;

 private:
  Tensor difference_;  // x − y, for backward
  Tensor grad_prediction_;
  bool has_forward_ = false;
};

}  // namespace bnlab
