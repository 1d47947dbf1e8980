// Registry completeness, parts (b) and (c): every registered layer kind survives a model file
// round trip (network → model JSON → parse → the same layer JSON and the same tensors), and
// has a row in the validation table below (a bad option and the parser's exact message).
// Part (a), the gradient check of every kind, is layer_registry_gradcheck.cpp (double build).

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "experiment/experiment.hpp"
#include "layers/layer_examples.hpp"
#include "model_file/model_file.hpp"
#include "network/initialization.hpp"
#include "support/tensors.hpp"

namespace bnlab {
namespace {

using testing::LayerExample;

struct BadOption {
  const char* layer;  // one model.layers entry
  const char* code;
  const char* message;
};

// Keyed by the kind's experiment-file name; a registered kind without a row fails below.
const std::map<std::string, BadOption>& validation_table() {
  static const std::map<std::string, BadOption> table{
      {"dense", {R"({"type": "dense", "units": 0})", "expected_integer",
                 "model.layers[0].units: expected a positive integer, got 0"}},
      {"batchnorm", {R"({"type": "batchnorm", "momentum": "fast"})", "expected_momentum",
                     "model.layers[0].momentum: expected a number in [0, 1] or \"cumulative\", got \"fast\""}},
      {"sigmoid", {R"({"type": "sigmoid", "units": 2})", "unknown_field",
                   "model.layers[0].units: unknown field (this object takes: type)"}},
      {"tanh", {R"({"type": "tanh", "negative_slope": 0.1})", "unknown_field",
                "model.layers[0].negative_slope: unknown field (this object takes: type)"}},
      {"relu", {R"({"type": "relu", "inplace": true})", "unknown_field",
                "model.layers[0].inplace: unknown field (this object takes: type)"}},
      {"leaky_relu", {R"({"type": "leaky_relu", "negative_slope": "steep"})", "expected_number",
                      "model.layers[0].negative_slope: expected a finite number, got \"steep\""}},
      {"prelu", {R"({"type": "prelu", "per_feature": 1})", "expected_type",
                 "model.layers[0].per_feature: expected true or false, got 1"}},
      {"identity", {R"({"type": "identity", "bias": false})", "unknown_field",
                    "model.layers[0].bias: unknown field (this object takes: type)"}},
      {"dropout", {R"({"type": "dropout", "probability": 1.5})", "expected_number",
                   "model.layers[0].probability: expected a number in [0, 1], got 1.5"}},
      {"conv2d", {R"({"type": "conv2d", "channels": 4, "kernel": 0})", "expected_integer",
                  "model.layers[0].kernel: expected a positive integer, got 0"}},
      {"maxpool2d", {R"({"type": "maxpool2d"})", "missing_field", "model.layers[0].kernel: required field is missing"}},
      {"avgpool2d", {R"({"type": "avgpool2d", "kernel": 2, "stride": [1]})", "expected_extent",
                     "model.layers[0].stride: expected a positive integer or [height, width], got an array of 1 values"}},
      {"flatten", {R"({"type": "flatten", "start_dim": 1})", "unknown_field",
                   "model.layers[0].start_dim: unknown field (this object takes: type)"}},
      {"layernorm", {R"({"type": "layernorm", "epsilon": 0})", "expected_number",
                     "model.layers[0].epsilon: expected a positive number, got 0"}},
      {"groupnorm", {R"({"type": "groupnorm", "epsilon": 1e-5})", "missing_field",
                     "model.layers[0].groups: required field is missing"}},
  };
  return table;
}

void expect_same_tensors(Network& written, Network& read) {
  ASSERT_EQ(written.named_parameters().size(), read.named_parameters().size());
  for (std::size_t index = 0; index < written.named_parameters().size(); ++index) {
    const NamedParameter& expected = written.named_parameters()[index];
    EXPECT_EQ(read.named_parameters()[index].name, expected.name);
    EXPECT_EQ(*read.named_parameters()[index].parameter.value, *expected.parameter.value) << expected.name;
  }
  ASSERT_EQ(written.named_buffers().size(), read.named_buffers().size());
  for (std::size_t index = 0; index < written.named_buffers().size(); ++index) {
    const NamedBuffer& expected = written.named_buffers()[index];
    EXPECT_EQ(read.named_buffers()[index].name, expected.name);
    EXPECT_EQ(testing::buffer_value(read.named_buffers()[index].buffer), testing::buffer_value(expected.buffer)) << expected.name;
  }
}

TEST(LayerRegistry, EveryKindSurvivesAModelFileRoundTrip) {
  std::size_t checked = 0;
  for_each_layer_kind([&checked](auto traits, auto options) {
    using Options = decltype(options);
    SCOPED_TRACE(decltype(traits)::name);
    if constexpr (!testing::has_layer_example<Options>::value) {
      ADD_FAILURE() << decltype(traits)::name << " has no example in layer_examples.hpp, so no round trip";
    } else {
      const ModelSpec model{LayerExample<Options>::input(), {LayerExample<Options>::options()}};
      Network network(model, 3);
      initialize_parameters(network, InitSpec{}, 11);
      Shape batch_shape{4};
      for (const std::size_t extent : model.input_shape) batch_shape.push_back(extent);
      network.forward(testing::normal_tensor(batch_shape, 5, 1, 0.5, 2.0), Mode::train);  // moves running statistics

      const Json layers = layers_to_json(model.layers);
      EXPECT_EQ(layers[0]["type"], decltype(traits)::name);
      EXPECT_EQ(layers_to_json(parse_layers(layers, "model.layers")), layers);

      const ModelFile file = parse_model_json(model_to_json(network, 1, Json()), "round trip");
      EXPECT_EQ(layers_to_json(file.model.layers), layers);
      EXPECT_EQ(file.model.input_shape, model.input_shape);
      const std::unique_ptr<Network> read = network_from_model(file, "round trip");
      expect_same_tensors(network, *read);
      ++checked;
    }
  });
  EXPECT_EQ(checked, std::variant_size_v<LayerOptions>);
}

TEST(LayerRegistry, EveryKindHasAValidationRowWithItsExactMessage) {
  std::size_t checked = 0;
  for_each_layer_kind([&checked](auto traits, auto) {
    const std::string name = decltype(traits)::name;
    const auto row = validation_table().find(name);
    if (row == validation_table().end()) {
      ADD_FAILURE() << name << " has no row in the validation table";
      return;
    }
    SCOPED_TRACE(row->second.layer);
    try {
      parse_layers(Json::array({Json::parse(row->second.layer)}), "model.layers");
      ADD_FAILURE() << name << ": the bad option was accepted";
    } catch (const ConfigError& error) {
      EXPECT_EQ(std::string(error.what()), row->second.message);
      EXPECT_EQ(error.code(), row->second.code);
    }
    ++checked;
  });
  EXPECT_EQ(checked, std::variant_size_v<LayerOptions>);
  EXPECT_EQ(validation_table().size(), std::variant_size_v<LayerOptions>);  // no row for an unknown kind
}

TEST(LayerRegistry, TypeNamesAreTheRegistryInOrderAndUnknownTypesListThem) {
  std::vector<std::string> names;
  for_each_layer_kind([&names](auto traits, auto) { names.push_back(decltype(traits)::name); });
  EXPECT_EQ(names, (std::vector<std::string>{"dense", "batchnorm", "sigmoid", "tanh", "relu", "leaky_relu", "prelu",
                                             "identity", "dropout", "conv2d", "maxpool2d", "avgpool2d", "flatten",
                                             "layernorm", "groupnorm"}));
  try {
    parse_layers(Json::parse(R"([{"type": "instancenorm"}])"), "model.layers");
    ADD_FAILURE() << "an unknown type was accepted";
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()),
              "model.layers[0].type: expected one of \"dense\", \"batchnorm\", \"sigmoid\", \"tanh\", \"relu\", "
              "\"leaky_relu\", \"prelu\", \"identity\", \"dropout\", \"conv2d\", \"maxpool2d\", \"avgpool2d\", "
              "\"flatten\", \"layernorm\", \"groupnorm\", got \"instancenorm\"");
    EXPECT_EQ(error.code(), "expected_choice");
  }
}

}  // namespace
}  // namespace bnlab
