#include "network/initialization.hpp"

#include <cmath>

#include "core/rng.hpp"
#include "layers/dense.hpp"

namespace bnlab {

namespace {

void fill_uniform(Tensor& tensor, double bound, Rng& rng) {
  for (auto& value : tensor) value = static_cast<Scalar>(rng.uniform(-bound, bound));
}

void fill_normal(Tensor& tensor, double std, Rng& rng) {
  for (auto& value : tensor) value = static_cast<Scalar>(std * rng.normal());
}

void initialize_dense(Dense& dense, const InitSpec& init, Rng& rng) {
  const auto fan_in = static_cast<double>(dense.input_features());
  const auto fan_out = static_cast<double>(dense.units());
  Tensor& weight = dense.weight();
  switch (init.scheme) {
    case InitScheme::pytorch_default:
      // kaiming_uniform_(a=√5) reduces to U(±1/√fan_in); the bias uses the same bound.
      fill_uniform(weight, 1.0 / std::sqrt(fan_in), rng);
      if (dense.has_bias()) fill_uniform(dense.bias(), 1.0 / std::sqrt(fan_in), rng);
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
  if (dense.has_bias()) dense.bias().fill(0);
}

}  // namespace

void initialize_parameters(Network& network, const InitSpec& default_init, std::uint64_t seed) {
  std::size_t dense_ordinal = 0;
  for (std::size_t index = 0; index < network.layer_count(); ++index) {
    const LayerSpec& spec = network.spec().layers[index];
    if (spec.kind != LayerKind::dense) continue;
    Rng rng = Rng::for_purpose(seed, "init.dense", dense_ordinal++);
    initialize_dense(static_cast<Dense&>(network.layer(index)), spec.init.value_or(default_init),
                     rng);
  }
}

}  // namespace bnlab
