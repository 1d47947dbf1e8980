#pragma once
// Batch Normalization (Ioffe & Szegedy 2015) with PyTorch's conventions (docs/SEMANTICS.md).
// Per feature for dense inputs (N, C); per channel over N·H·W for convolution inputs
// (N, C, H, W). Three named steps: batch statistics, running-statistics update, normalize.

#include "layers/channel_statistics.hpp"
#include "layers/layer.hpp"
#include "layers/layer_spec.hpp"

namespace bnlab {

class BatchNorm final : public Layer {
 public:
  // setup
  BatchNorm(const Shape& input_sample_shape, const BatchNormSpec& spec);
  const char* kind() const override { return "batchnorm"; }
  Shape output_shape() const override { return sample_shape_; }
  const BatchNormSpec& spec() const { return spec_; }
  std::size_t channels() const { return sample_shape_[0]; }

  // forward / backward
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;

  // parameters / buffers
  std::vector<Parameter> parameters() override;
  std::vector<Buffer> buffers() override;
  Tensor& gamma() { return gamma_; }
  Tensor& beta() { return beta_; }
  Tensor& running_mean() { return running_mean_; }
  Tensor& running_variance() { return running_variance_; }
  const Tensor& gamma() const { return gamma_; }
  const Tensor& beta() const { return beta_; }
  const Tensor& running_mean() const { return running_mean_; }
  const Tensor& running_variance() const { return running_variance_; }
  std::int64_t num_batches_tracked() const { return num_batches_tracked_; }
  // Replaces the running estimates, e.g. by population statistics after training.
  void set_running_statistics(const Tensor& mean, const Tensor& variance);

 private:
  // Step 3: y = γ·(x − mean)·inverse_std + β, caching x̂ for backward.
  void normalize(const Tensor& input, const ChannelLayout& layout, const Tensor& mean);

  Shape sample_shape_;
  BatchNormSpec spec_;
  Tensor gamma_;  // (C), 1 at start; all ones and not trained when affine is off
  Tensor beta_;   // (C), 0 at start
  Tensor gamma_gradient_;
  Tensor beta_gradient_;
  Tensor running_mean_;         // (C), 0 at start
  Tensor running_variance_;     // (C), 1 at start, unbiased estimates
  std::int64_t num_batches_tracked_ = 0;  // exact, like PyTorch's int64 buffer
  // saved for backward
  Tensor batch_mean_;
  Tensor batch_biased_variance_;
  Tensor saved_inverse_std_;  // 1/√(σ²+ε) of the statistics the last forward used
  Tensor normalized_;         // x̂
  bool used_batch_statistics_ = true;
  ChannelLayout saved_layout_;
  std::vector<double> statistics_sums_;  // scratch for compute_batch_statistics
  // scratch for backward, sized once: Σdy and Σdy·x̂ per channel, then the per-channel
  // coefficients (scale, mean_grad, mean_grad_times_x_hat) of the input gradient
  std::vector<double> grad_beta_sums_;
  std::vector<double> grad_gamma_sums_;
  std::vector<Scalar> input_gradient_coefficients_;
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace bnlab
