// LayerNorm and GroupNorm in a whole model: their γ and β survive a model file exactly (with
// PyTorch's state-dict names and shapes), the outputs of the reloaded network are the same,
// and the BatchNorm variants leave them where the file puts them.
#include <gtest/gtest.h>

#include "layers/group_norm.hpp"
#include "layers/layer_norm.hpp"
#include "model_file/model_file.hpp"
#include "network/initialization.hpp"
#include "support/model_builders.hpp"
#include "support/tensors.hpp"
#include "training/compare_pair.hpp"
#include "training/variants.hpp"

namespace bnlab {
namespace {

LayerSpec group_norm_layer(std::size_t groups) {
  GroupNormOptions options;
  options.groups = groups;
  return options;
}

TEST(NormLayersModel, GammaAndBetaRoundTripThroughAModelFile) {
  LayerNormOptions layer_options;
  layer_options.epsilon = 1e-3;
  const ModelSpec model{{3, 2, 2},
                        {layer_options, group_norm_layer(3), testing::layer_of<FlattenOptions>(), testing::dense_layer(2)}};
  Network network(model, 0);
  initialize_parameters(network, InitSpec{}, 5);
  auto& layer_norm = static_cast<LayerNorm&>(network.layer(0));
  auto& group_norm = static_cast<GroupNorm&>(network.layer(1));
  layer_norm.gamma() = testing::normal_tensor({3, 2, 2}, 1, 1, 1.0, 0.3);
  layer_norm.beta() = testing::normal_tensor({3, 2, 2}, 2, 1, 0.0, 0.3);
  group_norm.gamma() = testing::vector_tensor({0.5, 1.5, 2.0});
  group_norm.beta() = testing::vector_tensor({-0.25, 0.0, 0.75});

  const Json document = model_to_json(network, 7, nullptr);
  EXPECT_EQ(document["tensors"]["layers.0.gamma"]["shape"], Json::array({3, 2, 2}));  // nn.LayerNorm's weight
  EXPECT_EQ(document["tensors"]["layers.1.gamma"]["shape"], Json::array({3}));        // nn.GroupNorm's weight
  EXPECT_EQ(document["tensors"].size(), 6u);  // γ, β of each, and the dense weight and bias: no buffers

  const ModelFile file = parse_model_json(document, "round trip");
  EXPECT_EQ(layers_to_json(file.model.layers), layers_to_json(model.layers));
  EXPECT_EQ(file.model.layers[0].as<LayerNormOptions>().epsilon, 1e-3);
  EXPECT_EQ(file.model.layers[1].as<GroupNormOptions>().groups, 3u);
  const std::unique_ptr<Network> read = network_from_model(file, "round trip");
  EXPECT_EQ(static_cast<LayerNorm&>(read->layer(0)).gamma(), layer_norm.gamma());
  EXPECT_EQ(static_cast<LayerNorm&>(read->layer(0)).beta(), layer_norm.beta());
  EXPECT_EQ(static_cast<GroupNorm&>(read->layer(1)).gamma(), group_norm.gamma());
  EXPECT_EQ(static_cast<GroupNorm&>(read->layer(1)).beta(), group_norm.beta());

  const Tensor inputs = testing::normal_tensor({4, 3, 2, 2}, 3, 1, 0.5, 2.0);
  const Tensor expected = network.forward(inputs, Mode::eval);
  EXPECT_EQ(read->forward(inputs, Mode::eval), expected);
  EXPECT_EQ(read->forward(inputs, Mode::train), expected);  // no batch statistics anywhere
}

TEST(NormLayersModel, ParameterCountsAreTorchs) {
  // nn.LayerNorm([3, 2, 2]): 12 + 12; nn.GroupNorm(3, 3): 3 + 3; nn.Linear(12, 2): 24 + 2.
  const ModelSpec model{{3, 2, 2},
                        {LayerNormOptions{}, group_norm_layer(3), testing::layer_of<FlattenOptions>(), testing::dense_layer(2)}};
  Network network(model, 0);
  std::size_t parameters = 0;
  for (const NamedParameter& named : network.named_parameters()) parameters += named.parameter.value->size();
  EXPECT_EQ(parameters, 24u + 6u + 26u);
}

Experiment experiment_with_every_normalization() {
  return parse_experiment(Json::parse(R"({
    "seed": 3,
    "dataset": {"kind": "spirals", "samples": 200, "noise": 0.1},
    "model": {"layers": [
      {"type": "dense", "units": 8}, {"type": "layernorm"}, {"type": "relu"},
      {"type": "dense", "units": 8, "bias": false}, {"type": "batchnorm"}, {"type": "relu"},
      {"type": "dense", "units": 8}, {"type": "groupnorm", "groups": 2}, {"type": "tanh"},
      {"type": "dense", "units": 2}]},
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "learning_rate": 0.1},
    "training": {"batch_size": 20, "steps": 5}
  })"));
}

std::vector<std::string> layer_types(const Experiment& experiment) {
  std::vector<std::string> types;
  for (const LayerSpec& layer : experiment.model.layers) types.push_back(layer_name(layer));
  return types;
}

TEST(NormLayersModel, BatchNormVariantsLeaveLayerNormAndGroupNormAlone) {
  const Experiment experiment = experiment_with_every_normalization();
  EXPECT_EQ(layer_types(make_variant(experiment, Variant::without_batch_norm)),
            (std::vector<std::string>{"dense", "layernorm", "relu", "dense", "relu", "dense", "groupnorm", "tanh",
                                      "dense"}));
  EXPECT_EQ(layer_types(make_variant(experiment, Variant::batch_norm_before_activation)), layer_types(experiment));
  const Experiment after = make_variant(experiment, Variant::batch_norm_after_activation);
  EXPECT_EQ(layer_types(after), (std::vector<std::string>{"dense", "layernorm", "relu", "dense", "relu", "batchnorm",
                                                          "dense", "groupnorm", "tanh", "dense"}));
  for (const Variant variant : {Variant::without_batch_norm, Variant::batch_norm_before_activation,
                                Variant::batch_norm_after_activation}) {
    const Experiment moved = make_variant(experiment, variant);
    const std::size_t group_index = variant == Variant::without_batch_norm ? 6 : 7;
    EXPECT_EQ(moved.model.layers[group_index].as<GroupNormOptions>().groups, 2u);
    EXPECT_TRUE(moved.model.layers[0].as<DenseOptions>().bias);  // the dense before LayerNorm, as written
  }
  // A model whose only normalization is LayerNorm: the compare pair's "without" is the same model.
  Experiment only_layer_norm = experiment;
  only_layer_norm.model.layers.erase(only_layer_norm.model.layers.begin() + 4);
  EXPECT_EQ(layers_to_json(without_batch_norm(only_layer_norm).model.layers),
            layers_to_json(only_layer_norm.model.layers));
}

}  // namespace
}  // namespace bnlab
