#include "network/fold_batch_norm.hpp"

#include <cmath>

#include "layers/batch_norm.hpp"
#include "network/layer_state.hpp"

namespace bnlab {

namespace {

bool can_fold_into_previous(const ModelSpec& spec, std::size_t index) {
  if (index == 0 || !is_batch_norm(spec.layers[index])) return false;
  return folds_batch_norm(spec.layers[index - 1]) && spec.layers[index].as<BatchNormOptions>().track_running_stats;
}

// Scales row `channel` of a (channels, ...) weight by s_channel and sets
// b'_channel = s_channel·(b_channel − μ_channel) + β_channel. For a Dense layer the rows are
// units; for a Conv2d they are output channels, each a C_in·k_h·k_w block.
void fold_rows(const Tensor& weight, const Tensor* bias, const BatchNorm& batch_norm,
               Tensor& folded_weight, Tensor& folded_bias) {
  const std::size_t channels = weight.shape()[0];
  const std::size_t row_size = weight.size() / channels;
  for (std::size_t channel = 0; channel < channels; ++channel) {
    const double scale = static_cast<double>(batch_norm.gamma()(channel)) /
                         std::sqrt(static_cast<double>(batch_norm.running_variance()(channel)) +
                                   batch_norm.spec().epsilon);
    for (std::size_t offset = channel * row_size; offset < (channel + 1) * row_size; ++offset) {
      folded_weight.data()[offset] = static_cast<Scalar>(scale * weight.data()[offset]);
    }
    const double bias_value = bias != nullptr ? static_cast<double>((*bias)(channel)) : 0.0;
    folded_bias(channel) = static_cast<Scalar>(
        scale * (bias_value - batch_norm.running_mean()(channel)) + batch_norm.beta()(channel));
  }
}

// `layer` is the spec's layer `index` (a kind that folds BatchNorm), `folded` its copy with a bias.
void fold_into(const LayerSpec& spec, Layer& layer, const BatchNorm& batch_norm, Layer& folded) {
  visit_layer(spec, [&](const auto&, auto traits) {
    using Traits = decltype(traits);
    if constexpr (Traits::folds_batch_norm) {
      const WeightsView source = Traits::weights_of(layer);
      const WeightsView target = Traits::weights_of(folded);
      fold_rows(*source.weight, source.bias, batch_norm, *target.weight, *target.bias);
    }
  });
}

}  // namespace

FoldResult fold_batch_norm(Network& source) {
  const ModelSpec& spec = source.spec();
  ModelSpec folded_spec{spec.input_shape, {}};
  std::vector<std::size_t> source_of_folded;  // folded layer index → source layer index
  FoldResult result;
  for (std::size_t index = 0; index < spec.layers.size(); ++index) {
    if (can_fold_into_previous(spec, index)) {
      set_optional_bias(folded_spec.layers.back(), true);  // b' carries β − s·μ
      ++result.folded_count;
      continue;
    }
    if (is_batch_norm(spec.layers[index])) {
      const bool tracks = spec.layers[index].as<BatchNormOptions>().track_running_stats;
      result.kept.push_back({index, tracks ? "not_after_dense_or_conv2d" : "no_running_statistics"});
      result.notes.push_back("model.layers[" + std::to_string(index) + "] (batchnorm) kept: " +
                             (tracks ? "it does not directly follow a dense or conv2d layer"
                                     : "it has no running statistics (track_running_stats is false)"));
    }
    folded_spec.layers.push_back(spec.layers[index]);
    source_of_folded.push_back(index);
  }
  result.network = std::make_unique<Network>(folded_spec, 0);
  for (std::size_t folded_index = 0; folded_index < source_of_folded.size(); ++folded_index) {
    const std::size_t source_index = source_of_folded[folded_index];
    Layer& target = result.network->layer(folded_index);
    if (source_index + 1 < spec.layers.size() && can_fold_into_previous(spec, source_index + 1)) {
      fold_into(spec.layers[source_index], source.layer(source_index),
                static_cast<const BatchNorm&>(source.layer(source_index + 1)), target);
    } else {
      copy_layer_state(source.layer(source_index), target);
    }
  }
  return result;
}

}  // namespace bnlab
