#pragma once
// Group Normalization (Wu & He 2018) with PyTorch's conventions (torch.nn.GroupNorm;
// docs/SEMANTICS.md). The C channels (dimension 1 of the input: features of a dense input,
// feature maps of a convolution's) are split into G groups of C/G consecutive channels; every
// sample's group is normalized by the mean and biased variance of its own (C/G)·H·W values,
// then each channel is scaled and shifted by its learned γ and β. G = 1 is LayerNorm with
// per-channel γ/β; G = C is InstanceNorm. No statistics cross samples and none are kept:
// training and evaluation compute the same thing, and a batch of one sample works.

#include "layers/group_norm_descriptor.hpp"
#include "layers/layer.hpp"
#include "layers/sample_normalization.hpp"

namespace bnlab {

class GroupNorm final : public Layer {
 public:
  // setup; options.groups must divide input_sample_shape[0] (the descriptor checks it)
  GroupNorm(const Shape& input_sample_shape, const GroupNormOptions& options);
  const char* kind() const override { return "groupnorm"; }
  Shape output_shape() const override { return sample_shape_; }
  const GroupNormOptions& options() const { return options_; }
  std::size_t channels() const { return sample_shape_[0]; }

  // forward / backward (the mode changes nothing)
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;

  // parameters
  std::vector<Parameter> parameters() override;
  Tensor& gamma() { return gamma_; }
  Tensor& beta() { return beta_; }
  const Tensor& gamma() const { return gamma_; }
  const Tensor& beta() const { return beta_; }

 private:
  Shape sample_shape_;
  std::size_t positions_;  // L = H·W per channel (1 for a dense input)
  GroupNormOptions options_;
  Tensor gamma_;  // (C), 1 at start; all ones and not trained when affine is off
  Tensor beta_;   // (C), 0 at start
  Tensor gamma_gradient_;
  Tensor beta_gradient_;
  // saved for backward
  Tensor normalized_;         // x̂
  Tensor saved_inverse_std_;  // (N·G): 1/√(σ²+ε) of each sample's group
  BlockLayout saved_layout_;
  std::vector<double> grad_gamma_sums_;  // scratch for backward, C values
  std::vector<double> grad_beta_sums_;
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace bnlab
