#pragma once
// Layer Normalization (Ba, Kiros & Hinton 2016) with PyTorch's conventions
// (torch.nn.LayerNorm over the whole per-sample shape; docs/SEMANTICS.md): every sample is
// normalized by the mean and biased variance of all its own values (F for a dense input,
// C·H·W for a convolution's), then scaled and shifted by a learned γ and β of the sample's
// shape. No statistics cross samples and none are kept: training and evaluation compute the
// same thing, and a batch of one sample works.

#include "layers/layer.hpp"
#include "layers/layer_norm_descriptor.hpp"
#include "layers/sample_normalization.hpp"

namespace bnlab {

class LayerNorm final : public Layer {
 public:
  // setup
  LayerNorm(const Shape& input_sample_shape, const LayerNormOptions& options);
  const char* kind() const override { return "layernorm"; }
  Shape output_shape() const override { return sample_shape_; }
  const LayerNormOptions& options() const { return options_; }

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
  std::size_t values_per_sample_;  // D, the size of one normalized block
  LayerNormOptions options_;
  Tensor gamma_;  // the sample's shape, 1 at start; all ones and not trained when affine is off
  Tensor beta_;   // the sample's shape, 0 at start
  Tensor gamma_gradient_;
  Tensor beta_gradient_;
  // saved for backward
  Tensor normalized_;          // x̂
  Tensor saved_inverse_std_;   // (N): 1/√(σ²+ε) of each sample
  BlockLayout saved_layout_;
  std::vector<double> grad_gamma_sums_;  // scratch for backward, D values
  std::vector<double> grad_beta_sums_;
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace bnlab
