#include "layers/batch_norm.hpp"

#include <cmath>

#include "core/errors.hpp"

namespace bnlab {

BatchNorm::BatchNorm(const Shape& input_sample_shape, const BatchNormSpec& spec)
    : sample_shape_(input_sample_shape), spec_(spec) {
  const std::size_t channel_count = sample_shape_.at(0);
  gamma_ = xt::ones<Scalar>({channel_count});
  beta_ = xt::zeros<Scalar>({channel_count});
  gamma_gradient_ = xt::zeros<Scalar>({channel_count});
  beta_gradient_ = xt::zeros<Scalar>({channel_count});
  running_mean_ = xt::zeros<Scalar>({channel_count});
  running_variance_ = xt::ones<Scalar>({channel_count});
  num_batches_tracked_ = xt::zeros<Scalar>({std::size_t{1}});
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
  for (std::size_t sample = 0; sample < layout.samples; ++sample) {
    for (std::size_t channel = 0; channel < layout.channels; ++channel) {
      const Scalar channel_mean = mean(channel);
      const Scalar inverse_std = saved_inverse_std_(channel);
      const Scalar scale = gamma_(channel);
      const Scalar shift = beta_(channel);
      const std::size_t offset = (sample * layout.channels + channel) * layout.positions;
      for (std::size_t position = offset; position < offset + layout.positions; ++position) {
        x_hat[position] = (x[position] - channel_mean) * inverse_std;
        y[position] = scale * x_hat[position] + shift;
      }
    }
  }
}

const Tensor& BatchNorm::backward(const Tensor& grad_output) {
  // With batch statistics: dβ = Σdy, dγ = Σdy·x̂, dx = γ·inv_std/M · (M·dy − dβ − x̂·dγ);
  // with running statistics the transform is affine: dx = dy·γ·inv_std.
  const ChannelLayout& layout = saved_layout_;
  const Scalar* grad_y = grad_output.data();
  const Scalar* x_hat = normalized_.data();
  ensure_same_shape(grad_input_, grad_output);
  Scalar* grad_x = grad_input_.data();
  const auto each_value = [&layout](std::size_t channel, auto&& visit) {
    for (std::size_t sample = 0; sample < layout.samples; ++sample) {
      const std::size_t offset = (sample * layout.channels + channel) * layout.positions;
      for (std::size_t position = offset; position < offset + layout.positions; ++position) {
        visit(position);
      }
    }
  };
  const double count = static_cast<double>(layout.values_per_channel());
  for (std::size_t channel = 0; channel < layout.channels; ++channel) {
    double grad_beta = 0.0;
    double grad_gamma = 0.0;
    each_value(channel, [&](std::size_t index) {
      grad_beta += grad_y[index];
      grad_gamma += grad_y[index] * x_hat[index];
    });
    beta_gradient_(channel) = spec_.affine ? static_cast<Scalar>(grad_beta) : Scalar(0);
    gamma_gradient_(channel) = spec_.affine ? static_cast<Scalar>(grad_gamma) : Scalar(0);
    const Scalar scale = gamma_(channel) * saved_inverse_std_(channel);
    if (used_batch_statistics_) {
      const auto mean_grad = static_cast<Scalar>(grad_beta / count);
      const auto mean_grad_times_x_hat = static_cast<Scalar>(grad_gamma / count);
      each_value(channel, [&](std::size_t index) {
        grad_x[index] = scale * (grad_y[index] - mean_grad - x_hat[index] * mean_grad_times_x_hat);
      });
    } else {
      each_value(channel, [&](std::size_t index) { grad_x[index] = scale * grad_y[index]; });
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
  return {{"running_mean", &running_mean_},
          {"running_variance", &running_variance_},
          {"num_batches_tracked", &num_batches_tracked_}};
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
