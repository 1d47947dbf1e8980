#include "layers/group_norm.hpp"

#include "core/errors.hpp"

namespace bnlab {

GroupNorm::GroupNorm(const Shape& input_sample_shape, const GroupNormOptions& options)
    : sample_shape_(input_sample_shape), options_(options) {
  const std::size_t channel_count = sample_shape_.at(0);
  if (options_.groups == 0 || channel_count % options_.groups != 0) {
    throw UsageError("groupnorm: " + std::to_string(options_.groups) + " groups do not divide " +
                     std::to_string(channel_count) + " channels");
  }
  positions_ = element_count(sample_shape_) / channel_count;
  gamma_ = xt::ones<Scalar>({channel_count});
  beta_ = xt::zeros<Scalar>({channel_count});
  gamma_gradient_ = xt::zeros<Scalar>({channel_count});
  beta_gradient_ = xt::zeros<Scalar>({channel_count});
}

const Tensor& GroupNorm::forward(const Tensor& input, Mode) {
  require_batch_of(input, sample_shape_, "groupnorm");
  const std::size_t samples = input.shape(0);
  const std::size_t channel_count = channels();
  // A sample's group is (C/G) consecutive channel planes: contiguous in row-major memory.
  saved_layout_ = {samples * options_.groups, channel_count / options_.groups * positions_};
  ensure_same_shape(normalized_, input);
  ensure_same_shape(output_, input);
  ensure_shape(saved_inverse_std_, {saved_layout_.blocks});
  normalize_blocks(input.data(), saved_layout_, options_.epsilon, normalized_.data(), saved_inverse_std_.data());
  // y = γ_c·x̂ + β_c along each channel's plane of L values.
  const Scalar* x_hat = normalized_.data();
  Scalar* y = output_.data();
  for (std::size_t sample = 0; sample < samples; ++sample) {
    for (std::size_t channel = 0; channel < channel_count; ++channel) {
      const Scalar scale = gamma_(channel);
      const Scalar shift = beta_(channel);
      const std::size_t offset = (sample * channel_count + channel) * positions_;
      for (std::size_t index = offset; index < offset + positions_; ++index) {
        y[index] = scale * x_hat[index] + shift;
      }
    }
  }
  return output_;
}

const Tensor& GroupNorm::backward(const Tensor& grad_output) {
  // dβ_c = Σ_{n,l} dy, dγ_c = Σ_{n,l} dy·x̂; dx from g = dy·γ_c per group (sample_normalization.hpp).
  const std::size_t channel_count = channels();
  const std::size_t samples = saved_layout_.blocks / options_.groups;
  const Scalar* grad_y = grad_output.data();
  const Scalar* x_hat = normalized_.data();
  ensure_same_shape(grad_input_, grad_output);
  Scalar* grad_x = grad_input_.data();
  grad_gamma_sums_.assign(channel_count, 0.0);
  grad_beta_sums_.assign(channel_count, 0.0);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    for (std::size_t channel = 0; channel < channel_count; ++channel) {
      const Scalar scale = gamma_(channel);
      const std::size_t offset = (sample * channel_count + channel) * positions_;
      double beta_sum = 0.0;
      double gamma_sum = 0.0;
      for (std::size_t index = offset; index < offset + positions_; ++index) {
        beta_sum += grad_y[index];
        gamma_sum += static_cast<double>(grad_y[index]) * x_hat[index];
        grad_x[index] = grad_y[index] * scale;
      }
      grad_beta_sums_[channel] += beta_sum;
      grad_gamma_sums_[channel] += gamma_sum;
    }
  }
  for (std::size_t channel = 0; channel < channel_count; ++channel) {
    gamma_gradient_(channel) = options_.affine ? static_cast<Scalar>(grad_gamma_sums_[channel]) : Scalar(0);
    beta_gradient_(channel) = options_.affine ? static_cast<Scalar>(grad_beta_sums_[channel]) : Scalar(0);
  }
  normalize_blocks_backward(x_hat, saved_inverse_std_.data(), saved_layout_, grad_x);
  return grad_input_;
}

std::vector<Parameter> GroupNorm::parameters() {
  if (!options_.affine) return {};
  return {{"gamma", &gamma_, &gamma_gradient_}, {"beta", &beta_, &beta_gradient_}};
}

}  // namespace bnlab
