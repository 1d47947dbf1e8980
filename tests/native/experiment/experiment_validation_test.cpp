// A table of bad experiment files, each with the exact message a person should read.
#include <functional>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "experiment/experiment.hpp"
#include "training/run.hpp"

namespace bnlab {
namespace {

Json valid_experiment() {
  return Json::parse(R"({
    "name": "tiny",
    "seed": 3,
    "dataset": {"kind": "blobs", "samples": 120, "classes": 3, "features": 4, "noise": 0.5},
    "split": {"validation": 0.1, "test": 20},
    "preprocessing": "standardize",
    "model": {"layers": [
      {"type": "dense", "units": 8, "bias": false},
      {"type": "batchnorm", "momentum": 0.1},
      {"type": "relu"},
      {"type": "dense", "units": 3}
    ]},
    "init": {"scheme": "he_normal"},
    "loss": "cross_entropy",
    "optimizer": {"type": "momentum", "learning_rate": 0.1, "momentum": 0.9},
    "training": {"batch_size": 10, "steps": 50, "evaluate_every": 25},
    "probes": {"every": 10, "percentiles": [15, 50, 85]}
  })");
}

struct BadCase {
  const char* what;
  std::function<void(Json&)> damage;
  const char* message;
};

const std::vector<BadCase>& bad_cases() {
  static const std::vector<BadCase> cases{
      {"negative units", [](Json& e) { e["model"]["layers"][3]["units"] = -4; },
       "model.layers[3].units: expected a positive integer, got -4"},
      {"fractional units", [](Json& e) { e["model"]["layers"][0]["units"] = 2.5; },
       "model.layers[0].units: expected a positive integer, got 2.5"},
      {"units as text", [](Json& e) { e["model"]["layers"][0]["units"] = "8"; },
       "model.layers[0].units: expected a positive integer, got \"8\""},
      {"absurd units", [](Json& e) { e["model"]["layers"][0]["units"] = 5000000000; },
       "model.layers[0].units: expected at most 100000, got 5000000000"},
      {"missing units", [](Json& e) { e["model"]["layers"][0].erase("units"); },
       "model.layers[0].units: required field is missing"},
      {"unknown layer type", [](Json& e) { e["model"]["layers"][2]["type"] = "relu6"; },
       "model.layers[2].type: expected one of \"dense\", \"batchnorm\", \"sigmoid\", \"tanh\", \"relu\", "
       "\"leaky_relu\", \"prelu\", \"identity\", \"dropout\", \"conv2d\", \"maxpool2d\", \"avgpool2d\", "
       "\"flatten\", \"layernorm\", \"groupnorm\", got \"relu6\""},
      {"unknown layer field", [](Json& e) { e["model"]["layers"][1]["epsilonn"] = 1e-5; },
       "model.layers[1].epsilonn: unknown field (this object takes: affine, epsilon, momentum, "
       "track_running_stats, type)"},
      {"batchnorm momentum out of range", [](Json& e) { e["model"]["layers"][1]["momentum"] = 1.5; },
       "model.layers[1].momentum: expected a number in [0, 1], got 1.5"},
      {"batchnorm momentum word", [](Json& e) { e["model"]["layers"][1]["momentum"] = "running"; },
       "model.layers[1].momentum: expected a number in [0, 1] or \"cumulative\", got \"running\""},
      {"batchnorm epsilon zero", [](Json& e) { e["model"]["layers"][1]["epsilon"] = 0; },
       "model.layers[1].epsilon: expected a positive number, got 0"},
      {"dropout probability", [](Json& e) { e["model"]["layers"].insert(e["model"]["layers"].begin() + 3, Json{{"type", "dropout"}, {"probability", -0.1}}); },
       "model.layers[3].probability: expected a number in [0, 1], got -0.1"},
      {"empty layers", [](Json& e) { e["model"]["layers"] = Json::array(); },
       "model.layers: expected a non-empty array of layers, got an array of 0 values"},
      {"layers not an array", [](Json& e) { e["model"]["layers"] = Json::object(); },
       "model.layers: expected a non-empty array of layers, got an object"},
      {"learning rate negative", [](Json& e) { e["optimizer"]["learning_rate"] = -0.1; },
       "optimizer.learning_rate: expected a positive number (at most 1e6), got -0.1"},
      {"learning rate missing", [](Json& e) { e["optimizer"].erase("learning_rate"); },
       "optimizer.learning_rate: required field is missing"},
      {"setting of another optimizer", [](Json& e) { e["optimizer"]["beta1"] = 0.9; },
       "optimizer.beta1: unknown field (this object takes: dampening, learning_rate, momentum, type, weight_decay)"},
      {"dampening above one", [](Json& e) { e["optimizer"]["dampening"] = 1.5; },
       "optimizer.dampening: expected a number in [0, 1], got 1.5"},
      {"dampening with nesterov", [](Json& e) { e["optimizer"] = {{"type", "nesterov"}, {"learning_rate", 0.1}, {"dampening", 0.5}}; },
       "optimizer.dampening: unknown field (this object takes: learning_rate, momentum, type, weight_decay)"},
      {"unknown optimizer", [](Json& e) { e["optimizer"]["type"] = "lbfgs"; },
       "optimizer.type: expected one of \"sgd\", \"momentum\", \"nesterov\", \"adagrad\", \"rmsprop\", "
       "\"adam\", got \"lbfgs\""},
      {"momentum of one", [](Json& e) { e["optimizer"]["momentum"] = 1.0; },
       "optimizer.momentum: expected a number in [0, 1), got 1.0"},
      {"unknown loss", [](Json& e) { e["loss"] = "hinge"; },
       "loss: expected one of \"cross_entropy\", \"mse\", \"l1\", got \"hinge\""},
      {"batch size zero", [](Json& e) { e["training"]["batch_size"] = 0; },
       "training.batch_size: expected a positive integer, got 0"},
      {"both steps and epochs", [](Json& e) { e["training"]["epochs"] = 3; },
       "training: give exactly one of \"steps\" or \"epochs\""},
      {"absurd steps", [](Json& e) { e["training"]["steps"] = 1e12; },
       "training.steps: expected at most 100000000, got 1000000000000.0"},
      {"evaluate_splits not a list", [](Json& e) { e["training"]["evaluate_splits"] = "test"; },
       "training.evaluate_splits: expected an array of 1 to 3 of \"train\", \"validation\", \"test\", got \"test\""},
      {"evaluate_splits empty", [](Json& e) { e["training"]["evaluate_splits"] = Json::array(); },
       "training.evaluate_splits: expected an array of 1 to 3 of \"train\", \"validation\", \"test\", got an array of 0 values"},
      {"evaluate_splits unknown split", [](Json& e) { e["training"]["evaluate_splits"] = {"test", "holdout"}; },
       "training.evaluate_splits[1]: expected one of \"train\", \"validation\", \"test\", got \"holdout\""},
      {"evaluate_splits twice", [](Json& e) { e["training"]["evaluate_splits"] = {"test", "train", "test"}; },
       "training.evaluate_splits[2]: names the split \"test\" twice"},
      {"typo at top level", [](Json& e) { e["optimiser"] = Json::object(); },
       "optimiser: unknown field (this object takes: compare, dataset, description, init, loss, model, "
       "name, optimizer, preprocessing, probes, seed, split, training)"},
      {"missing dataset", [](Json& e) { e.erase("dataset"); }, "dataset: required field is missing"},
      {"unknown dataset kind", [](Json& e) { e["dataset"]["kind"] = "cifar"; },
       "dataset.kind: expected one of \"inline\", \"spirals\", \"circles\", \"xor\", \"blobs\", \"moons\", "
       "\"scaled_regression\", \"idx\", \"stripes\", \"mnist\", \"fashion_mnist\", got \"cifar\""},
      {"negative noise", [](Json& e) { e["dataset"]["noise"] = -1; },
       "dataset.noise: expected a number in [0, 100], got -1"},
      {"split fraction of one", [](Json& e) { e["split"]["test"] = 1.0; },
       "split.test: expected a fraction in [0, 1) or a count of samples, got 1.0"},
      {"percentile over 100", [](Json& e) { e["probes"]["percentiles"][1] = 150; },
       "probes.percentiles[1]: expected a percentile in [0, 100], got 150"},
      {"percentile below 0", [](Json& e) { e["probes"]["percentiles"][0] = -1; },
       "probes.percentiles[0]: expected a percentile in [0, 100], got -1"},
      {"unknown probe source", [](Json& e) { e["probes"]["source"] = "training"; },
       "probes.source: expected \"train_batch\" or a probe set such as {\"split\": \"test\", \"samples\": "
       "1000}, got \"training\""},
      {"probe set of the training split", [](Json& e) { e["probes"]["source"] = {{"split", "train"}}; },
       "probes.source.split: expected one of \"validation\", \"test\", got \"train\""},
      {"probe set of no samples", [](Json& e) { e["probes"]["source"] = {{"split", "test"}, {"samples", 0}}; },
       "probes.source.samples: expected a positive integer, got 0"},
      {"probe source twice", [](Json& e) { e["probes"]["source"] = {"train_batch", "train_batch"}; },
       "probes.source[1]: names \"train_batch\" twice"},
      {"one histogram bin", [](Json& e) { e["probes"]["histogram_bins"] = 1; },
       "probes.histogram_bins: expected an integer of at least 2, got 1"},
      {"absurd decision grid", [](Json& e) { e["probes"]["decision_grid"] = {{"size", 5000}}; },
       "probes.decision_grid.size: expected at most 500, got 5000"},
      {"unknown mode gap field", [](Json& e) { e["probes"]["mode_gap"] = {{"batch_of_two", true}}; },
       "probes.mode_gap.batch_of_two: unknown field (this object takes: batch_of_one, every, samples, split)"},
      {"layer index as text", [](Json& e) { e["probes"]["layers"] = {"relu"}; },
       "probes.layers[0]: expected an integer of at least 0, got \"relu\""},
      {"init scheme unknown", [](Json& e) { e["init"]["scheme"] = "orthogonal"; },
       "init.scheme: expected one of \"pytorch_default\", \"uniform\", \"normal\", \"xavier_uniform\", "
       "\"xavier_normal\", \"he_uniform\", \"he_normal\", got \"orthogonal\""},
      {"std for a scheme without one", [](Json& e) { e["init"]["std"] = 0.1; },
       "init.std: unknown field (this object takes: scheme)"},
      {"seed negative", [](Json& e) { e["seed"] = -1; }, "seed: expected an integer of at least 0, got -1"},
      {"compare without batchnorm", [](Json& e) { e["compare"] = true; e["model"]["layers"].erase(1); },
       "compare: compare trains the model with and without its batchnorm layers, but model.layers has none"},
      {"inline label out of range", [](Json& e) {
         e["dataset"] = Json::parse(R"({"kind": "inline", "inputs": [[0, 1], [1, 0]], "labels": [0, 4], "classes": 3})");
       }, "dataset.labels: label 4 is outside 0..2 (dataset.classes)"},
      {"inline ragged rows", [](Json& e) {
         e["dataset"] = Json::parse(R"({"kind": "inline", "inputs": [[0, 1], [1]], "labels": [0, 1]})");
       }, "dataset.inputs[1]: expected an array of 2 numbers like row 0, got an array of 1 values"},
      {"inline null value", [](Json& e) {
         e["dataset"] = Json::parse(R"({"kind": "inline", "inputs": [[0, 1], [1, null]], "labels": [0, 1]})");
       }, "dataset.inputs[1][1]: expected a finite number, got null"},
      {"inline labels and targets", [](Json& e) {
         e["dataset"] = Json::parse(R"({"kind": "inline", "inputs": [[0], [1]], "labels": [0, 1], "targets": [[0], [1]]})");
       }, "dataset: give exactly one of \"labels\" (classification) or \"targets\" (regression)"},
  };
  return cases;
}

TEST(ExperimentValidation, TheValidExperimentParses) {
  const Experiment experiment = parse_experiment(valid_experiment());
  EXPECT_EQ(experiment.model.layers.size(), 4u);
  EXPECT_EQ(experiment.optimizer.kind, OptimizerKind::momentum);
  EXPECT_EQ(experiment.training.batch_size, 10u);
  EXPECT_FALSE(experiment.split.test.is_fraction);
  EXPECT_EQ(experiment.split.test.count, 20u);
  const std::vector<SplitName> every_split{SplitName::train, SplitName::validation, SplitName::test};
  EXPECT_EQ(experiment.training.evaluate_splits, every_split);
}

TEST(ExperimentValidation, EvaluateSplitsKeepTheRecordsOrderWhateverTheFilesOrder) {
  Json document = valid_experiment();
  document["training"]["evaluate_splits"] = {"test", "train"};
  const Experiment experiment = parse_experiment(document);
  const std::vector<SplitName> expected{SplitName::train, SplitName::test};
  EXPECT_EQ(experiment.training.evaluate_splits, expected);
}

TEST(ExperimentValidation, EachBadFileGetsItsOwnMessage) {
  for (const BadCase& bad : bad_cases()) {
    Json document = valid_experiment();
    bad.damage(document);
    try {
      parse_experiment(document);
      ADD_FAILURE() << bad.what << ": was accepted";
    } catch (const ConfigError& error) {
      EXPECT_EQ(std::string(error.what()), bad.message) << bad.what;
    }
  }
}

// Problems that need the data to be seen: raised when the run is built, before training.
TEST(ExperimentValidation, DataDependentProblemsAreCaughtBeforeTraining) {
  const std::vector<std::pair<std::function<void(Json&)>, std::string>> cases{
      {[](Json& e) { e["model"]["layers"][3]["units"] = 5; },
       "model.layers[3].units: the model must end with 3 outputs (3 classes), but it ends with [5]"},
      {[](Json& e) { e["loss"] = "mse"; },
       "loss: \"mse\" needs regression targets, but the dataset has class labels; use \"cross_entropy\""},
      {[](Json& e) { e["training"]["batch_size"] = 500; },
       "training.batch_size: expected at most the 88 training samples, got 500"},
      {[](Json& e) { e["training"]["batch_size"] = 29; },  // 88 = 3·29 + 1
       "training.batch_size: with 88 training samples and batches of 29, the last mini-batch of every "
       "epoch holds 1 sample, which batchnorm cannot normalize; change the batch size or set "
       "training.drop_last"},
      {[](Json& e) {
         e["dataset"]["samples"] = 2000;
         e["training"]["batch_size"] = 700;
         e["model"]["layers"][0]["units"] = 100000;
       },
       "training.batch_size: batches of 700 samples need tensors of 70000000 values (100000 per sample), "
       "more than the limit of 67108864; use a batch of at most 671 samples"},
      {[](Json& e) { e["model"]["input"] = {5}; },
       "model.input: expected [4] to match the dataset's samples, got [5]"},
      {[](Json& e) { e["probes"]["unit"] = 8; },
       "probes.unit: expected a unit index below 8 (the width of the input of model.layers[2]), got 8"},
      {[](Json& e) { e["probes"]["layers"] = {9}; },
       "probes.layers[0]: expected a layer index below 4 (model.layers has 4 layers), got 9"},
      {[](Json& e) { e["probes"]["layers"] = {2, 0}; },
       "probes.layers[1]: model.layers[0] is a dense layer; expected an activation or batchnorm layer"},
      {[](Json& e) { e["probes"]["source"] = {{"split", "test"}, {"samples", 50}}; },
       "probes.source.samples: expected at most the 20 samples of the test split, got 50"},
      {[](Json& e) { e["probes"]["mode_gap"] = {{"split", "validation"}, {"samples", 13}}; },
       "probes.mode_gap.samples: expected at most the 12 samples of the validation split, got 13"},
      {[](Json& e) { e["probes"]["decision_grid"] = Json::object(); },
       "probes.decision_grid: needs samples of 2 values (x, y), but the dataset's samples have shape [4]"},
      {[](Json& e) {
         e["probes"]["histogram_bins"] = 10;
         e["probes"]["unit"] = 8;
       },
       "probes.unit: expected a unit index below 8 (the width of the input of model.layers[1]), got 8"},
  };
  for (const auto& [damage, message] : cases) {
    Json document = valid_experiment();
    damage(document);
    try {
      // A layer index beyond the model is found by the parser already; the rest when the run
      // is built. Either way before training, with the same message.
      const Experiment experiment = parse_experiment(document);
      bnlab::Run run(experiment, prepare_data(experiment));
      ADD_FAILURE() << message << ": was accepted";
    } catch (const ConfigError& error) {
      EXPECT_EQ(std::string(error.what()), message);
    }
  }
}

TEST(ExperimentValidation, BrokenJsonTextNamesTheFileAndByte) {
  try {
    parse_json_text("{\"seed\": 1,, }", "broken.json");
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()), "broken.json: not valid JSON (at byte 12)");
  }
}

}  // namespace
}  // namespace bnlab
