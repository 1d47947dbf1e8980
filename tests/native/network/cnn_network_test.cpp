// Convolutional networks as a whole: shape inference and its errors (raised when the model is
// built, naming the layer and the shapes), model-file syntax, initialization, BatchNorm
// folding into Conv2d, population statistics and probes over channels.
#include <cmath>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "experiment/experiment.hpp"
#include "layers/batch_norm.hpp"
#include "layers/conv2d.hpp"
#include "layers/dense.hpp"
#include "model_file/model_file.hpp"
#include "network/fold_batch_norm.hpp"
#include "network/initialization.hpp"
#include "network/population_statistics.hpp"
#include "support/model_builders.hpp"
#include "support/networks.hpp"
#include "support/tensors.hpp"
#include "training/instruments/instruments.hpp"
#include "training/instruments/tensor_statistics.hpp"

namespace bnlab {
namespace {

using testing::conv_layer;
using testing::dense_layer;
using testing::largest_difference;
using testing::layer_of;
using testing::pool_layer;
using testing::standard_deviation;
using testing::warm_up_batch_norm;

Tensor random_images(const Shape& shape, std::uint64_t seed, double mean = 0.0, double scale = 1.0) {
  return testing::normal_tensor(shape, seed, 3, mean, scale);
}

// [1, 12, 12] → conv 8 (3×3, padding 1) → BN → ReLU → maxpool 2 → conv 16 (3×3, stride 2)
// → avgpool 2 → flatten → dense 4.
ModelSpec small_cnn() {
  return ModelSpec{{1, 12, 12},
                   {conv_layer(8, 3, 1, 1, false), layer_of<BatchNormOptions>(),
                    layer_of<ReluOptions>(), pool_layer<MaxPool2dOptions>(2),
                    conv_layer(16, 3, 2, 0), pool_layer<AvgPool2dOptions>(2),
                    layer_of<FlattenOptions>(), dense_layer(4)}};
}

TEST(CnnShapes, AreInferredLayerByLayer) {
  const std::vector<Shape> shapes = infer_shapes(small_cnn());
  const std::vector<Shape> expected{
      {8, 12, 12},  // (12 + 2 − 3)/1 + 1 = 12
      {8, 12, 12}, {8, 12, 12},
      {8, 6, 6},    // (12 − 2)/2 + 1 = 6
      {16, 2, 2},   // (6 − 3)/2 + 1 = 2 (floor of 1.5, plus 1)
      {16, 1, 1},   // (2 − 2)/2 + 1 = 1
      {16}, {4}};
  EXPECT_EQ(shapes, expected);
  // conv 8·1·9 (no bias) + BN 2·8 + conv 16·8·9 + 16 + dense 16·4 + 4 = 72 + 16 + 1168 + 68
  EXPECT_EQ(count_parameters(small_cnn()), 1324u);
  Network network(small_cnn(), 0);
  EXPECT_EQ(network.parameter_count(), 1324u);
  EXPECT_EQ(network.output_shape(), Shape{4});
  const Tensor& output = network.forward(random_images({3, 1, 12, 12}, 1), Mode::train);
  EXPECT_EQ(shape_of(output), (Shape{3, 4}));
}

TEST(CnnShapes, ShapesThatCannotWorkAreErrorsNamingTheLayer) {
  const std::vector<std::pair<ModelSpec, std::string>> cases{
      {{{1, 5, 5}, {conv_layer(8, 3), pool_layer<MaxPool2dOptions>(4)}},
       "model.layers[1]: maxpool2d: the kernel 4×4 is larger than the input 3×3; got input shape [8, 3, 3]"},
      {{{1, 5, 5}, {conv_layer(8, 8, 1, 1)}},
       "model.layers[0]: conv2d: the kernel 8×8 is larger than the padded input 7×7 (padding 1×1); got "
       "input shape [1, 5, 5]"},
      {{{1, 5, 5}, {conv_layer(8, 3), dense_layer(10)}},
       "model.layers[1]: dense expects a flat vector of features per sample, got input shape [8, 3, 3]; "
       "add a flatten layer before it"},
      {{{784}, {conv_layer(8, 3)}},
       "model.layers[0]: conv2d expects samples of shape [channels, height, width], got input shape "
       "[784]; give model.input as [channels, height, width]"},
      {{{1, 8, 8}, {layer_of<FlattenOptions>(), pool_layer<AvgPool2dOptions>(2)}},
       "model.layers[1]: avgpool2d expects samples of shape [channels, height, width], got input shape [64]"},
      {{{1, 64, 64}, {conv_layer(100000, 3, 1, 1)}},
       "model.layers[0]: the output shape [100000, 64, 64] holds 409600000 values per sample, more than "
       "the limit of 16777216"},
      {{{1000, 64, 64}, {conv_layer(1, 33, 1, 16)}},
       "model.layers[0]: conv2d on input shape [1000, 64, 64] needs 4460544000 values per sample for its "
       "columns, more than the limit of 16777216"},  // 1000·33²·64·64
  };
  for (const auto& [model, message] : cases) {
    try {
      Network network(model, 0);
      ADD_FAILURE() << message << ": was accepted";
    } catch (const ConfigError& error) {
      EXPECT_EQ(std::string(error.what()), message);
    }
  }
}

TEST(CnnModelSyntax, LayersRoundTripThroughJson) {
  const Json written = Json::parse(R"([
    {"type": "conv2d", "channels": 6, "kernel": [3, 2], "stride": 2, "padding": [1, 0], "bias": false,
     "init": {"scheme": "he_normal"}},
    {"type": "maxpool2d", "kernel": 2},
    {"type": "avgpool2d", "kernel": 3, "stride": 1},
    {"type": "flatten"}
  ])");
  const std::vector<LayerSpec> layers = parse_layers(written, "model.layers");
  ASSERT_EQ(layers.size(), 4u);
  ASSERT_TRUE(layers[0].is<Conv2dOptions>());
  const Conv2dOptions& conv = layers[0].as<Conv2dOptions>();
  EXPECT_EQ(conv.channels, 6u);
  EXPECT_EQ(conv.kernel, (Extent2d{3, 2}));
  EXPECT_EQ(conv.stride, (Extent2d{2, 2}));
  EXPECT_EQ(conv.padding, (Extent2d{1, 0}));
  EXPECT_FALSE(conv.bias);
  ASSERT_TRUE(conv.init.has_value());
  EXPECT_EQ(conv.init->scheme, InitScheme::he_normal);
  ASSERT_TRUE(layers[1].is<MaxPool2dOptions>());
  EXPECT_EQ(layers[1].as<MaxPool2dOptions>().stride, (Extent2d{2, 2}));  // defaults to the kernel
  ASSERT_TRUE(layers[2].is<AvgPool2dOptions>());
  EXPECT_EQ(layers[2].as<AvgPool2dOptions>().stride, (Extent2d{1, 1}));
  EXPECT_TRUE(layers[3].is<FlattenOptions>());

