#include "network/initialization.hpp"

#include <cmath>

#include "core/rng.hpp"

namespace bnlab {

namespace {

void fill_uniform(Tensor& tensor, double bound, Rng& rng) {
  for (auto& value : tensor) value = static_cast<Scalar>(rng.uniform(-bound, bound));
}

void fill_normal(Tensor& tensor, double std, Rng& rng) {
  for (auto& value : tensor) value = static_cast<Scalar>(std * rng.normal());
}

// One weight tensor and its optional bias (nullptr when the layer has none), drawn from
// `rng` in that order. Dense: fan_in = inputs, fan_out = units. Conv2d: fan_in = C_in·k_h·k_w,
// fan_out = C_out·k_h·k_w (PyTorch's _calculate_fan_in_and_fan_out).
void initialize_weight_and_bias(Tensor& weight, Tensor* bias, double fan_in, double fan_out,
                                const InitSpec& init, Rng& rng) {
  switch (init.scheme) {
    case InitScheme::pytorch_default:
      // kaiming_uniform_(a=√5) reduces to U(±1/√fan_in); the bias uses the same bound.
      fill_uniform(weight, 1.0 / std::sqrt(fan_in), rng);
      if (bias != nullptr) fill_uniform(*bias, 1.0 / std::sqrt(fan_in), rng);
      return;
    case InitScheme::uniform:
      fill_uniform(weight, init.std * std::sqrt(3.0), rng);  // U(±a) has std a/√3
      break;
    case InitScheme::normal:
      fill_normal(weight, init.std, rng);
      break;
    case InitScheme::xavier_uniform:
      fill_uniform(weight, std::sqrt(6.0 / (fan_in + fan_out)), rng);
      break;
    case InitScheme::xavier_normal:
      fill_normal(weight, std::sqrt(2.0 / (fan_in + fan_out)), rng);
      break;
    case InitScheme::he_uniform:
      fill_uniform(weight, std::sqrt(6.0 / fan_in), rng);
      break;
    case InitScheme::he_normal:
      fill_normal(weight, std::sqrt(2.0 / fan_in), rng);
      break;
  }
  if (bias != nullptr) bias->fill(0);
}

}  // namespace

void initialize_parameters(Network& network, const InitSpec& default_init, std::uint64_t seed) {
  // Each layer kind with weights counts its own ordinal, and BatchNorm layers are not
  // counted, so removing BatchNorm layers (the compare pair) shifts no layer's initial weights.
  const std::vector<std::size_t> ordinals = ordinals_within_kind(network.spec());
  for (std::size_t index = 0; index < network.layer_count(); ++index) {
    visit_layer(network.spec().layers[index], [&](const auto& options, auto traits) {
      using Traits = decltype(traits);
      if constexpr (Traits::has_weights) {
        Rng rng = Rng::for_purpose(seed, Traits::init_stream, ordinals[index]);
        const WeightsView weights = Traits::weights_of(network.layer(index));
        initialize_weight_and_bias(*weights.weight, weights.bias, weights.fan_in, weights.fan_out,
                                   Traits::init_of(options).value_or(default_init), rng);
      }
    });
  }
}

}  // namespace bnlab
