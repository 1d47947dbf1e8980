#pragma once
// Softmax + cross-entropy fused, PyTorch's nn.CrossEntropyLoss (reduction='mean', no class
// weights, no ignore_index, no label smoothing): prediction is logits (N, K), targets.labels
// holds one class in [0, K) per sample, loss = mean_n −log softmax(z_n)[t_n].

#include <cstdint>
#include <vector>

#include "losses/loss.hpp"

namespace bnlab {

class SoftmaxCrossEntropy final : public Loss {
 public:
  const char* kind() const override { return "cross_entropy"; }

  // forward / backward
  double forward(const Tensor& prediction, const Targets& targets) override;
  const Tensor& backward() override;

 private:
  Tensor probabilities_;                      // softmax(z), (N, K), for backward
  std::vector<std::int32_t> saved_labels_;    // t, copied so the caller's vector may change
  std::vector<double> row_exps_;              // exp(z_k − max z) of one row, scratch
  Tensor grad_prediction_;
  bool has_forward_ = false;
};

}  // namespace bnlab
