// Finite-difference checks of every layer's backward, in the double-precision engine.
#include "layers/batch_norm.hpp"
#include "layers/dense.hpp"
#include "layers/dropout.hpp"
#include "layers/identity.hpp"
#include "layers/leaky_relu.hpp"
#include "layers/prelu.hpp"
#include "layers/relu.hpp"
#include "layers/sigmoid.hpp"
#include "layers/tanh.hpp"
#include "support/gradient_check.hpp"
#include "support/tensors.hpp"

namespace bnlab {
namespace {

using testing::expect_layer_gradients;
using testing::random_tensor;

// Inputs kept away from 0 so that ReLU-like kinks are not straddled by the ±step probes.
Tensor input_away_from_zero(const Shape& shape, std::uint64_t seed) {
  Tensor input = random_tensor(shape, seed);
  for (auto& value : input) value += value >= 0 ? 0.1 : -0.1;
  return input;
}

TEST(LayerGradients, DenseWithBias) {
  Dense dense(5, 3, true);
  dense.weight() = random_tensor({3, 5}, 1);
  dense.bias() = random_tensor({3}, 2);
  expect_layer_gradients(dense, random_tensor({4, 5}, 3), Mode::train);
}

TEST(LayerGradients, DenseWithoutBias) {
  Dense dense(4, 6, false);
  dense.weight() = random_tensor({6, 4}, 4);
  EXPECT_EQ(dense.parameters().size(), 1u);
  expect_layer_gradients(dense, random_tensor({3, 4}, 5), Mode::train);
}

TEST(LayerGradients, BatchNormTrainModeFeatures) {
  for (const std::size_t batch : {2u, 3u, 8u}) {
    BatchNorm batch_norm({4}, BatchNormSpec{});
    batch_norm.gamma() = random_tensor({4}, 6);
    batch_norm.beta() = random_tensor({4}, 7);
    // Batch of 2: x̂ = ±1 and dx is O(ε); the absolute tolerance covers it (pytorch-semantics.md).
    expect_layer_gradients(batch_norm, random_tensor({batch, 4}, 8 + batch, 3.0), Mode::train);
  }
}

TEST(LayerGradients, BatchNormTrainModeChannelsOverPositions) {
  // (N, C, L) = (3, 2, 4): statistics per channel over N·L = 12 values.
  BatchNorm batch_norm({2, 4}, BatchNormSpec{});
  batch_norm.gamma() = random_tensor({2}, 9);
  batch_norm.beta() = random_tensor({2}, 10);
  expect_layer_gradients(batch_norm, random_tensor({3, 2, 4}, 11), Mode::train);
}

TEST(LayerGradients, BatchNormWithoutAffine) {
  BatchNormSpec spec;
  spec.affine = false;
  BatchNorm batch_norm({3}, spec);
  EXPECT_TRUE(batch_norm.parameters().empty());
  expect_layer_gradients(batch_norm, random_tensor({5, 3}, 12), Mode::train);
}

TEST(LayerGradients, BatchNormEvalModeUsesRunningStatistics) {
  BatchNorm batch_norm({3}, BatchNormSpec{});
  batch_norm.gamma() = random_tensor({3}, 13);
  batch_norm.running_mean() = random_tensor({3}, 14);
  batch_norm.running_variance() = testing::vector_tensor({0.5, 2.0, 1.5});
  expect_layer_gradients(batch_norm, random_tensor({4, 3}, 15), Mode::eval);
}

TEST(LayerGradients, ElementwiseActivations) {
  const Tensor input = input_away_from_zero({3, 5}, 16);
  Sigmoid sigmoid({5});
  expect_layer_gradients(sigmoid, input, Mode::train);
  Tanh tanh_layer({5});
  expect_layer_gradients(tanh_layer, input, Mode::train);
  Relu relu({5});
  expect_layer_gradients(relu, input, Mode::train);
  LeakyRelu leaky({5}, 0.01);
  expect_layer_gradients(leaky, input, Mode::train);
  LeakyRelu steep_leaky({5}, 0.3);
  expect_layer_gradients(steep_leaky, input, Mode::train);
  Identity identity({5});
  expect_layer_gradients(identity, input, Mode::train);
}

TEST(LayerGradients, PreluSharedAndPerFeature) {
  const Tensor input = input_away_from_zero({4, 3}, 17);
  Prelu shared({3}, 0.25, false);
  expect_layer_gradients(shared, input, Mode::train);
  Prelu per_feature({3}, 0.1, true);
  per_feature.alpha() = testing::vector_tensor({0.1, -0.2, 0.5});
  expect_layer_gradients(per_feature, input, Mode::train);
  // Per channel over positions: (N, C, L) = (2, 2, 3).
  Prelu per_channel({2, 3}, 0.2, true);
  expect_layer_gradients(per_channel, input_away_from_zero({2, 2, 3}, 18), Mode::train);
}

TEST(LayerGradients, DropoutWithOneFixedMask) {
  Dropout dropout({6}, 0.4, Rng(1, 2));
  // Every evaluation restarts the mask stream, so the finite differences see one mask.
  expect_layer_gradients(dropout, random_tensor({5, 6}, 19), Mode::train, {},
                         [&dropout] { dropout.reseed(Rng(5, 6)); });
  expect_layer_gradients(dropout, random_tensor({5, 6}, 20), Mode::eval);
}

}  // namespace
}  // namespace bnlab
