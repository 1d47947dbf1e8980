// Pooling padding, ceil_mode and count_include_pad (PyTorch's nn.MaxPool2d / nn.AvgPool2d):
// values worked by hand, output sizes, the experiment file's errors and the model-file JSON.
// The gradient checks of every option combination are in pool_padding_gradcheck.cpp.

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "experiment/experiment.hpp"
#include "layers/avg_pool2d.hpp"
#include "layers/max_pool2d.hpp"
#include "network/network.hpp"

namespace bnlab {
namespace {

// One sample, one channel: [[1, 2, 3], [4, 5, 6], [7, 8, 9]].
Tensor one_to_nine() {
  Tensor plane = Tensor::from_shape({1, 1, 3, 3});
  for (std::size_t index = 0; index < 9; ++index) plane.data()[index] = static_cast<Scalar>(index + 1);
  return plane;
}

PoolWindow window(std::size_t kernel, std::size_t stride, std::size_t padding, bool ceil_mode) {
  return {{kernel, kernel}, {stride, stride}, {padding, padding}, ceil_mode};
}

std::vector<double> values_of(const Tensor& tensor) { return {tensor.begin(), tensor.end()}; }

TEST(PoolPadding, MaxPoolPadsWithMinusInfinity) {
  // F.max_pool2d(x, 2, stride=2, padding=1): the windows are rows {−1, 0} × columns {−1, 0}
  // = [1], {−1, 0} × {1, 2} = [2, 3], {1, 2} × {−1, 0} = [4, 7], {1, 2} × {1, 2} = [5, 6, 8, 9];
  // the padded cells never win, so → [[1, 3], [7, 9]].
  MaxPool2d pool({1, 3, 3}, window(2, 2, 1, false));
  ASSERT_EQ(pool.output_shape(), (Shape{1, 2, 2}));
  EXPECT_EQ(values_of(pool.forward(one_to_nine(), Mode::train)), (std::vector<double>{1, 3, 7, 9}));
  // dy = [[1, 2], [3, 4]] goes to each window's maximum: 1 at (0,0), 3 at (0,2), 7 at (2,0), 9 at (2,2).
  Tensor grad_output = Tensor::from_shape({1, 1, 2, 2});
  for (std::size_t index = 0; index < 4; ++index) grad_output.data()[index] = static_cast<Scalar>(index + 1);
  EXPECT_EQ(values_of(pool.backward(grad_output)), (std::vector<double>{1, 0, 2, 0, 0, 0, 3, 0, 4}));
}

TEST(PoolPadding, MaxPoolAllNegativeWindowStillIgnoresThePadding) {
  // With −x every real value is negative; a zero-padded max would give 0, PyTorch's −∞ padding
  // gives the window's own maximum: [[−1, −2], [−4, −5]].
  Tensor negative = one_to_nine();
  for (Scalar& value : negative) value = -value;
  MaxPool2d pool({1, 3, 3}, window(2, 2, 1, false));
  EXPECT_EQ(values_of(pool.forward(negative, Mode::eval)), (std::vector<double>{-1, -2, -4, -5}));
}

TEST(PoolPadding, AvgPoolCountIncludePadDividesByTheWholeWindowOrByItsRealCells) {
  // F.avg_pool2d(x, 2, stride=2, padding=1), windows as above:
  //   count_include_pad=True:  1/4, (2+3)/4, (4+7)/4, (5+6+8+9)/4 = 0.25, 1.25, 2.75, 7
  //   count_include_pad=False: 1/1, (2+3)/2, (4+7)/2, 28/4        = 1, 2.5, 5.5, 7
  AvgPool2d including({1, 3, 3}, window(2, 2, 1, false), true);
  EXPECT_EQ(values_of(including.forward(one_to_nine(), Mode::train)), (std::vector<double>{0.25, 1.25, 2.75, 7}));
  AvgPool2d excluding({1, 3, 3}, window(2, 2, 1, false), false);
  EXPECT_EQ(values_of(excluding.forward(one_to_nine(), Mode::train)), (std::vector<double>{1, 2.5, 5.5, 7}));
  // Backward: each real cell gets dy / divisor. With dy = 1 everywhere and count_include_pad
  // false the four windows do not overlap, so every cell gets 1/(its window's real cells):
  // corner 1, edges 1/2, the bottom-right block 1/4.
  Tensor ones = Tensor::from_shape({1, 1, 2, 2});
  ones.fill(1);
  EXPECT_EQ(values_of(excluding.backward(ones)), (std::vector<double>{1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.5, 0.25, 0.25}));
  // ...and with count_include_pad true every real cell gets 1/4.
  including.forward(one_to_nine(), Mode::train);
  EXPECT_EQ(values_of(including.backward(ones)), (std::vector<double>(9, 0.25)));
}

TEST(PoolPadding, CeilModeKeepsTheClippedLastWindow) {
  // 3×3, k = 2, s = 2: floor gives ⌊1/2⌋ + 1 = 1, ceil ⌈1/2⌉ + 1 = 2 (the last window starts at
  // 2, inside the input). F.max_pool2d(x, 2, 2, ceil_mode=True) = [[5, 6], [8, 9]];
  // F.avg_pool2d(x, 2, 2, ceil_mode=True) divides each window by its cells within the input
  // (+ padding, here none): (1+2+4+5)/4, (3+6)/2, (7+8)/2, 9/1 = 3, 4.5, 7.5, 9.
  MaxPool2d floor_pool({1, 3, 3}, window(2, 2, 0, false));
  EXPECT_EQ(floor_pool.output_shape(), (Shape{1, 1, 1}));
  MaxPool2d max_pool({1, 3, 3}, window(2, 2, 0, true));
  ASSERT_EQ(max_pool.output_shape(), (Shape{1, 2, 2}));
  EXPECT_EQ(values_of(max_pool.forward(one_to_nine(), Mode::train)), (std::vector<double>{5, 6, 8, 9}));
  AvgPool2d avg_pool({1, 3, 3}, window(2, 2, 0, true), true);
  EXPECT_EQ(values_of(avg_pool.forward(one_to_nine(), Mode::train)), (std::vector<double>{3, 4.5, 7.5, 9}));
}

TEST(PoolPadding, CeilModeWithPaddingCountsOnlyUpToTheRightPadding) {
  // A 4×1 column [1, 2, 3, 4], kernel (3, 1), stride (2, 1), padding (1, 0), ceil_mode:
  // ⌈(4 + 2 − 3)/2⌉ + 1 = 3 windows (the last starts at 2·2 − 1 = 3 < 4 + 1), over padded rows
  // {−1, 0, 1}, {1, 2, 3} and {3, 4, 5}. Row 5 is past the right padding, so PyTorch's
  // count_include_pad divisor of the last window is 2 (row 3 and padding row 4), not 3:
  //   count_include_pad=True:  (1+2)/3, (2+3+4)/3, 4/2 = 1, 3, 2
  //   count_include_pad=False: (1+2)/2, (2+3+4)/3, 4/1 = 1.5, 3, 4
  Tensor column = Tensor::from_shape({1, 1, 4, 1});
  for (std::size_t index = 0; index < 4; ++index) column.data()[index] = static_cast<Scalar>(index + 1);
  const PoolWindow tall{{3, 1}, {2, 1}, {1, 0}, true};
  AvgPool2d including({1, 4, 1}, tall, true);
  ASSERT_EQ(including.output_shape(), (Shape{1, 3, 1}));
  EXPECT_EQ(values_of(including.forward(column, Mode::train)), (std::vector<double>{1, 3, 2}));
  AvgPool2d excluding({1, 4, 1}, tall, false);
  EXPECT_EQ(values_of(excluding.forward(column, Mode::train)), (std::vector<double>{1.5, 3, 4}));
  // Backward with dy = [3, 6, 4]: including → row 0: 3/3 = 1, row 1: 1 + 6/3 = 3, row 2: 2,
  // row 3: 2 + 4/2 = 4.
  Tensor grad_output = Tensor::from_shape({1, 1, 3, 1});
  grad_output.data()[0] = 3;
  grad_output.data()[1] = 6;
  grad_output.data()[2] = 4;
  EXPECT_EQ(values_of(including.backward(grad_output)), (std::vector<double>{1, 3, 2, 4}));
  MaxPool2d max_pool({1, 4, 1}, tall);
  EXPECT_EQ(values_of(max_pool.forward(column, Mode::train)), (std::vector<double>{2, 4, 4}));
}

TEST(PoolPadding, CeilModeDropsAWindowThatWouldStartInTheRightPadding) {
  // 5 wide, k = 2, s = 2, padding 1: ⌈(5 + 2 − 2)/2⌉ + 1 = 4, but window 3 would start at
  // 3·2 − 1 = 5, in the right padding, so PyTorch drops it: 3 (as floor mode gives).
  EXPECT_EQ(pool_positions(5, 2, 2, 1, true), 3u);
  EXPECT_EQ(pool_positions(5, 2, 2, 1, false), 3u);
  // 6 wide, k = 3, s = 2: floor ⌊3/2⌋ + 1 = 2, ceil ⌈3/2⌉ + 1 = 3 (window 2 starts at 4 < 6).
  EXPECT_EQ(pool_positions(6, 3, 2, 0, false), 2u);
  EXPECT_EQ(pool_positions(6, 3, 2, 0, true), 3u);
  MaxPool2d pool({2, 5, 6}, PoolWindow{{2, 3}, {2, 2}, {1, 0}, true});
  EXPECT_EQ(pool.output_shape(), (Shape{2, 3, 3}));
}

// The error of a [1, 3, 3] model whose first layer is `layer`: parsing, then the shapes.
ConfigError model_error(const Json& layer) {
  try {
    const Json layers = Json::array({layer, {{"type", "flatten"}}, {{"type", "dense"}, {"units", 2}}});
    infer_shapes(ModelSpec{{1, 3, 3}, parse_layers(layers, "model.layers")});
  } catch (const ConfigError& error) {
    return error;
  }
  ADD_FAILURE() << "accepted: " << layer.dump();
  return ConfigError("", "", Json::object(), "");
}

TEST(PoolPadding, BadOptionsAreErrorsNamingTheLayer) {
  struct Row {
    const char* layer;
    const char* code;
    const char* message;
  };
  const std::vector<Row> rows{
      {R"({"type": "maxpool2d", "kernel": 3, "padding": 2})", "pool_padding_over_half_kernel",
       "model.layers[0]: maxpool2d: the padding 2×2 is more than half the kernel 3×3 (at most 1×1, as in PyTorch)"},
      {R"({"type": "avgpool2d", "kernel": [2, 4], "padding": [1, 3]})", "pool_padding_over_half_kernel",
       "model.layers[0]: avgpool2d: the padding 1×3 is more than half the kernel 2×4 (at most 1×2, as in PyTorch)"},
      {R"({"type": "maxpool2d", "kernel": 2, "padding": -1})", "expected_integer",
       "model.layers[0].padding: expected an integer of at least 0, got -1"},
      {R"({"type": "maxpool2d", "kernel": 2, "ceil_mode": "yes"})", "expected_type",
       "model.layers[0].ceil_mode: expected true or false, got \"yes\""},
      {R"({"type": "avgpool2d", "kernel": 2, "count_include_pad": 0})", "expected_type",
       "model.layers[0].count_include_pad: expected true or false, got 0"},
      {R"({"type": "maxpool2d", "kernel": 2, "count_include_pad": false})", "unknown_field",
       "model.layers[0].count_include_pad: unknown field (this object takes: ceil_mode, kernel, padding, stride, type)"},
      {R"({"type": "maxpool2d", "kernel": 6, "padding": 1})", "window_does_not_fit",
       "model.layers[0]: maxpool2d: the kernel 6×6 is larger than the padded input 5×5 (padding 1×1); got input "
       "shape [1, 3, 3]"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.layer);
    const ConfigError error = model_error(Json::parse(row.layer));
    EXPECT_EQ(std::string(error.what()), row.message);
    EXPECT_EQ(error.code(), row.code);
  }
}

TEST(PoolPadding, ModelJsonWritesTheOptionsOnlyWhenNotTheDefault) {
  const std::vector<LayerSpec> layers = parse_layers(Json::parse(R"([
    {"type": "maxpool2d", "kernel": 2},
    {"type": "maxpool2d", "kernel": 3, "stride": 2, "padding": 1, "ceil_mode": true},
    {"type": "avgpool2d", "kernel": [2, 3], "padding": [1, 0], "count_include_pad": false},
    {"type": "avgpool2d", "kernel": 2, "padding": 0, "ceil_mode": false, "count_include_pad": true}
  ])"), "model.layers");
  const Json written = layers_to_json(layers);
  // An old file's pooling layer writes out as before (no new keys).
  EXPECT_EQ(written[0], Json::parse(R"({"type": "maxpool2d", "kernel": 2, "stride": 2})"));
  EXPECT_EQ(written[1], Json::parse(R"({"type": "maxpool2d", "kernel": 3, "stride": 2, "padding": 1, "ceil_mode": true})"));
  EXPECT_EQ(written[2],
            Json::parse(R"({"type": "avgpool2d", "kernel": [2, 3], "stride": [2, 3], "padding": [1, 0], "count_include_pad": false})"));
  EXPECT_EQ(written[3], Json::parse(R"({"type": "avgpool2d", "kernel": 2, "stride": 2})"));
  EXPECT_EQ(layers_to_json(parse_layers(written, "model.layers")), written);
  ASSERT_TRUE(layers[2].is<AvgPool2dOptions>());
  EXPECT_FALSE(layers[2].as<AvgPool2dOptions>().count_include_pad);
  EXPECT_EQ(layers[2].as<AvgPool2dOptions>().padding, (Extent2d{1, 0}));
  EXPECT_TRUE(layers[1].as<MaxPool2dOptions>().ceil_mode);
}

}  // namespace
}  // namespace bnlab
