#pragma once
// The statistics code every BatchNorm shares. A batch is viewed as (N, C, L): N samples,
// C channels (features of a dense layer, or feature maps of a convolution) and L positions
// per channel (1 for dense, H·W for a convolution). Statistics are per channel over M = N·L.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/tensor.hpp"
#include "layers/layer_spec.hpp"

namespace bnlab {

struct ChannelLayout {
  std::size_t samples = 0;    // N
  std::size_t channels = 0;   // C
  std::size_t positions = 1;  // L
  std::size_t values_per_channel() const { return samples * positions; }  // M
};

// Reads N from the batch and checks the rest of its shape against (C, positions...).
ChannelLayout channel_layout_of(const Tensor& input, const Shape& sample_shape);

// Step 1: batch mean and *biased* variance per channel (what training normalizes with).
// `sums` is the caller's scratch space for double-precision accumulation.
void compute_batch_statistics(const Tensor& input, const ChannelLayout& layout, Tensor& mean,
                              Tensor& biased_variance, std::vector<double>& sums);

// Step 2: running = (1−m)·running + m·batch, with the *unbiased* batch variance (·M/(M−1));
// m is spec.momentum, or 1/num_batches_tracked when spec.cumulative. Counts the batch.
void update_running_statistics(const Tensor& batch_mean, const Tensor& batch_biased_variance,
                               std::size_t values_per_channel, const BatchNormSpec& spec,
                               Tensor& running_mean, Tensor& running_variance,
                               std::int64_t& num_batches_tracked);

// Population statistics as the lecture's "code 2" computes them after training: mean and
// biased variance of every value a channel saw over the whole training set. Accumulates in
// double, batch by batch.
class PopulationStatistics {
 public:
  explicit PopulationStatistics(std::size_t channels);
  void add(const Tensor& input, const ChannelLayout& layout);
  void finish(Tensor& mean, Tensor& biased_variance) const;
  std::size_t count() const { return count_; }

 private:
  std::vector<double> sum_;
  std::vector<double> sum_of_squares_;
  std::vector<double> shift_;  // first batch's mean, subtracted for numerical stability
  bool has_shift_ = false;
  std::size_t count_ = 0;
};

}  // namespace bnlab