  const Json reread = layers_to_json(layers);
  EXPECT_EQ(reread[0]["kernel"], Json::array({3, 2}));
  EXPECT_EQ(reread[0]["stride"], 2);
  EXPECT_EQ(reread[1], Json::parse(R"({"type": "maxpool2d", "kernel": 2, "stride": 2})"));
  EXPECT_EQ(reread[3], Json::parse(R"({"type": "flatten"})"));
  EXPECT_EQ(layers_to_json(parse_layers(reread, "model.layers")), reread);
}

TEST(CnnModelSyntax, BadLayerEntriesGetTheirOwnMessage) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"type": "conv2d", "kernel": 3})", "model.layers[0].channels: required field is missing"},
      {R"({"type": "conv2d", "channels": 4})", "model.layers[0].kernel: required field is missing"},
      {R"({"type": "conv2d", "channels": 4, "kernel": 0})",
       "model.layers[0].kernel: expected a positive integer, got 0"},
      {R"({"type": "conv2d", "channels": 4, "kernel": [3]})",
       "model.layers[0].kernel: expected a positive integer or [height, width], got an array of 1 values"},
      {R"({"type": "conv2d", "channels": 4, "kernel": "3"})",
       "model.layers[0].kernel: expected a positive integer or [height, width], got \"3\""},
      {R"({"type": "conv2d", "channels": 4, "kernel": 3, "stride": [1, 0]})",
       "model.layers[0].stride[1]: expected a positive integer, got 0"},
      {R"({"type": "conv2d", "channels": 4, "kernel": 3, "padding": -1})",
       "model.layers[0].padding: expected an integer of at least 0, got -1"},
      {R"({"type": "conv2d", "channels": 4, "kernel": 2000})",
       "model.layers[0].kernel: expected at most 1024, got 2000"},
      {R"({"type": "conv2d", "channels": 4, "kernel": 3, "units": 4})",
       "model.layers[0].units: unknown field (this object takes: bias, channels, init, kernel, padding, "
       "stride, type)"},
      // Pools take padding and ceil_mode now (pool_padding_test.cpp), but not PyTorch's dilation.
      {R"({"type": "maxpool2d", "kernel": 2, "dilation": 2})",
       "model.layers[0].dilation: unknown field (this object takes: ceil_mode, kernel, padding, stride, type)"},
      {R"({"type": "avgpool2d"})", "model.layers[0].kernel: required field is missing"},
      {R"({"type": "flatten", "start_dim": 1})",
       "model.layers[0].start_dim: unknown field (this object takes: type)"},
  };
  for (const auto& [layer, message] : cases) {
    try {
      parse_layers(Json::array({Json::parse(layer)}), "model.layers");
      ADD_FAILURE() << layer << ": was accepted";
    } catch (const ConfigError& error) {
      EXPECT_EQ(std::string(error.what()), message);
    }
  }
}

