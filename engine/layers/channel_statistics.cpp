#include "layers/channel_statistics.hpp"

#include "core/errors.hpp"
#include "layers/plane_sums.hpp"

namespace bnlab {


ChannelLayout channel_layout_of(const Tensor& input, const Shape& sample_shape) {
  require_batch_of(input, sample_shape, "batchnorm");
  ChannelLayout layout;
  layout.samples = input.shape()[0];
  layout.channels = sample_shape[0];
  layout.positions = element_count(sample_shape) / sample_shape[0];
  return layout;
}

void compute_batch_statistics(const Tensor& input, const ChannelLayout& layout, Tensor& mean,
                              Tensor& biased_variance, std::vector<double>& sums) {
  ensure_shape(mean, {layout.channels});
  ensure_shape(biased_variance, {layout.channels});
  // Plain loops over (N, C, L) rather than xtensor reducers over a reshaped view: this runs
  // three times per training step and the reducers cost more than the matrix products.
  // Two passes (mean, then mean of squared deviations) rather than E[x²]−E[x]², which loses
  // every digit in float when the mean is large compared with the spread. Sums in double.
  // Both passes walk memory in order: for dense inputs (L = 1) the inner loop runs along a
  // row of C features, one running sum per feature, which the compiler turns into SIMD;
  // each channel's sum still adds its values in sample order, as PyTorch's CPU kernel does.
  // For convolution inputs (L > 1) each plane of L values is summed in interleaved partial
  // sums first (layers/plane_sums.hpp: a single running sum cannot use SIMD), then added to
  // its channel's total in sample order.
  const Scalar* values = input.data();
  const std::size_t channels = layout.channels;
  const std::size_t positions = layout.positions;
  sums.assign(channels, 0.0);  // keeps its capacity: no allocation after the first call
  double* sum = sums.data();
  Scalar* mean_values = mean.data();
  Scalar* variance_values = biased_variance.data();
  const double count = static_cast<double>(layout.values_per_channel());

  if (positions == 1) {
    for (std::size_t sample = 0; sample < layout.samples; ++sample) {
      const Scalar* row = values + sample * channels;
      for (std::size_t channel = 0; channel < channels; ++channel) sum[channel] += row[channel];
    }
    for (std::size_t channel = 0; channel < channels; ++channel) {
      mean_values[channel] = static_cast<Scalar>(sum[channel] / count);
      sum[channel] = 0.0;
    }
    for (std::size_t sample = 0; sample < layout.samples; ++sample) {
      const Scalar* row = values + sample * channels;
      for (std::size_t channel = 0; channel < channels; ++channel) {
        const double deviation = static_cast<double>(row[channel]) - static_cast<double>(mean_values[channel]);
        sum[channel] += deviation * deviation;
      }
    }
  } else {
    for (std::size_t sample = 0; sample < layout.samples; ++sample) {
      const Scalar* row = values + sample * channels * positions;
      for (std::size_t channel = 0; channel < channels; ++channel) {
        sum[channel] += plane_sums::sum(row + channel * positions, positions);
      }
    }
    for (std::size_t channel = 0; channel < channels; ++channel) {
      mean_values[channel] = static_cast<Scalar>(sum[channel] / count);
      sum[channel] = 0.0;
    }
    for (std::size_t sample = 0; sample < layout.samples; ++sample) {
      const Scalar* row = values + sample * channels * positions;
      for (std::size_t channel = 0; channel < channels; ++channel) {
        sum[channel] += plane_sums::sum_of_squared_deviations(row + channel * positions, positions,
                                                              mean_values[channel]);
      }
    }
  }
  for (std::size_t channel = 0; channel < channels; ++channel) {
    variance_values[channel] = static_cast<Scalar>(sum[channel] / count);
  }
}

void update_running_statistics(const Tensor& batch_mean, const Tensor& batch_biased_variance,
                               std::size_t values_per_channel, const BatchNormSpec& spec,
                               Tensor& running_mean, Tensor& running_variance,
                               std::int64_t& num_batches_tracked) {
  ++num_batches_tracked;
  const double momentum = spec.cumulative ? 1.0 / static_cast<double>(num_batches_tracked)
                                          : spec.momentum;
  const double bessel = static_cast<double>(values_per_channel) /
                        static_cast<double>(values_per_channel - 1);
  for (std::size_t channel = 0; channel < batch_mean.size(); ++channel) {
    running_mean(channel) = static_cast<Scalar>((1.0 - momentum) * running_mean(channel) +
                                                momentum * batch_mean(channel));
    running_variance(channel) =
        static_cast<Scalar>((1.0 - momentum) * running_variance(channel) +
                            momentum * bessel * batch_biased_variance(channel));
  }
}

PopulationStatistics::PopulationStatistics(std::size_t channels)
    : sum_(channels, 0.0), sum_of_squares_(channels, 0.0), shift_(channels, 0.0) {}

void PopulationStatistics::add(const Tensor& input, const ChannelLayout& layout) {
  const Scalar* values = input.data();
  if (!has_shift_ && layout.values_per_channel() > 0) {
    for (std::size_t channel = 0; channel < layout.channels; ++channel) {
      double sum = 0.0;
      for (std::size_t sample = 0; sample < layout.samples; ++sample) {
        for (std::size_t position = 0; position < layout.positions; ++position) {
          sum += values[(sample * layout.channels + channel) * layout.positions + position];
        }
      }
      shift_[channel] = sum / static_cast<double>(layout.values_per_channel());
    }
    has_shift_ = true;
  }
  for (std::size_t sample = 0; sample < layout.samples; ++sample) {
    for (std::size_t channel = 0; channel < layout.channels; ++channel) {
      for (std::size_t position = 0; position < layout.positions; ++position) {
        const double value =
            values[(sample * layout.channels + channel) * layout.positions + position] -
            shift_[channel];
        sum_[channel] += value;
        sum_of_squares_[channel] += value * value;
      }
    }
  }
  count_ += layout.values_per_channel();
}

void PopulationStatistics::finish(Tensor& mean, Tensor& biased_variance) const {
  if (count_ == 0) throw UsageError("population statistics: no training samples were seen");
  ensure_shape(mean, {sum_.size()});
  ensure_shape(biased_variance, {sum_.size()});
  const double count = static_cast<double>(count_);
  for (std::size_t channel = 0; channel < sum_.size(); ++channel) {
    const double shifted_mean = sum_[channel] / count;
    mean(channel) = static_cast<Scalar>(shifted_mean + shift_[channel]);
    biased_variance(channel) = static_cast<Scalar>(
        std::max(0.0, sum_of_squares_[channel] / count - shifted_mean * shifted_mean));
  }
}

}  // namespace bnlab
