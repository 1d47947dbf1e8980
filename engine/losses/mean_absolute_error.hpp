#pragma once
// PyTorch's nn.L1Loss (reduction='mean'): mean of |x − y| over all N·D elements, where x is
// the prediction and y = targets.values has the same shape.

#include "losses/loss.hpp"

namespace bnlab {

class MeanAbsoluteError final : public Loss {
 public:
  const char* kind() const override { return "mean_absolute_error"; }

  // forward / backward
  double forward(const Tensor& prediction, const Targets& targets) override;
  const Tensor& backward() override;

 private:
  Tensor difference_;  // x − y, for backward (only its sign is used)
  Tensor grad_prediction_;
  bool has_forward_ = false;
};

}  // namespace bnlab
