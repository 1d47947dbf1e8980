#include "layers/batch_norm.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "layers/plane_sums.hpp"

namespace bnlab {

namespace {

// Dense (N, C): y = γ·x̂ + β with x̂ = (x − mean)·inverse_std, one sweep along each row, every
// feature with its own coefficients. The pointers are restrict-qualified because the loop
// writes two arrays and reads five: clang cannot prove by run-time checks that so many do not
// overlap, and without the qualifiers left this loop scalar in WebAssembly.
void normalize_rows(const Scalar* __restrict x, Scalar* __restrict x_hat, Scalar* __restrict y,
                    const Scalar* __restrict channel_mean, const Scalar* __restrict inverse_std,
                    const Scalar* __restrict scale, const Scalar* __restrict shift,
                    std::size_t samples, std::size_t channels) {
  for (std::size_t sample = 0; sample < samples; ++sample) {
    const std::size_t row = sample * channels;
    for (std::size_t channel = 0; channel < channels; ++channel) {
      const Scalar normalized = (x[row + channel] - channel_mean[channel]) * inverse_std[channel];
      x_hat[row + channel] = normalized;
      y[row + channel] = scale[channel] * normalized + shift[channel];
    }
  }
}

}  // namespace

BatchNorm::BatchNorm(const Shape& input_sample_shape, const BatchNormSpec& spec)
    : sample_shape_(input_sample_shape), spec_(spec) {
  const std::size_t channel_count = sample_shape_.at(0);
  gamma_ = xt::ones<Scalar>({channel_count});
  beta_ = xt::zeros<Scalar>({channel_count});
  gamma_gradient_ = xt::zeros<Scalar>({channel_count});
  beta_gradient_ = xt::zeros<Scalar>({channel_count});
  running_mean_ = xt::zeros<Scalar>({channel_count});
  running_variance_ = xt::ones<Scalar>({channel_count});
}

const Tensor& BatchNorm::forward(const Tensor& input, Mode mode) {
  const ChannelLayout layout = channel_layout_of(input, sample_shape_);
  used_batch_statistics_ = mode == Mode::train || !spec_.track_running_stats;
  if (used_batch_statistics_) {
    if (layout.values_per_channel() < 2) {
      throw UsageError("batchnorm: expected more than 1 value per channel when using batch "
                       "statistics, got input of shape " + shape_to_string(shape_of(input)));
    }
    compute_batch_statistics(input, layout, batch_mean_, batch_biased_variance_, statistics_sums_);
    if (mode == Mode::train && spec_.track_running_stats) {
      update_running_statistics(batch_mean_, batch_biased_variance_, layout.values_per_channel(),
                                spec_, running_mean_, running_variance_, num_batches_tracked_);
    }
  }
  const Tensor& mean = used_batch_statistics_ ? batch_mean_ : running_mean_;
  const Tensor& variance = used_batch_statistics_ ? batch_biased_variance_ : running_variance_;
  ensure_shape(saved_inverse_std_, {layout.channels});
  for (std::size_t channel = 0; channel < layout.channels; ++channel) {
    saved_inverse_std_(channel) =
        static_cast<Scalar>(1.0 / std::sqrt(static_cast<double>(variance(channel)) + spec_.epsilon));
  }
  saved_layout_ = layout;
  normalize(input, layout, mean);
  return output_;
}

void BatchNorm::normalize(const Tensor& input, const ChannelLayout& layout, const Tensor& mean) {
  ensure_same_shape(normalized_, input);
  ensure_same_shape(output_, input);
  const Scalar* x = input.data();
  Scalar* x_hat = normalized_.data();
  Scalar* y = output_.data();
  const Scalar* channel_mean = mean.data();
  const Scalar* inverse_std = saved_inverse_std_.data();
  const Scalar* scale = gamma_.data();
  const Scalar* shift = beta_.data();
  const std::size_t channels = layout.channels;
  const std::size_t positions = layout.positions;
  if (positions == 1) {
    normalize_rows(x, x_hat, y, channel_mean, inverse_std, scale, shift, layout.samples, channels);
    return;
  }
  // Convolution (N, C, L): one channel's coefficients along each contiguous plane of L values.
  for (std::size_t sample = 0; sample < layout.samples; ++sample) {
    for (std::size_t channel = 0; channel < channels; ++channel) {
      const Scalar plane_mean = channel_mean[channel];
      const Scalar plane_inverse_std = inverse_std[channel];
      const Scalar plane_scale = scale[channel];
      const Scalar plane_shift = shift[channel];
      const std::size_t offset = (sample * channels + channel) * positions;
      for (std::size_t position = offset; position < offset + positions; ++position) {
        const Scalar normalized = (x[position] - plane_mean) * plane_inverse_std;
        x_hat[position] = normalized;
        y[position] = plane_scale * normalized + plane_shift;
      }
    }
  }
}

const Tensor& BatchNorm::backward(const Tensor& grad_output) {
  // With batch statistics: dβ = Σdy, dγ = Σdy·x̂, dx = γ·inv_std/M · (M·dy − dβ − x̂·dγ);
  // with running statistics the transform is affine: dx = dy·γ·inv_std.
  const ChannelLayout& layout = saved_layout_;
  const std::size_t channels = layout.channels;
  const std::size_t positions = layout.positions;
  const Scalar* grad_y = grad_output.data();
  const Scalar* x_hat = normalized_.data();
  ensure_same_shape(grad_input_, grad_output);
  Scalar* grad_x = grad_input_.data();

  // Pass 1: both reductions at once, summed in double (in the same order as forward's).
  grad_beta_sums_.assign(channels, 0.0);
  grad_gamma_sums_.assign(channels, 0.0);
  double* grad_beta = grad_beta_sums_.data();
  double* grad_gamma = grad_gamma_sums_.data();
  if (positions == 1) {
    for (std::size_t sample = 0; sample < layout.samples; ++sample) {
      const std::size_t row = sample * channels;
      for (std::size_t channel = 0; channel < channels; ++channel) {
        grad_beta[channel] += grad_y[row + channel];
        grad_gamma[channel] += grad_y[row + channel] * x_hat[row + channel];
      }
    }
  } else {
    // Each plane's two sums in interleaved partial sums (layers/plane_sums.hpp), added to the
    // channel's totals in sample order.
    for (std::size_t sample = 0; sample < layout.samples; ++sample) {
      for (std::size_t channel = 0; channel < channels; ++channel) {
        const std::size_t offset = (sample * channels + channel) * positions;
        double plane_sum = 0.0;
        double plane_dot = 0.0;
        plane_sums::sum_and_dot(grad_y + offset, x_hat + offset, positions, plane_sum, plane_dot);
        grad_beta[channel] += plane_sum;
        grad_gamma[channel] += plane_dot;
      }
    }
  }

  // Per-channel coefficients of dx = scale·(dy − mean_grad − x̂·mean_grad_times_x_hat).
  const double count = static_cast<double>(layout.values_per_channel());
  input_gradient_coefficients_.resize(3 * channels);  // no allocation after the first call
  Scalar* scale = input_gradient_coefficients_.data();
  Scalar* mean_grad = scale + channels;
  Scalar* mean_grad_times_x_hat = mean_grad + channels;
  for (std::size_t channel = 0; channel < channels; ++channel) {
    beta_gradient_(channel) = spec_.affine ? static_cast<Scalar>(grad_beta[channel]) : Scalar(0);
    gamma_gradient_(channel) = spec_.affine ? static_cast<Scalar>(grad_gamma[channel]) : Scalar(0);
    scale[channel] = gamma_(channel) * saved_inverse_std_(channel);
    // Running statistics are constants: only the affine part dy·γ·inv_std remains.
    mean_grad[channel] = used_batch_statistics_ ? static_cast<Scalar>(grad_beta[channel] / count) : Scalar(0);
    mean_grad_times_x_hat[channel] =
        used_batch_statistics_ ? static_cast<Scalar>(grad_gamma[channel] / count) : Scalar(0);
  }

  // Pass 2: dx, in memory order.
  if (positions == 1) {
    for (std::size_t sample = 0; sample < layout.samples; ++sample) {
      const std::size_t row = sample * channels;
      for (std::size_t channel = 0; channel < channels; ++channel) {
        grad_x[row + channel] = scale[channel] * (grad_y[row + channel] - mean_grad[channel] -
                                                  x_hat[row + channel] * mean_grad_times_x_hat[channel]);
      }
    }
    return grad_input_;
  }
  for (std::size_t sample = 0; sample < layout.samples; ++sample) {
    for (std::size_t channel = 0; channel < channels; ++channel) {
      const Scalar plane_scale = scale[channel];
      const Scalar plane_mean_grad = mean_grad[channel];
      const Scalar plane_mean_grad_times_x_hat = mean_grad_times_x_hat[channel];
      const std::size_t offset = (sample * channels + channel) * positions;
      for (std::size_t index = offset; index < offset + positions; ++index) {
        grad_x[index] = plane_scale * (grad_y[index] - plane_mean_grad - x_hat[index] * plane_mean_grad_times_x_hat);
      }
    }
  }
  return grad_input_;
}

std::vector<Parameter> BatchNorm::parameters() {
  if (!spec_.affine) return {};
  return {{"gamma", &gamma_, &gamma_gradient_}, {"beta", &beta_, &beta_gradient_}};
}

std::vector<Buffer> BatchNorm::buffers() {
  if (!spec_.track_running_stats) return {};
  return {{"running_mean", &running_mean_, nullptr},
          {"running_variance", &running_variance_, nullptr},
          {"num_batches_tracked", nullptr, &num_batches_tracked_}};
}

void BatchNorm::set_running_statistics(const Tensor& mean, const Tensor& variance) {
  if (mean.size() != channels() || variance.size() != channels()) {
    throw UsageError("batchnorm: running statistics need " + std::to_string(channels()) +
                     " values per tensor");
  }
  running_mean_ = mean;
  running_variance_ = variance;
}

}  // namespace bnlab
