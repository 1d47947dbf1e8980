// Initial weights: determinism, the scale each scheme promises, and independence from
// BatchNorm layers (the basis of the compare pair).
#include <cmath>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "layers/dense.hpp"
#include "network/initialization.hpp"
#include "support/model_builders.hpp"
#include "support/tensors.hpp"

namespace bnlab {
namespace {

using testing::dense_layer;
using testing::layer_of;
using testing::standard_deviation;

Tensor first_weight(const ModelSpec& model, const InitSpec& init, std::uint64_t seed) {
  Network network(model, 0);
  initialize_parameters(network, init, seed);
  return static_cast<Dense&>(network.layer(0)).weight();
}

TEST(Initialization, SameSeedSameWeightsDifferentSeedDifferentWeights) {
  const ModelSpec model{{20}, {dense_layer(30)}};
  const Tensor first = first_weight(model, InitSpec{}, 1);
  EXPECT_EQ(first, first_weight(model, InitSpec{}, 1));
  EXPECT_NE(first, first_weight(model, InitSpec{}, 2));
}

TEST(Initialization, SchemesHaveTheirPromisedScale) {
  const ModelSpec model{{400}, {dense_layer(300)}};  // 120 000 draws: std within ~1 %
  const double fan_in = 400;
  const double fan_out = 300;
  EXPECT_NEAR(standard_deviation(first_weight(model, {InitScheme::normal, 0.01}, 3)), 0.01, 2e-4);
  EXPECT_NEAR(standard_deviation(first_weight(model, {InitScheme::uniform, 0.05}, 3)), 0.05, 1e-3);
  EXPECT_NEAR(standard_deviation(first_weight(model, {InitScheme::he_normal, 0}, 3)),
              std::sqrt(2 / fan_in), 1e-3);
  EXPECT_NEAR(standard_deviation(first_weight(model, {InitScheme::he_uniform, 0}, 3)),
              std::sqrt(2 / fan_in), 1e-3);  // U(±√(6/fan_in)) has variance 2/fan_in
  EXPECT_NEAR(standard_deviation(first_weight(model, {InitScheme::xavier_normal, 0}, 3)),
              std::sqrt(2 / (fan_in + fan_out)), 1e-3);
  const Tensor pytorch = first_weight(model, {InitScheme::pytorch_default, 0}, 3);
  for (const Scalar value : pytorch) ASSERT_LE(std::abs(value), 1 / std::sqrt(fan_in));
  EXPECT_NEAR(standard_deviation(pytorch), 1 / std::sqrt(3 * fan_in), 1e-3);
}

TEST(Initialization, BatchNormLayersDoNotShiftAnyDenseLayersWeights) {
  const ModelSpec with_batch_norm{{5},
                                  {dense_layer(7, false), layer_of<BatchNormOptions>(),
                                   layer_of<ReluOptions>(), dense_layer(6, false),
                                   layer_of<BatchNormOptions>(), layer_of<ReluOptions>(),
                                   dense_layer(3)}};
  const ModelSpec without_batch_norm{{5},
                                     {dense_layer(7), layer_of<ReluOptions>(), dense_layer(6),
                                      layer_of<ReluOptions>(), dense_layer(3)}};
  Network with_network(with_batch_norm, 0);
  Network without_network(without_batch_norm, 0);
  initialize_parameters(with_network, InitSpec{}, 42);
  initialize_parameters(without_network, InitSpec{}, 42);
  EXPECT_EQ(static_cast<Dense&>(with_network.layer(0)).weight(), static_cast<Dense&>(without_network.layer(0)).weight());
  EXPECT_EQ(static_cast<Dense&>(with_network.layer(3)).weight(), static_cast<Dense&>(without_network.layer(2)).weight());
  EXPECT_EQ(static_cast<Dense&>(with_network.layer(6)).weight(), static_cast<Dense&>(without_network.layer(4)).weight());
  EXPECT_EQ(static_cast<Dense&>(with_network.layer(6)).bias(), static_cast<Dense&>(without_network.layer(4)).bias());
}

TEST(Initialization, AbsurdModelIsRefusedBeforeAllocating) {
  const ModelSpec huge{{100000}, {dense_layer(100000)}};  // 10^10 weights
  try {
    Network network(huge, 0);
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()),
              "model: the layers add up to 10000100000 parameters, more than the limit of 50000000");
  }
}

}  // namespace
}  // namespace bnlab