Conv2d& first_conv(Network& network) { return static_cast<Conv2d&>(network.layer(0)); }

TEST(CnnInitialization, FanInAndFanOutCountTheKernel) {
  // 128 output channels, 32 input channels, 3×3: fan_in = 32·9 = 288, fan_out = 128·9 = 1152,
  // 36 864 weights (standard deviations within about 1 %).
  const ModelSpec model{{32, 8, 8}, {conv_layer(128, 3)}};
  const double fan_in = 288;
  const double fan_out = 1152;
  Network pytorch(model, 0);
  initialize_parameters(pytorch, InitSpec{}, 5);
  const double bound = 1 / std::sqrt(fan_in);
  for (const Scalar value : first_conv(pytorch).weight()) ASSERT_LE(std::abs(value), bound);
  for (const Scalar value : first_conv(pytorch).bias()) ASSERT_LE(std::abs(value), bound);
  EXPECT_NEAR(standard_deviation(first_conv(pytorch).weight()), bound / std::sqrt(3.0), 2e-4);
  EXPECT_GT(standard_deviation(first_conv(pytorch).bias()), 0.0);  // the bias is drawn too

  Network he(model, 0);
  initialize_parameters(he, InitSpec{InitScheme::he_normal, 0}, 5);
  EXPECT_NEAR(standard_deviation(first_conv(he).weight()), std::sqrt(2 / fan_in), 1e-3);
  for (const Scalar value : first_conv(he).bias()) EXPECT_EQ(value, 0.0f);
  Network xavier(model, 0);
  initialize_parameters(xavier, InitSpec{InitScheme::xavier_normal, 0}, 5);
  EXPECT_NEAR(standard_deviation(first_conv(xavier).weight()), std::sqrt(2 / (fan_in + fan_out)), 5e-4);
}

TEST(CnnInitialization, BatchNormLayersDoNotShiftAnyConvolutionsWeights) {
  const ModelSpec with_batch_norm{
      {1, 8, 8},
      {conv_layer(4, 3, 1, 1, false), layer_of<BatchNormOptions>(), layer_of<ReluOptions>(),
       conv_layer(6, 3, 1, 0, false), layer_of<BatchNormOptions>(), layer_of<ReluOptions>(),
       layer_of<FlattenOptions>(), dense_layer(5, false), layer_of<BatchNormOptions>(),
       dense_layer(3)}};
  const ModelSpec without_batch_norm{
      {1, 8, 8},
      {conv_layer(4, 3, 1, 1), layer_of<ReluOptions>(), conv_layer(6, 3, 1, 0),
       layer_of<ReluOptions>(), layer_of<FlattenOptions>(), dense_layer(5), dense_layer(3)}};
  Network with_network(with_batch_norm, 0);
  Network without_network(without_batch_norm, 0);
  initialize_parameters(with_network, InitSpec{}, 42);
  initialize_parameters(without_network, InitSpec{}, 42);
  EXPECT_EQ(static_cast<Conv2d&>(with_network.layer(0)).weight(),
            static_cast<Conv2d&>(without_network.layer(0)).weight());
  EXPECT_EQ(static_cast<Conv2d&>(with_network.layer(3)).weight(),
            static_cast<Conv2d&>(without_network.layer(2)).weight());
  EXPECT_EQ(static_cast<Dense&>(with_network.layer(7)).weight(),
            static_cast<Dense&>(without_network.layer(5)).weight());
  EXPECT_EQ(static_cast<Dense&>(with_network.layer(9)).bias(),
            static_cast<Dense&>(without_network.layer(6)).bias());
  // The two convolutions draw from different streams (not the same numbers twice).
  EXPECT_NE(static_cast<Conv2d&>(with_network.layer(0)).weight()(0, 0, 0, 0),
            static_cast<Conv2d&>(with_network.layer(3)).weight()(0, 0, 0, 0));
}

