#include "layers/layer_spec.hpp"

namespace bnlab {

const char* layer_name(const LayerSpec& spec) {
  return visit_layer(spec, [](const auto&, auto traits) { return decltype(traits)::name; });
}

bool is_batch_norm(const LayerSpec& spec) { return spec.is<BatchNormOptions>(); }

bool is_activation(const LayerSpec& spec) {
  return visit_layer(spec, [](const auto&, auto traits) { return decltype(traits)::activation; });
}

bool has_optional_bias(const LayerSpec& spec) {
  LayerSpec copy = spec;
  return visit_layer(copy, [](auto& options, auto traits) { return decltype(traits)::optional_bias(options) != nullptr; });
}

void set_optional_bias(LayerSpec& spec, bool bias) {
  visit_layer(spec, [bias](auto& options, auto traits) {
    if (bool* own = decltype(traits)::optional_bias(options)) *own = bias;
  });
}

bool folds_batch_norm(const LayerSpec& spec) {
  return visit_layer(spec, [](const auto&, auto traits) { return decltype(traits)::folds_batch_norm; });
}

const char* output_width_option(const LayerSpec& spec) {
  return visit_layer(spec, [](const auto&, auto traits) { return decltype(traits)::output_width_option; });
}

}  // namespace bnlab
