// Conv2d, pooling, Flatten and BatchNorm over channels, worked by hand (values show their
// arithmetic) and against a direct loop implementation of PyTorch's definitions
// (/work/shared/design/pytorch-semantics.md: Conv2d is cross-correlation with zero padding;
// MaxPool2d floor mode, first maximum wins ties).
#include <cmath>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "layers/avg_pool2d.hpp"
#include "layers/batch_norm.hpp"
#include "layers/conv2d.hpp"
#include "layers/flatten.hpp"
#include "layers/max_pool2d.hpp"
#include "support/tensors.hpp"

namespace bnlab {
namespace {

using testing::vector_tensor;

// A (N, C, H, W) tensor from values in row-major order.
Tensor image_tensor(const Shape& shape, const std::vector<double>& values) {
  Tensor tensor = vector_tensor(values);
  tensor.reshape(shape);
  return tensor;
}

Tensor random_tensor(const Shape& shape, std::uint64_t seed) { return testing::normal_tensor(shape, seed, 7); }

// x = 1..16 as one 4×4 image (one sample, one channel):
//    1  2  3  4
//    5  6  7  8
//    9 10 11 12
//   13 14 15 16
Tensor one_to_sixteen() {
  std::vector<double> values;
  for (int value = 1; value <= 16; ++value) values.push_back(value);
  return image_tensor({1, 1, 4, 4}, values);
}

// Sobel-x kernel [[1, 0, −1], [2, 0, −2], [1, 0, −1]], bias 0.5, padding 1, stride 2:
// output ⌊(4 + 2 − 3)/2⌋ + 1 = 2 per axis; window (oy, ox) covers input rows 2·oy−1..2·oy+1
// and columns 2·ox−1..2·ox+1 (row/column −1 is the zero padding).
Conv2d sobel_convolution() {
  Conv2d conv({1, 4, 4}, 1, {3, 3}, {2, 2}, {1, 1}, true);
  conv.weight() = image_tensor({1, 1, 3, 3}, {1, 0, -1, 2, 0, -2, 1, 0, -1});
  conv.bias() = vector_tensor({0.5});
  return conv;
}

TEST(Conv2dByHand, SobelKernelWithPaddingAndStride) {
  Conv2d conv = sobel_convolution();
  ASSERT_EQ(conv.output_shape(), (Shape{1, 2, 2}));
  const Tensor& output = conv.forward(one_to_sixteen(), Mode::train);
  ASSERT_EQ(shape_of(output), (Shape{1, 1, 2, 2}));
  // (0,0): rows −1..1, cols −1..1 = [0 0 0; 0 1 2; 0 5 6]
  //        1·0 + (2·0 + 0·1 − 2·2) + (1·0 + 0·5 − 1·6) = −4 − 6 = −10, + 0.5
  EXPECT_FLOAT_EQ(output(0, 0, 0, 0), -9.5f);
  // (0,1): [0 0 0; 2 3 4; 6 7 8] → (2·2 − 2·4) + (6 − 8) = −4 − 2 = −6, + 0.5
  EXPECT_FLOAT_EQ(output(0, 0, 0, 1), -5.5f);
  // (1,0): [0 5 6; 0 9 10; 0 13 14] → −6 + (−2·10) + (−14) = −40, + 0.5
  EXPECT_FLOAT_EQ(output(0, 0, 1, 0), -39.5f);
  // (1,1): [6 7 8; 10 11 12; 14 15 16] → (6 − 8) + (20 − 24) + (14 − 16) = −8, + 0.5
  EXPECT_FLOAT_EQ(output(0, 0, 1, 1), -7.5f);
}

TEST(Conv2dByHand, SobelKernelBackward) {
  Conv2d conv = sobel_convolution();
  const Tensor input = one_to_sixteen();  // the layer may read it again in backward
  conv.forward(input, Mode::train);
  // dy = [[1, 2], [3, 4]]. dW = Σ dy(o)·window(o):
  //   1·[0 0 0; 0 1 2; 0 5 6] + 2·[0 0 0; 2 3 4; 6 7 8] + 3·[0 5 6; 0 9 10; 0 13 14]
  //   + 4·[6 7 8; 10 11 12; 14 15 16]
  //   = [24 43 50; 44 78 88; 68 118 128];  db = 1 + 2 + 3 + 4 = 10.
  const Tensor& grad_input = conv.backward(image_tensor({1, 1, 2, 2}, {1, 2, 3, 4}));
  const std::vector<double> expected_weight{24, 43, 50, 44, 78, 88, 68, 118, 128};
  const std::vector<Parameter> parameters = conv.parameters();
  ASSERT_EQ(parameters.size(), 2u);
  for (std::size_t index = 0; index < 9; ++index) {
    EXPECT_FLOAT_EQ(parameters[0].gradient->data()[index], expected_weight[index]) << index;
  }
  EXPECT_FLOAT_EQ((*parameters[1].gradient)(0), 10.0f);
  // dx(r, c) = Σ over windows covering (r, c) of dy(o)·K[tap]:
  //   x(0,0) is tap (1,1) of window (0,0): K = 0 → 0
  //   x(0,1): tap (1,2) of (0,0) → 1·(−2); tap (1,0) of (0,1) → 2·2; total 2
  //   x(1,1): taps (2,2), (2,0), (0,2), (0,0) of windows (0,0), (0,1), (1,0), (1,1)
  //           → 1·(−1) + 2·1 + 3·(−1) + 4·1 = 2
  //   x(2,3): only tap (1,2) of window (1,1) → 4·(−2) = −8
  //   x(3,3): only tap (2,2) of window (1,1) → 4·(−1) = −4
  EXPECT_FLOAT_EQ(grad_input(0, 0, 0, 0), 0.0f);
  EXPECT_FLOAT_EQ(grad_input(0, 0, 0, 1), 2.0f);
  EXPECT_FLOAT_EQ(grad_input(0, 0, 1, 1), 2.0f);
  EXPECT_FLOAT_EQ(grad_input(0, 0, 2, 3), -8.0f);
  EXPECT_FLOAT_EQ(grad_input(0, 0, 3, 3), -4.0f);
}

// PyTorch's definitions written as plain loops, in double.
struct Geometry {
  std::size_t in_channels, out_channels, height, width;
  Extent2d kernel, stride, padding;
};

double padded_value(const Tensor& input, std::size_t sample, std::size_t channel, std::ptrdiff_t row,
                    std::ptrdiff_t column) {
  if (row < 0 || column < 0 || row >= std::ptrdiff_t(input.shape()[2]) ||
      column >= std::ptrdiff_t(input.shape()[3])) {
    return 0.0;
  }
  return input(sample, channel, std::size_t(row), std::size_t(column));
}

TEST(Conv2dReference, ForwardAndBackwardMatchDirectLoops) {
  const std::vector<Geometry> cases{
      {3, 4, 7, 6, {3, 2}, {2, 1}, {1, 0}},
      {2, 5, 5, 5, {3, 3}, {1, 1}, {1, 1}},
      {1, 2, 6, 7, {2, 3}, {2, 3}, {0, 2}},
      {2, 3, 3, 3, {5, 5}, {1, 1}, {2, 2}},  // every window reaches into the padding
  };
  std::uint64_t seed = 1;
  for (const Geometry& g : cases) {
    const std::size_t batch = 3;
    Conv2d conv({g.in_channels, g.height, g.width}, g.out_channels, g.kernel, g.stride, g.padding, true);
    conv.weight() = random_tensor(shape_of(conv.weight()), seed++);
    conv.bias() = random_tensor({g.out_channels}, seed++);
    const Tensor input = random_tensor({batch, g.in_channels, g.height, g.width}, seed++);
    const Tensor output = conv.forward(input, Mode::train);
    const std::size_t out_height = (g.height + 2 * g.padding.height - g.kernel.height) / g.stride.height + 1;
    const std::size_t out_width = (g.width + 2 * g.padding.width - g.kernel.width) / g.stride.width + 1;
    ASSERT_EQ(shape_of(output), (Shape{batch, g.out_channels, out_height, out_width}));
    const Tensor grad_output = random_tensor(shape_of(output), seed++);
    const Tensor grad_input = conv.backward(grad_output);

    Tensor expected_grad_input = xt::zeros<Scalar>(shape_of(input));
    std::vector<double> expected_grad_weight(conv.weight().size(), 0.0);
    std::vector<double> expected_grad_bias(g.out_channels, 0.0);
    for (std::size_t n = 0; n < batch; ++n) {
      for (std::size_t o = 0; o < g.out_channels; ++o) {
        for (std::size_t oy = 0; oy < out_height; ++oy) {
          for (std::size_t ox = 0; ox < out_width; ++ox) {
            double sum = conv.bias()(o);
            const double dy = grad_output(n, o, oy, ox);
            expected_grad_bias[o] += dy;
            for (std::size_t c = 0; c < g.in_channels; ++c) {
              for (std::size_t i = 0; i < g.kernel.height; ++i) {
                for (std::size_t j = 0; j < g.kernel.width; ++j) {
                  const auto row = std::ptrdiff_t(oy * g.stride.height + i) - std::ptrdiff_t(g.padding.height);
                  const auto column = std::ptrdiff_t(ox * g.stride.width + j) - std::ptrdiff_t(g.padding.width);
                  const double w = conv.weight()(o, c, i, j);
                  const double x = padded_value(input, n, c, row, column);
                  sum += w * x;
                  expected_grad_weight[((o * g.in_channels + c) * g.kernel.height + i) * g.kernel.width + j] += dy * x;
                  const bool inside = row >= 0 && column >= 0 && row < std::ptrdiff_t(g.height) &&
                                      column < std::ptrdiff_t(g.width);
                  if (inside) expected_grad_input(n, c, std::size_t(row), std::size_t(column)) += Scalar(dy * w);
                }
              }
            }
            EXPECT_NEAR(output(n, o, oy, ox), sum, 1e-5) << "case " << seed;
          }
        }
      }
    }
    for (std::size_t index = 0; index < input.size(); ++index) {
      EXPECT_NEAR(grad_input.data()[index], expected_grad_input.data()[index], 1e-5) << index;
    }
    const std::vector<Parameter> parameters = conv.parameters();
    for (std::size_t index = 0; index < expected_grad_weight.size(); ++index) {
      EXPECT_NEAR(parameters[0].gradient->data()[index], expected_grad_weight[index], 1e-4) << index;
    }
    for (std::size_t o = 0; o < g.out_channels; ++o) {
      EXPECT_NEAR((*parameters[1].gradient)(o), expected_grad_bias[o], 1e-4);
    }
  }
}

TEST(Conv2dReference, LargeBatchesInSeveralGroupsGiveTheSameResultsAsOneSampleAtATime) {
  // 64×64 inputs with a 3×3 kernel: 9·4096 column values per sample, so the 2^21 column budget
  // takes 56 samples per group and a batch of 60 runs as two groups (backward rebuilds the
  // columns). Each sample alone is one group whose columns are kept for backward. With 2 output
  // channels the own matrix product computes dW as dY·Xᵀ; with 8, as (X·dYᵀ)ᵀ, which takes
  // fewer of its blocks (Conv2d::add_weight_gradient).
  for (const std::size_t channels : {std::size_t{2}, std::size_t{8}}) {
    SCOPED_TRACE("output channels " + std::to_string(channels));
    const std::size_t batch = 60;
    Conv2d batched({1, 64, 64}, channels, {3, 3}, {1, 1}, {1, 1}, true);
    Conv2d single({1, 64, 64}, channels, {3, 3}, {1, 1}, {1, 1}, true);
    batched.weight() = random_tensor(shape_of(batched.weight()), 31);
    batched.bias() = random_tensor({channels}, 32);
    single.weight() = batched.weight();
    single.bias() = batched.bias();
    const Tensor input = random_tensor({batch, 1, 64, 64}, 33);
    const Tensor grad_output = random_tensor({batch, channels, 64, 64}, 34);
    const Tensor output = batched.forward(input, Mode::train);
    const Tensor grad_input = batched.backward(grad_output);
    const Tensor grad_weight = *batched.parameters()[0].gradient;
    const Tensor grad_bias = *batched.parameters()[1].gradient;

    std::vector<double> summed_grad_weight(grad_weight.size(), 0.0);
    std::vector<double> summed_grad_bias(channels, 0.0);
    const std::size_t input_size = 64 * 64;
    const std::size_t output_size = channels * 64 * 64;
    double largest_difference = 0.0;
    for (std::size_t sample = 0; sample < batch; ++sample) {
      Tensor one_input = Tensor::from_shape({1, 1, 64, 64});
      std::copy(input.data() + sample * input_size, input.data() + (sample + 1) * input_size, one_input.data());
      Tensor one_grad = Tensor::from_shape({1, channels, 64, 64});
      std::copy(grad_output.data() + sample * output_size, grad_output.data() + (sample + 1) * output_size,
                one_grad.data());
      const Tensor& one_output = single.forward(one_input, Mode::train);
      for (std::size_t index = 0; index < output_size; ++index) {
        largest_difference = std::max(largest_difference,
            std::abs(double(one_output.data()[index]) - output.data()[sample * output_size + index]));
      }
      const Tensor& one_grad_input = single.backward(one_grad);
      for (std::size_t index = 0; index < input_size; ++index) {
        largest_difference = std::max(largest_difference,
            std::abs(double(one_grad_input.data()[index]) - grad_input.data()[sample * input_size + index]));
      }
      for (std::size_t index = 0; index < grad_weight.size(); ++index) {
        summed_grad_weight[index] += single.parameters()[0].gradient->data()[index];
      }
      for (std::size_t index = 0; index < channels; ++index) summed_grad_bias[index] += (*single.parameters()[1].gradient)(index);
    }
    EXPECT_LT(largest_difference, 1e-5);
    for (std::size_t index = 0; index < grad_weight.size(); ++index) {
      // Sums over 60·4096 products: float rounding grows with the count.
      EXPECT_NEAR(grad_weight.data()[index], summed_grad_weight[index], 1e-3 * (1 + std::abs(summed_grad_weight[index])));
    }
    for (std::size_t index = 0; index < channels; ++index) {
      EXPECT_NEAR(grad_bias(index), summed_grad_bias[index], 1e-3 * (1 + std::abs(summed_grad_bias[index])));
    }
  }
}

TEST(Conv2dSetup, KernelLargerThanThePaddedInputIsRefused) {
  try {
    Conv2d conv({2, 3, 3}, 4, {5, 5}, {1, 1}, {0, 0}, true);
    FAIL();
  } catch (const UsageError& error) {
    EXPECT_STREQ(error.what(), "conv2d: the kernel 5×5 is larger than the input 3×3; got input shape [2, 3, 3]");
  }
  // With padding 1 the same kernel fits: (3 + 2 − 5)/1 + 1 = 1.
  Conv2d padded({2, 3, 3}, 4, {5, 5}, {1, 1}, {1, 1}, true);
  EXPECT_EQ(padded.output_shape(), (Shape{4, 1, 1}));
  try {
    Conv2d conv({8}, 4, {3, 3}, {1, 1}, {0, 0}, true);
    FAIL();
  } catch (const UsageError& error) {
    EXPECT_STREQ(error.what(), "conv2d expects samples of shape [channels, height, width], got [8]");
  }
}

TEST(Conv2dSetup, WrongInputShapeIsAClearError) {
  Conv2d conv({1, 4, 4}, 2, {3, 3}, {1, 1}, {0, 0}, false);
  EXPECT_TRUE(conv.parameters().size() == 1);  // no bias
  try {
    conv.forward(Tensor::from_shape({2, 1, 4, 5}), Mode::train);
    FAIL();
  } catch (const UsageError& error) {
    EXPECT_STREQ(error.what(), "conv2d: expected input of shape [batch, 1, 4, 4], got [2, 1, 4, 5]");
  }
}

// One 4×4 plane with ties in every 2×2 window:
//    1  3 |  2  2
//    3  0 |  2  1
//   ------+------
//    5  5 | -1 -2
//    5  4 | -3 -1
Tensor tied_plane() {
  return image_tensor({1, 1, 4, 4}, {1, 3, 2, 2, 3, 0, 2, 1, 5, 5, -1, -2, 5, 4, -3, -1});
}

TEST(MaxPool2dByHand, TiesGiveTheGradientToTheFirstMaximumInRowMajorOrder) {
  MaxPool2d pool({1, 4, 4}, {2, 2}, {2, 2});
  const Tensor& output = pool.forward(tied_plane(), Mode::train);
  ASSERT_EQ(shape_of(output), (Shape{1, 1, 2, 2}));
  EXPECT_EQ(output(0, 0, 0, 0), 3.0f);
  EXPECT_EQ(output(0, 0, 0, 1), 2.0f);
  EXPECT_EQ(output(0, 0, 1, 0), 5.0f);
  EXPECT_EQ(output(0, 0, 1, 1), -1.0f);
  // dy = [[1, 2], [3, 4]] goes to the first maximum of each window: 3 at (0,1) (not (1,0)),
  // 2 at (0,2) (not (0,3) or (1,2)), 5 at (2,0) (not (2,1) or (3,0)), −1 at (2,2) (not (3,3)).
  const Tensor& grad_input = pool.backward(image_tensor({1, 1, 2, 2}, {1, 2, 3, 4}));
  const std::vector<double> expected{0, 1, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0};
  for (std::size_t index = 0; index < 16; ++index) {
    EXPECT_EQ(grad_input.data()[index], Scalar(expected[index])) << index;
  }
  // Same input again: the same choice (deterministic, no dependence on earlier calls).
  pool.forward(tied_plane(), Mode::eval);
  const Tensor& again = pool.backward(image_tensor({1, 1, 2, 2}, {1, 2, 3, 4}));
  for (std::size_t index = 0; index < 16; ++index) EXPECT_EQ(again.data()[index], Scalar(expected[index]));
}

TEST(MaxPool2dByHand, FloorModeDropsTheLastRowAndOverlappingWindowsAddUp) {
  // 5×5 with k = 2: ⌊(5 − 2)/2⌋ + 1 = 2, so row 4 and column 4 are never read.
  std::vector<double> values(25, 0.0);
  values[24] = 100.0;  // (4,4): outside every window
  values[6] = 7.0;     // (1,1): the maximum of window (0,0)
  MaxPool2d pool({1, 5, 5}, {2, 2}, {2, 2});
  EXPECT_EQ(pool.output_shape(), (Shape{1, 2, 2}));
  const Tensor& output = pool.forward(image_tensor({1, 1, 5, 5}, values), Mode::train);
  EXPECT_EQ(output(0, 0, 0, 0), 7.0f);
  EXPECT_EQ(output(0, 0, 1, 1), 0.0f);  // window rows 2..3, cols 2..3: all 0, not the 100
  const Tensor& grad_input = pool.backward(image_tensor({1, 1, 2, 2}, {1, 1, 1, 1}));
  EXPECT_EQ(grad_input(0, 0, 4, 4), 0.0f);
  EXPECT_EQ(grad_input(0, 0, 1, 1), 1.0f);

  // 3×3 with k = 2, stride 1: the centre 9 is the maximum of all four windows, so it
  // collects dy = 1 + 2 + 3 + 4 = 10.
  MaxPool2d overlapping({1, 3, 3}, {2, 2}, {1, 1});
  overlapping.forward(image_tensor({1, 1, 3, 3}, {1, 2, 3, 4, 9, 5, 6, 7, 8}), Mode::train);
  const Tensor& overlap_grad = overlapping.backward(image_tensor({1, 1, 2, 2}, {1, 2, 3, 4}));
  EXPECT_EQ(overlap_grad(0, 0, 1, 1), 10.0f);
  EXPECT_EQ(overlap_grad(0, 0, 0, 0), 0.0f);
}

TEST(MaxPool2dByHand, ChannelsAndSamplesArePooledSeparately) {
  // (N, C) = (2, 2) planes of 2×2, each pooled to one value: its own maximum.
  MaxPool2d pool({2, 2, 2}, {2, 2}, {2, 2});
  const Tensor& output = pool.forward(
      image_tensor({2, 2, 2, 2}, {1, 2, 3, 4, -5, -6, -7, -8, 0, 9, 0, 0, 2, 2, 8, 2}), Mode::train);
  EXPECT_EQ(output(0, 0, 0, 0), 4.0f);
  EXPECT_EQ(output(0, 1, 0, 0), -5.0f);
  EXPECT_EQ(output(1, 0, 0, 0), 9.0f);
  EXPECT_EQ(output(1, 1, 0, 0), 8.0f);
}

TEST(AvgPool2dByHand, MeansOfWindowsAndSharedGradients) {
  AvgPool2d pool({1, 4, 4}, {2, 2}, {2, 2});
  const Tensor& output = pool.forward(one_to_sixteen(), Mode::train);
  // (1 + 2 + 5 + 6)/4 = 3.5, (3 + 4 + 7 + 8)/4 = 5.5, (9 + 10 + 13 + 14)/4 = 11.5, (11 + 12 + 15 + 16)/4 = 13.5
  EXPECT_FLOAT_EQ(output(0, 0, 0, 0), 3.5f);
  EXPECT_FLOAT_EQ(output(0, 0, 0, 1), 5.5f);
  EXPECT_FLOAT_EQ(output(0, 0, 1, 0), 11.5f);
  EXPECT_FLOAT_EQ(output(0, 0, 1, 1), 13.5f);
  const Tensor& grad_input = pool.backward(image_tensor({1, 1, 2, 2}, {1, 2, 3, 4}));
  EXPECT_FLOAT_EQ(grad_input(0, 0, 0, 0), 0.25f);  // dy/4
  EXPECT_FLOAT_EQ(grad_input(0, 0, 1, 3), 0.5f);
  EXPECT_FLOAT_EQ(grad_input(0, 0, 3, 3), 1.0f);

  // k = 3, stride 1 on 4×4: 2×2 windows of 9 values; (0,0) = (1+2+3+5+6+7+9+10+11)/9 = 6.
  // The four centre pixels lie in all four windows: dx = (1 + 2 + 3 + 4)/9.
  AvgPool2d overlapping({1, 4, 4}, {3, 3}, {1, 1});
  const Tensor& overlap_output = overlapping.forward(one_to_sixteen(), Mode::train);
  EXPECT_FLOAT_EQ(overlap_output(0, 0, 0, 0), 6.0f);
  const Tensor& overlap_grad = overlapping.backward(image_tensor({1, 1, 2, 2}, {1, 2, 3, 4}));
  EXPECT_FLOAT_EQ(overlap_grad(0, 0, 1, 2), 10.0f / 9.0f);
  EXPECT_FLOAT_EQ(overlap_grad(0, 0, 0, 0), 1.0f / 9.0f);
  EXPECT_FLOAT_EQ(overlap_grad(0, 0, 3, 3), 4.0f / 9.0f);
}

TEST(PoolingSetup, KernelLargerThanTheInputIsRefused) {
  try {
    MaxPool2d pool({3, 2, 2}, {3, 3}, {3, 3});
    FAIL();
  } catch (const UsageError& error) {
    EXPECT_STREQ(error.what(), "maxpool2d: the kernel 3×3 is larger than the input 2×2; got input shape [3, 2, 2]");
  }
  EXPECT_THROW(AvgPool2d({3, 4, 2}, {1, 3}, {1, 1}), UsageError);
}

TEST(FlattenLayer, KeepsRowMajorOrderAndRestoresTheShape) {
  Flatten flatten({2, 2, 3});
  EXPECT_EQ(flatten.output_shape(), (Shape{12}));
  std::vector<double> values;
  for (int value = 0; value < 24; ++value) values.push_back(value);
  const Tensor input = image_tensor({2, 2, 2, 3}, values);
  const Tensor& output = flatten.forward(input, Mode::train);
  ASSERT_EQ(shape_of(output), (Shape{2, 12}));
  EXPECT_EQ(output(1, 7), 19.0f);  // sample 1, channel 1, row 0, column 1: 12 + 6 + 0 + 1
  const Tensor& grad_input = flatten.backward(output);
  ASSERT_EQ(shape_of(grad_input), (Shape{2, 2, 2, 3}));
  EXPECT_EQ(grad_input, input);
}

TEST(BatchNormChannels, StatisticsPerChannelOverSamplesHeightAndWidth) {
  // (N, C, H, W) = (2, 2, 2, 2): M = N·H·W = 8 values per channel.
  // Channel 0: sample 0 = [1 2; 3 4], sample 1 = [5 6; 7 8] → μ = 36/8 = 4.5,
  //   biased σ² = 2·(3.5² + 2.5² + 1.5² + 0.5²)/8 = 2·21/8 = 5.25, unbiased 5.25·8/7 = 6.
  // Channel 1: sample 0 = [0 0; 0 0], sample 1 = [2 2; 2 10] → μ = 16/8 = 2,
  //   biased σ² = (4·2² + 3·0² + 8²)/8 = 80/8 = 10, unbiased 80/7.
  BatchNorm batch_norm({2, 2, 2}, BatchNormSpec{});
  const Tensor input = image_tensor({2, 2, 2, 2}, {1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 8, 2, 2, 2, 10});
  const Tensor& output = batch_norm.forward(input, Mode::train);
  EXPECT_NEAR(output(0, 0, 0, 0), (1 - 4.5) / std::sqrt(5.25 + 1e-5), 1e-5);
  EXPECT_NEAR(output(1, 0, 1, 1), (8 - 4.5) / std::sqrt(5.25 + 1e-5), 1e-5);
  EXPECT_NEAR(output(0, 1, 0, 1), (0 - 2.0) / std::sqrt(10 + 1e-5), 1e-5);
  EXPECT_NEAR(output(1, 1, 1, 1), (10 - 2.0) / std::sqrt(10 + 1e-5), 1e-5);
  // Running statistics: 0.9·initial + 0.1·batch, with the unbiased variance.
  EXPECT_NEAR(batch_norm.running_mean()(0), 0.1 * 4.5, 1e-6);
  EXPECT_NEAR(batch_norm.running_mean()(1), 0.1 * 2.0, 1e-6);
  EXPECT_NEAR(batch_norm.running_variance()(0), 0.9 + 0.1 * 6.0, 1e-6);
  EXPECT_NEAR(batch_norm.running_variance()(1), 0.9 + 0.1 * 80.0 / 7.0, 1e-5);
  ASSERT_EQ(batch_norm.parameters()[0].value->size(), 2u);  // one γ per channel
  // Eval mode uses the running statistics, per channel.
  const Tensor& eval_output = batch_norm.forward(input, Mode::eval);
  EXPECT_NEAR(eval_output(1, 1, 1, 1), (10 - 0.2) / std::sqrt(0.9 + 0.1 * 80.0 / 7.0 + 1e-5), 1e-5);
}

TEST(BatchNormChannels, OneSampleWithSeveralPositionsCanTrain) {
  // PyTorch refuses training only when M = N·H·W is 1: (1, C, 1, 2) runs, (1, C, 1, 1) does not.
  BatchNorm wide({3, 1, 2}, BatchNormSpec{});
  EXPECT_NO_THROW(wide.forward(random_tensor({1, 3, 1, 2}, 5), Mode::train));
  BatchNorm single({3, 1, 1}, BatchNormSpec{});
  EXPECT_THROW(single.forward(random_tensor({1, 3, 1, 1}, 6), Mode::train), UsageError);
}

}  // namespace
}  // namespace bnlab