TEST(CnnFold, FoldedAndUnfoldedEvalOutputsAgree) {
  const ModelSpec model{{2, 6, 6},
                        {conv_layer(4, 3, 1, 1, false), layer_of<BatchNormOptions>(),
                         layer_of<ReluOptions>(), conv_layer(5, 3, 2, 0, true),
                         layer_of<BatchNormOptions>(), layer_of<TanhOptions>(),
                         layer_of<FlattenOptions>(), dense_layer(3)}};
  Network network(model, 1);
  initialize_parameters(network, InitSpec{}, 2);
  const Tensor inputs = random_images({30, 2, 6, 6}, 3, 1.0, 2.0);
  warm_up_batch_norm(network, inputs);

  FoldResult folded = fold_batch_norm(network);
  EXPECT_EQ(folded.folded_count, 2u);
  EXPECT_TRUE(folded.notes.empty());
  ASSERT_EQ(folded.network->layer_count(), 6u);  // conv relu conv tanh flatten dense
  const Tensor expected = network.forward(inputs, Mode::eval);
  const Tensor actual = folded.network->forward(inputs, Mode::eval);
  ASSERT_EQ(shape_of(expected), shape_of(actual));
  EXPECT_LT(largest_difference(expected, actual), 1e-5);
  auto& original = static_cast<Conv2d&>(network.layer(0));
  auto& folded_conv = static_cast<Conv2d&>(folded.network->layer(0));
  EXPECT_TRUE(folded_conv.has_bias());  // b' = s·(0 − μ) + β
  // W'[o] = s_o·W[o]: every weight of output channel 0 is scaled by the same s_0.
  auto& batch_norm = static_cast<BatchNorm&>(network.layer(1));
  const double scale = batch_norm.gamma()(0) / std::sqrt(batch_norm.running_variance()(0) + 1e-5);
  for (std::size_t input_channel = 0; input_channel < 2; ++input_channel) {
    for (std::size_t row = 0; row < 3; ++row) {
      EXPECT_NEAR(folded_conv.weight()(0, input_channel, row, 1), scale * original.weight()(0, input_channel, row, 1), 1e-6);
    }
  }
  EXPECT_NEAR(folded_conv.bias()(0), scale * (0 - batch_norm.running_mean()(0)) + batch_norm.beta()(0), 1e-5);
}

TEST(CnnFold, BatchNormAfterTheActivationIsKept) {
  const ModelSpec model{{1, 5, 5},
                        {conv_layer(3, 3), layer_of<ReluOptions>(), layer_of<BatchNormOptions>(),
                         layer_of<FlattenOptions>(), dense_layer(2)}};
  Network network(model, 1);
  initialize_parameters(network, InitSpec{}, 2);
  const Tensor inputs = random_images({8, 1, 5, 5}, 4);
  warm_up_batch_norm(network, inputs);
  FoldResult folded = fold_batch_norm(network);
  EXPECT_EQ(folded.folded_count, 0u);
  ASSERT_EQ(folded.notes.size(), 1u);
  EXPECT_EQ(folded.notes[0], "model.layers[2] (batchnorm) kept: it does not directly follow a dense or conv2d layer");
  EXPECT_EQ(largest_difference(network.forward(inputs, Mode::eval), folded.network->forward(inputs, Mode::eval)), 0.0);
}

