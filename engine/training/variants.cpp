#include "training/variants.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "training/compare_pair.hpp"

namespace bnlab {

namespace {

// Swaps every adjacent (first, second) pair where `first_kind(first)` and `second_kind(second)`.
template <typename First, typename Second>
std::vector<LayerSpec> swap_adjacent(std::vector<LayerSpec> layers, First first_kind, Second second_kind) {
  for (std::size_t index = 0; index + 1 < layers.size(); ++index) {
    if (first_kind(layers[index]) && second_kind(layers[index + 1])) {
      std::swap(layers[index], layers[index + 1]);
      ++index;  // a moved layer is not moved twice
    }
  }
  return layers;
}

// The bias rule of the header comment, applied after BatchNorm layers have moved.
void restore_bias_without_batch_norm_behind(std::vector<LayerSpec>& layers) {
  for (std::size_t index = 0; index < layers.size(); ++index) {
    const bool batch_norm_follows = index + 1 < layers.size() && is_batch_norm(layers[index + 1]);
    if (!batch_norm_follows) set_optional_bias(layers[index], true);
  }
}

}  // namespace

const EnumNames<Variant>& variant_names() {
  static const EnumNames<Variant> names{{Variant::as_written, "as_written"},
                                        {Variant::without_batch_norm, "without_batchnorm"},
                                        {Variant::batch_norm_before_activation, "batchnorm_before_activation"},
                                        {Variant::batch_norm_after_activation, "batchnorm_after_activation"}};
  return names;
}

Experiment make_variant(const Experiment& experiment, Variant variant) {
  if (variant == Variant::as_written) return experiment;
  if (variant == Variant::without_batch_norm) return without_batch_norm(experiment);
  Experiment moved = experiment;
  if (variant == Variant::batch_norm_before_activation) {
    moved.model.layers = swap_adjacent(experiment.model.layers, is_activation, is_batch_norm);
  } else {
    moved.model.layers = swap_adjacent(experiment.model.layers, is_batch_norm, is_activation);
    restore_bias_without_batch_norm_behind(moved.model.layers);
  }
  moved.name = experiment.name + " (" + name_of(variant, variant_names()) + ")";
  moved.compare = false;
  if (moved.source.is_object()) {
    moved.source["name"] = moved.name;
    moved.source["compare"] = false;
    if (moved.source.contains("model")) moved.source["model"]["layers"] = layers_to_json(moved.model.layers);
  }
  return moved;
}

std::string shared_weights_digest(Network& network) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const NamedParameter& parameter : network.named_parameters()) {
    if (parameter.parameter.role != "weight") continue;  // dense and conv2d weights only
    const Tensor& weight = *parameter.parameter.value;
    for (const Scalar value : weight) {
      unsigned char bytes[sizeof(Scalar)];
      std::memcpy(bytes, &value, sizeof(Scalar));
      for (const unsigned char byte : bytes) {
        hash ^= byte;
        hash *= 0x100000001b3ull;
      }
    }
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace bnlab
