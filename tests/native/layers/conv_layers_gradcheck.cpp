// Finite-difference checks of the convolutional layers' backward, in the double engine:
// Conv2d (stride 1/2, padding 0/1, non-square, without bias), BatchNorm over channels of
// (N, C, H, W) inputs, MaxPool2d, AvgPool2d and Flatten.
#include "layers/avg_pool2d.hpp"
#include "layers/batch_norm.hpp"
#include "layers/conv2d.hpp"
#include "layers/flatten.hpp"
#include "layers/max_pool2d.hpp"
#include "support/gradient_check.hpp"
#include "support/tensors.hpp"

namespace bnlab {
namespace {

using testing::expect_layer_gradients;
using testing::random_tensor;

struct ConvCase {
  Extent2d kernel;
  Extent2d stride;
  Extent2d padding;
  bool bias;
};

TEST(ConvLayerGradients, Conv2dStridesAndPaddings) {
  const std::vector<ConvCase> cases{
      {{3, 3}, {1, 1}, {0, 0}, true},   // stride 1, padding 0
      {{3, 3}, {1, 1}, {1, 1}, true},   // stride 1, padding 1
      {{3, 3}, {2, 2}, {0, 0}, true},   // stride 2, padding 0
      {{3, 3}, {2, 2}, {1, 1}, true},   // stride 2, padding 1
      {{2, 3}, {2, 1}, {0, 1}, false},  // non-square, without bias
  };
  std::uint64_t seed = 100;
  for (const ConvCase& conv_case : cases) {
    SCOPED_TRACE("kernel " + std::to_string(conv_case.kernel.height) + "x" +
                 std::to_string(conv_case.kernel.width) + " stride " +
                 std::to_string(conv_case.stride.height) + " padding " +
                 std::to_string(conv_case.padding.height));
    Conv2d conv({2, 6, 5}, 3, conv_case.kernel, conv_case.stride, conv_case.padding, conv_case.bias);
    conv.weight() = random_tensor(shape_of(conv.weight()), seed++);
    if (conv_case.bias) conv.bias() = random_tensor({3}, seed++);
    EXPECT_EQ(conv.parameters().size(), conv_case.bias ? 2u : 1u);
    expect_layer_gradients(conv, random_tensor({2, 2, 6, 5}, seed++), Mode::train);
  }
}

TEST(ConvLayerGradients, BatchNormOverChannelsTrainAndEval) {
  // (N, C, H, W) = (2, 3, 3, 2): statistics per channel over M = 2·3·2 = 12 values.
  BatchNorm batch_norm({3, 3, 2}, BatchNormSpec{});
  batch_norm.gamma() = random_tensor({3}, 200);
  batch_norm.beta() = random_tensor({3}, 201);
  expect_layer_gradients(batch_norm, random_tensor({2, 3, 3, 2}, 202, 2.0), Mode::train);
  // One sample still has M = H·W = 6 values per channel.
  expect_layer_gradients(batch_norm, random_tensor({1, 3, 3, 2}, 203, 2.0), Mode::train);
  batch_norm.running_mean() = random_tensor({3}, 204);
  batch_norm.running_variance() = testing::vector_tensor({0.5, 2.0, 1.5});
  expect_layer_gradients(batch_norm, random_tensor({2, 3, 3, 2}, 205), Mode::eval);
}

TEST(ConvLayerGradients, MaxPool2d) {
  // Random normal inputs have no ties, and the ±1e-5 probes do not change which value of a
  // window is largest unless two values lie within 1e-5 (they do not for these seeds).
  MaxPool2d pool({2, 5, 5}, {2, 2}, {2, 2});  // floor mode: row and column 4 unused
  expect_layer_gradients(pool, random_tensor({2, 2, 5, 5}, 300), Mode::train);
  MaxPool2d overlapping({2, 4, 5}, {3, 2}, {1, 2});
  expect_layer_gradients(overlapping, random_tensor({2, 2, 4, 5}, 301), Mode::train);
}

TEST(ConvLayerGradients, AvgPool2d) {
  AvgPool2d pool({2, 5, 5}, {2, 2}, {2, 2});
  expect_layer_gradients(pool, random_tensor({2, 2, 5, 5}, 400), Mode::train);
  AvgPool2d overlapping({2, 4, 5}, {3, 2}, {1, 2});
  expect_layer_gradients(overlapping, random_tensor({2, 2, 4, 5}, 401), Mode::train);
}

TEST(ConvLayerGradients, Flatten) {
  Flatten flatten({2, 3, 2});
  expect_layer_gradients(flatten, random_tensor({3, 2, 3, 2}, 500), Mode::train);
}

}  // namespace
}  // namespace bnlab
