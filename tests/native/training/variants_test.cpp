// The variants of one experiment: where BatchNorm sits changes, nothing else — the same
// initial weights in every dense layer (equal digests) and the same mini-batches.
#include <gtest/gtest.h>

#include "experiment/enum_names.hpp"
#include "training/run.hpp"
#include "training/variants.hpp"

namespace bnlab {
namespace {

Experiment experiment_with_batch_norm_after_activation() {
  return parse_experiment(Json::parse(R"({
    "seed": 11,
    "dataset": {"kind": "spirals", "samples": 200, "noise": 0.1},
    "model": {"layers": [
      {"type": "dense", "units": 8}, {"type": "relu"}, {"type": "batchnorm"},
      {"type": "dense", "units": 8, "bias": false}, {"type": "batchnorm"}, {"type": "tanh"},
      {"type": "dense", "units": 2}]},
    "init": {"scheme": "pytorch_default"},
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

TEST(variants, before_activation_moves_every_batch_norm_in_front_of_its_activation) {
  const Experiment variant = make_variant(experiment_with_batch_norm_after_activation(), Variant::batch_norm_before_activation);
  EXPECT_EQ(layer_types(variant), (std::vector<std::string>{"dense", "batchnorm", "relu", "dense", "batchnorm",
                                                            "tanh", "dense"}));
  EXPECT_TRUE(variant.model.layers[0].as<DenseOptions>().bias);   // kept as written (redundant before BN, harmless)
  EXPECT_FALSE(variant.model.layers[3].as<DenseOptions>().bias);  // already before BN
  EXPECT_EQ(variant.source["model"]["layers"][1]["type"], "batchnorm");
}

TEST(variants, after_activation_moves_batch_norm_behind_and_gives_the_bias_back) {
  const Experiment variant = make_variant(experiment_with_batch_norm_after_activation(), Variant::batch_norm_after_activation);
  EXPECT_EQ(layer_types(variant), (std::vector<std::string>{"dense", "relu", "batchnorm", "dense", "tanh",
                                                            "batchnorm", "dense"}));
  EXPECT_TRUE(variant.model.layers[3].as<DenseOptions>().bias);  // no BatchNorm right behind it any more
}

TEST(variants, without_batch_norm_removes_every_batch_norm) {
  const Experiment variant = make_variant(experiment_with_batch_norm_after_activation(), Variant::without_batch_norm);
  EXPECT_EQ(layer_types(variant), (std::vector<std::string>{"dense", "relu", "dense", "tanh", "dense"}));
}

TEST(variants, every_variant_starts_from_the_same_weights_and_sees_the_same_batches) {
  const Experiment experiment = experiment_with_batch_norm_after_activation();
  const auto data = prepare_data(experiment);
  std::vector<std::string> digests;
  for (const auto& [variant, name] : variant_names()) {
    SCOPED_TRACE(name);
    bnlab::Run run(make_variant(experiment, variant), data);
    digests.push_back(shared_weights_digest(run.network()));
    EXPECT_EQ(digests.back().size(), 16u);
  }
  for (const std::string& digest : digests) EXPECT_EQ(digest, digests.front());
  // A different seed gives other weights, so the digest can tell them apart.
  Experiment reseeded = experiment;
  reseeded.seed = 12;
  bnlab::Run other(reseeded, prepare_data(reseeded));
  EXPECT_NE(shared_weights_digest(other.network()), digests.front());
}

}  // namespace
}  // namespace bnlab
