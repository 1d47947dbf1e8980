#include "layers/layer_norm.hpp"

namespace bnlab {

LayerNorm::LayerNorm(const Shape& input_sample_shape, const LayerNormOptions& options)
    : sample_shape_(input_sample_shape), values_per_sample_(element_count(input_sample_shape)), options_(options) {
  gamma_ = xt::ones<Scalar>(sample_shape_);
  beta_ = xt::zeros<Scalar>(sample_shape_);
  gamma_gradient_ = xt::zeros<Scalar>(sample_shape_);
  beta_gradient_ = xt::zeros<Scalar>(sample_shape_);
}

const Tensor& LayerNorm::forward(const Tensor& input, Mode) {
  require_batch_of(input, sample_shape_, "layernorm");
  saved_layout_ = {input.shape(0), values_per_sample_};
  ensure_same_shape(normalized_, input);
  ensure_same_shape(output_, input);
  ensure_shape(saved_inverse_std_, {saved_layout_.blocks});
  normalize_blocks(input.data(), saved_layout_, options_.epsilon, normalized_.data(), saved_inverse_std_.data());
  // y = γ ⊙ x̂ + β, with γ and β of the sample's shape.
  const Scalar* x_hat = normalized_.data();
  const Scalar* scale = gamma_.data();
  const Scalar* shift = beta_.data();
  Scalar* y = output_.data();
  for (std::size_t sample = 0; sample < saved_layout_.blocks; ++sample) {
    const std::size_t offset = sample * values_per_sample_;
    for (std::size_t value = 0; value < values_per_sample_; ++value) {
      y[offset + value] = scale[value] * x_hat[offset + value] + shift[value];
    }
  }
  return output_;
}

const Tensor& LayerNorm::backward(const Tensor& grad_output) {
  // dβ_j = Σ_n dy_nj, dγ_j = Σ_n dy_nj·x̂_nj; dx from g = dy·γ per sample (sample_normalization.hpp).
  const Scalar* grad_y = grad_output.data();
  const Scalar* x_hat = normalized_.data();
  const Scalar* scale = gamma_.data();
  ensure_same_shape(grad_input_, grad_output);
  Scalar* grad_x = grad_input_.data();
  grad_gamma_sums_.assign(values_per_sample_, 0.0);
  grad_beta_sums_.assign(values_per_sample_, 0.0);
  for (std::size_t sample = 0; sample < saved_layout_.blocks; ++sample) {
    const std::size_t offset = sample * values_per_sample_;
    for (std::size_t value = 0; value < values_per_sample_; ++value) {
      const Scalar dy = grad_y[offset + value];
      grad_beta_sums_[value] += dy;
      grad_gamma_sums_[value] += static_cast<double>(dy) * x_hat[offset + value];
      grad_x[offset + value] = dy * scale[value];
    }
  }
  Scalar* grad_gamma = gamma_gradient_.data();
  Scalar* grad_beta = beta_gradient_.data();
  for (std::size_t value = 0; value < values_per_sample_; ++value) {
    grad_gamma[value] = options_.affine ? static_cast<Scalar>(grad_gamma_sums_[value]) : Scalar(0);
    grad_beta[value] = options_.affine ? static_cast<Scalar>(grad_beta_sums_[value]) : Scalar(0);
  }
  normalize_blocks_backward(x_hat, saved_inverse_std_.data(), saved_layout_, grad_x);
  return grad_input_;
}

std::vector<Parameter> LayerNorm::parameters() {
  if (!options_.affine) return {};
  return {{"gamma", &gamma_, &gamma_gradient_}, {"beta", &beta_, &beta_gradient_}};
}

}  // namespace bnlab
