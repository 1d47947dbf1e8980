#include "network/fold_batch_norm.hpp"

#include <cmath>

#include "layers/batch_norm.hpp"
#include "layers/dense.hpp"
#include "network/layer_state.hpp"

namespace bnlab {

namespace {

bool can_fold_into_previous(const ModelSpec& spec, std::size_t index) {
  return index > 0 && spec.layers[index].kind == LayerKind::batch_norm &&
         spec.layers[index - 1].kind == LayerKind::dense &&
         spec.layers[index].batch_norm.track_running_stats;
}

void fold_into(Dense& dense, const BatchNorm& batch_norm, Dense& folded) {
  const Tensor& weight = dense.weight();
  Tensor& folded_weight = folded.weight();
  for (std::size_t unit = 0; unit < dense.units(); ++unit) {
    const double scale = static_cast<double>(batch_norm.gamma()(unit)) /
                         std::sqrt(static_cast<double>(batch_norm.running_variance()(unit)) +
                                   batch_norm.spec().epsilon);
    for (std::size_t input = 0; input < dense.input_features(); ++input) {
      folded_weight(unit, input) = static_cast<Scalar>(scale * weight(unit, input));
    }
    const double bias = dense.has_bias() ? static_cast<double>(dense.bias()(unit)) : 0.0;
    folded.bias()(unit) = static_cast<Scalar>(
        scale * (bias - batch_norm.running_mean()(unit)) + batch_norm.beta()(unit));
  }
}

}  // namespace

FoldResult fold_batch_norm(Network& source) {
  const ModelSpec& spec = source.spec();
  ModelSpec folded_spec{spec.input_shape, {}};
  std::vector<std::size_t> source_of_folded;  // folded layer index → source layer index
  FoldResult result;
  for (std::size_t index = 0; index < spec.layers.size(); ++index) {
    if (can_fold_into_previous(spec, index)) {
      folded_spec.layers.back().bias = true;  // b' carries β − s·μ
      ++result.folded_count;
      continue;
    }
    if (spec.layers[index].kind == LayerKind::batch_norm) {
      result.notes.push_back(
          "model.layers[" + std::to_string(index) + "] (batchnorm) kept: " +
          (spec.layers[index].batch_norm.track_running_stats
               ? "it does not directly follow a dense layer"
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
      fold_into(static_cast<Dense&>(source.layer(source_index)),
                static_cast<const BatchNorm&>(source.layer(source_index + 1)),
                static_cast<Dense&>(target));
    } else {
      copy_layer_state(source.layer(source_index), target);
    }
  }
  return result;
}

}  // namespace bnlab
