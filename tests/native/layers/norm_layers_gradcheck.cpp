// Finite-difference checks of LayerNorm's and GroupNorm's backward, in the double-precision
// engine: dense and convolution inputs, with and without affine, batches of one, in both modes.
#include "layers/group_norm.hpp"
#include "layers/layer_norm.hpp"
#include "support/gradient_check.hpp"

namespace bnlab {
namespace {

using testing::expect_layer_gradients;
using testing::random_tensor;

TEST(LayerGradients, LayerNormOverFeatures) {
  for (const std::size_t batch : {1, 3}) {
    SCOPED_TRACE(batch);
    LayerNorm layer_norm({5}, LayerNormOptions{});
    layer_norm.gamma() = random_tensor({5}, 31);
    layer_norm.beta() = random_tensor({5}, 32);
    expect_layer_gradients(layer_norm, random_tensor({batch, 5}, 33 + batch, 3.0), Mode::train);
  }
}

TEST(LayerGradients, LayerNormOverChannelsAndPositions) {
  LayerNorm layer_norm({2, 2, 3}, LayerNormOptions{});
  layer_norm.gamma() = random_tensor({2, 2, 3}, 34);
  layer_norm.beta() = random_tensor({2, 2, 3}, 35);
  expect_layer_gradients(layer_norm, random_tensor({2, 2, 2, 3}, 36), Mode::train);
  expect_layer_gradients(layer_norm, random_tensor({2, 2, 2, 3}, 37), Mode::eval);  // the same function
}

TEST(LayerGradients, LayerNormWithoutAffine) {
  LayerNormOptions options;
  options.affine = false;
  LayerNorm layer_norm({4}, options);
  EXPECT_TRUE(layer_norm.parameters().empty());
  expect_layer_gradients(layer_norm, random_tensor({3, 4}, 38), Mode::train);
}

TEST(LayerGradients, GroupNormOverFeatures) {
  for (const std::size_t groups : {1, 2, 3, 6}) {
    SCOPED_TRACE(groups);
    GroupNormOptions options;
    options.groups = groups;
    GroupNorm group_norm({6}, options);
    group_norm.gamma() = random_tensor({6}, 41);
    group_norm.beta() = random_tensor({6}, 42);
    // groups = 6 is one value per group: x̂ = 0, only β and nothing else gets a gradient.
    expect_layer_gradients(group_norm, random_tensor({3, 6}, 43 + groups, 2.0), Mode::train);
  }
}

TEST(LayerGradients, GroupNormOverChannelsAndPositions) {
  GroupNormOptions options;
  options.groups = 2;
  GroupNorm group_norm({4, 2, 3}, options);
  group_norm.gamma() = random_tensor({4}, 51);
  group_norm.beta() = random_tensor({4}, 52);
  expect_layer_gradients(group_norm, random_tensor({2, 4, 2, 3}, 53), Mode::train);
  expect_layer_gradients(group_norm, random_tensor({1, 4, 2, 3}, 54), Mode::eval);  // a batch of one
}

TEST(LayerGradients, GroupNormWithoutAffine) {
  GroupNormOptions options;
  options.groups = 2;
  options.affine = false;
  GroupNorm group_norm({4, 3}, options);
  EXPECT_TRUE(group_norm.parameters().empty());
  expect_layer_gradients(group_norm, random_tensor({2, 4, 3}, 55), Mode::train);
}

}  // namespace
}  // namespace bnlab