TEST(CnnPopulationStatistics, ArePerChannelOverAllTrainingPositions) {
  const ModelSpec model{{1, 6, 6},
                        {conv_layer(3, 3, 1, 1, false), layer_of<BatchNormOptions>(),
                         layer_of<ReluOptions>(), layer_of<FlattenOptions>(), dense_layer(2)}};
  Network network(model, 1);
  initialize_parameters(network, InitSpec{}, 5);
  Dataset train;
  train.inputs = random_images({70, 1, 6, 6}, 6, 0.5, 1.5);
  train.labels.assign(70, 0);
  train.num_classes = 2;
  warm_up_batch_norm(network, train.inputs);
  recompute_population_statistics(network, train, 32);  // batches of 32, 32, 6

  // Independent check: the BN input is conv(x) for all 70 samples; statistics per channel
  // over 70·6·6 values, biased variance (the lecture's "code 2").
  const Tensor pre_activation = static_cast<Conv2d&>(network.layer(0)).forward(train.inputs, Mode::eval);
  auto& batch_norm = static_cast<BatchNorm&>(network.layer(1));
  for (std::size_t channel = 0; channel < 3; ++channel) {
    double sum = 0.0;
    double squares = 0.0;
    const double count = 70 * 36;
    for (std::size_t sample = 0; sample < 70; ++sample) {
      for (std::size_t position = 0; position < 36; ++position) {
        sum += pre_activation.data()[(sample * 3 + channel) * 36 + position];
      }
    }
    const double mean = sum / count;
    for (std::size_t sample = 0; sample < 70; ++sample) {
      for (std::size_t position = 0; position < 36; ++position) {
        const double deviation = pre_activation.data()[(sample * 3 + channel) * 36 + position] - mean;
        squares += deviation * deviation;
      }
    }
    EXPECT_NEAR(batch_norm.running_mean()(channel), mean, 1e-4);
    EXPECT_NEAR(batch_norm.running_variance()(channel), squares / count, 1e-4);
  }
}

TEST(CnnProbes, UnitIsAChannelAndItsPercentilesCoverSamplesAndPositions) {
  const ModelSpec model{{1, 6, 6},
                        {conv_layer(8, 3, 1, 1), layer_of<ReluOptions>(),
                         pool_layer<MaxPool2dOptions>(2), layer_of<FlattenOptions>(),
                         dense_layer(2)}};
  Network network(model, 1);
  initialize_parameters(network, InitSpec{}, 7);
  Experiment experiment;
  experiment.model = model;
  experiment.probes.every = 1;
  experiment.probes.unit = 8;
  const auto no_data = std::make_shared<DatasetSplits>();
  try {
    Instruments instruments(experiment, network, no_data);
    FAIL() << "channel 8 of 8 was accepted";
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()),
              "probes.unit: expected a unit index below 8 (the width of the input of model.layers[1]), got 8");
  }
  experiment.probes.unit = 7;
  Instruments instruments(experiment, network, no_data);

  network.forward(random_images({4, 1, 6, 6}, 8), Mode::train);
  instruments.after_backward(network, 1);
  ASSERT_EQ(instruments.probes().size(), 1u);
  const ProbeRecord& record = instruments.probes()[0];
  ASSERT_EQ(record.activations.size(), 1u);
  // The ReLU's input for channel 7: 4 samples × 36 positions.
  const Tensor& relu_input = network.layer_input(1);
  std::vector<double> values;
  for (std::size_t sample = 0; sample < 4; ++sample) {
    for (std::size_t position = 0; position < 36; ++position) {
      values.push_back(relu_input.data()[(sample * 8 + 7) * 36 + position]);
    }
  }
  ASSERT_EQ(values.size(), 144u);
  double sum = 0.0;
  for (const double value : values) sum += value;
  const std::vector<double> expected = percentiles_of(values, experiment.probes.percentiles);
  EXPECT_NEAR(record.activations[0].mean, sum / 144.0, 1e-6);
  for (std::size_t index = 0; index < expected.size(); ++index) {
    EXPECT_DOUBLE_EQ(record.activations[0].percentiles[index], expected[index]);
  }
}

TEST(CnnModelFile, RoundTripKeepsEveryTensorAndTheOutputs) {
  Network network(small_cnn(), 0);
  initialize_parameters(network, InitSpec{}, 11);
  const Tensor inputs = random_images({6, 1, 12, 12}, 12);
  warm_up_batch_norm(network, inputs);
  const ModelFile file = parse_model_json(model_to_json(network, 3, nullptr), "model.json");
  EXPECT_EQ(file.model.input_shape, (Shape{1, 12, 12}));
  EXPECT_EQ(shape_of(file.tensors.at("layers.0.weight")), (Shape{8, 1, 3, 3}));
  const auto loaded = network_from_model(file, "model.json");
  EXPECT_EQ(largest_difference(network.forward(inputs, Mode::eval), loaded->forward(inputs, Mode::eval)), 0.0);
}

}  // namespace
}  // namespace bnlab
