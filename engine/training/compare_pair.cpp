#include "training/compare_pair.hpp"

#include "core/errors.hpp"

#include "network/layer_state.hpp"

namespace bnlab {

Experiment without_batch_norm(const Experiment& experiment) {
  Experiment variant = experiment;
  variant.model.layers.clear();
  const std::vector<LayerSpec>& layers = experiment.model.layers;
  for (std::size_t index = 0; index < layers.size(); ++index) {
    if (is_batch_norm(layers[index])) continue;
    LayerSpec layer = layers[index];
    const bool batch_norm_follows = index + 1 < layers.size() && is_batch_norm(layers[index + 1]);
    if (batch_norm_follows) set_optional_bias(layer, true);
    variant.model.layers.push_back(layer);
  }
  if (experiment.probes.layers) {
    // Watched layers keep watching the same layers, at their indices in the variant.
    std::vector<std::size_t>& watched = *variant.probes.layers;
    watched.clear();
    for (const std::size_t index : *experiment.probes.layers) {
      if (index >= layers.size() || is_batch_norm(layers[index])) continue;
      std::size_t removed_before = 0;
      for (std::size_t earlier = 0; earlier < index; ++earlier) {
        removed_before += is_batch_norm(layers[earlier]) ? 1 : 0;
      }
      watched.push_back(index - removed_before);
    }
  }
  variant.name = experiment.name + " (without batchnorm)";
  variant.compare = false;
  if (variant.source.is_object()) {
    variant.source["name"] = variant.name;
    variant.source["compare"] = false;
    if (variant.source.contains("model")) variant.source["model"]["layers"] = layers_to_json(variant.model.layers);
  }
  return variant;
}

ComparePair make_compare_pair(const Experiment& experiment, std::shared_ptr<const DatasetSplits> data) {
  // The same refusal as parse_experiment's for "compare": true, for callers that ask for a
  // pair directly (--compare, the JavaScript API's createComparePair).
  check_compare_has_batch_norm(experiment.model);
  Experiment with_variant = experiment;
  with_variant.compare = false;
  ComparePair pair;
  pair.with_batch_norm = std::make_unique<Run>(with_variant, data);
  pair.without_batch_norm = std::make_unique<Run>(without_batch_norm(experiment), data);
  return pair;
}

bool pair_shares_initial_weights(ComparePair& pair) {
  Network& with_network = pair.with_batch_norm->network();
  Network& without_network = pair.without_batch_norm->network();
  std::size_t without_index = 0;
  std::size_t compared = 0;
  for (std::size_t index = 0; index < with_network.layer_count(); ++index) {
    if (is_batch_norm(with_network.spec().layers[index])) continue;
    if (without_index >= without_network.layer_count()) return false;
    if (!common_parameters_equal(with_network.layer(index), without_network.layer(without_index))) {
      return false;
    }
    ++compared;
    ++without_index;
  }
  return compared == without_network.layer_count();
}

}  // namespace bnlab
