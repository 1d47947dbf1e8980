// Convolutional networks trained end to end on the built-in "stripes" images, and flat
// samples viewed as images through model.input.
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "training/compare_pair.hpp"
#include "training/run.hpp"

namespace bnlab {
namespace {

// 600 noisy 12×12 images of 4 orientations (chance: 25 %), conv 8 → BN → ReLU → maxpool →
// dense 4; 300 steps of plain SGD.
Json stripes_cnn_experiment() {
  return Json::parse(R"({
    "name": "stripes-cnn", "seed": 4,
    "dataset": {"kind": "stripes", "samples": 600, "size": 12, "noise": 0.4},
    "split": {"test": 0.2},
    "model": {"layers": [
      {"type": "conv2d", "channels": 8, "kernel": 3, "padding": 1, "bias": false},
      {"type": "batchnorm"},
      {"type": "relu"},
      {"type": "maxpool2d", "kernel": 2},
      {"type": "flatten"},
      {"type": "dense", "units": 4}
    ]},
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "learning_rate": 0.05},
    "training": {"batch_size": 32, "steps": 300},
    "probes": {"every": 100, "unit": 3},
    "compare": true
  })");
}

const EvaluationRecord& final_record(const bnlab::Run& run, SplitName split) {
  for (const EvaluationRecord& record : run.evaluations()) {
    if (record.final && record.split == split) return record;
  }
  throw UsageError("no final evaluation of that split");
}

double final_accuracy(const bnlab::Run& run, SplitName split) { return final_record(run, split).accuracy; }

TEST(CnnTraining, SmallCnnLearnsStripesFarAboveChanceWithAndWithoutBatchNorm) {
  const Experiment experiment = parse_experiment(stripes_cnn_experiment());
  const auto data = prepare_data(experiment);
  EXPECT_EQ(data->train.sample_shape(), (Shape{1, 12, 12}));
  ComparePair pair = make_compare_pair(experiment, data);
  ASSERT_TRUE(pair_shares_initial_weights(pair));
  // The variant lost its batchnorm and got the conv bias back: 72 + 8 + dense 8·6·6·4 + 4.
  EXPECT_EQ(pair.without_batch_norm->network().parameter_count(), 72u + 8 + 1152 + 4);
  EXPECT_EQ(pair.with_batch_norm->network().parameter_count(), 72u + 16 + 1152 + 4);
  for (bnlab::Run* run : {pair.with_batch_norm.get(), pair.without_batch_norm.get()}) {
    run->step(1000);
    run->finalize();
    ASSERT_EQ(run->status(), RunStatus::complete) << run->experiment().name;
    EXPECT_GT(final_accuracy(*run, SplitName::test), 0.6) << run->experiment().name;  // chance 0.25
  }
  // With BN the same network gets much further in the same 300 steps: over seeds 1..5 its
  // final training loss was 0.08–0.11 against 0.42–0.53 without. (Test accuracy on 120 images
  // is too noisy to rank the two: 0.81–0.88 with, 0.71–0.86 without.)
  EXPECT_GT(final_accuracy(*pair.with_batch_norm, SplitName::train), 0.95);
  EXPECT_LT(final_record(*pair.with_batch_norm, SplitName::train).loss,
            0.5 * final_record(*pair.without_batch_norm, SplitName::train).loss);
  // Probes watch channel 3 of the ReLU's input: steps 1, 100, 200, 300.
  ASSERT_EQ(pair.with_batch_norm->probes().size(), 4u);
  ASSERT_EQ(pair.with_batch_norm->probes()[0].activations.size(), 1u);
  EXPECT_EQ(pair.with_batch_norm->probes()[0].activations[0].layer_index, 2u);
  // That input is BN's output with γ = 1, β = 0 at step 1: channel 3 has mean 0, std 1 over
  // the batch's 32·12·12 values.
  EXPECT_NEAR(pair.with_batch_norm->probes()[0].activations[0].mean, 0.0, 1e-5);
  EXPECT_NEAR(pair.with_batch_norm->probes()[0].activations[0].std, 1.0, 1e-3);
}

TEST(CnnTraining, FlatSamplesAreViewedAsImagesWhenModelInputSaysSo) {
  // Blobs with 36 features, as MNIST's rows of 784 pixels: model.input [1, 6, 6] views them as
  // one-channel 6×6 images for the convolution.
  Json document = Json::parse(R"({
    "seed": 2,
    "dataset": {"kind": "blobs", "samples": 300, "classes": 3, "features": 36, "noise": 0.5},
    "split": {"validation": 30, "test": 60},
    "preprocessing": "standardize",
    "model": {"input": [1, 6, 6], "layers": [
      {"type": "conv2d", "channels": 4, "kernel": 3},
      {"type": "relu"},
      {"type": "flatten"},
      {"type": "dense", "units": 3}
    ]},
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "learning_rate": 0.1},
    "training": {"batch_size": 30, "steps": 100}
  })");
  const Experiment experiment = parse_experiment(document);
  const auto data = prepare_data(experiment);
  EXPECT_EQ(data->train.sample_shape(), (Shape{1, 6, 6}));
  EXPECT_EQ(data->validation.sample_shape(), (Shape{1, 6, 6}));
  EXPECT_EQ(data->test.sample_shape(), (Shape{1, 6, 6}));
  bnlab::Run run(experiment, data);
  run.step(100);
  run.finalize();
  EXPECT_GT(final_accuracy(run, SplitName::test), 0.9);  // blobs 5 apart in 36-D: easy

  // Another count is still an error that names both shapes.
  document["model"]["input"] = {1, 5, 5};
  const Experiment mismatched = parse_experiment(document);
  try {
    bnlab::Run refused(mismatched, prepare_data(mismatched));
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()), "model.input: expected [36] to match the dataset's samples, got [1, 5, 5]");
  }

  // And images can be flattened for a dense network the same way.
  Json images = stripes_cnn_experiment();
  images["compare"] = false;
  images.erase("probes");
  images["model"] = Json::parse(R"({"input": [144], "layers": [{"type": "dense", "units": 4}]})");
  const Experiment flat = parse_experiment(images);
  const auto flat_data = prepare_data(flat);
  EXPECT_EQ(flat_data->train.sample_shape(), Shape{144});
  EXPECT_NO_THROW(bnlab::Run(flat, flat_data));
}

TEST(CnnTraining, ImpossibleShapesAreRefusedWhenTheRunIsBuilt) {
  Json document = stripes_cnn_experiment();
  document["model"]["layers"][3]["kernel"] = 13;  // the pool after a 12×12 map
  const Experiment experiment = parse_experiment(document);
  try {
    bnlab::Run run(experiment, prepare_data(experiment));
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()),
              "model.layers[3]: maxpool2d: the kernel 13×13 is larger than the input 12×12; got input shape "
              "[8, 12, 12]");
  }
}

// A network that ends in a convolution (no flatten, no dense) cannot give the 4 class scores:
// the error points at the option that sets the last layer's width, conv2d's channels, as it
// points at a dense layer's units (the LayerTraits' output_width_option).
TEST(CnnTraining, AnOutputWidthErrorPointsAtTheLastConvolutionsChannels) {
  Json document = stripes_cnn_experiment();
  document["model"]["layers"] = Json::parse(R"([
    {"type": "conv2d", "channels": 4, "kernel": 3, "padding": 1},
    {"type": "relu"},
    {"type": "conv2d", "channels": 2, "kernel": 3, "padding": 1}
  ])");
  document.erase("compare");
  document.erase("probes");
  const Experiment experiment = parse_experiment(document);
  try {
    bnlab::Run run(experiment, prepare_data(experiment));
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()),
              "model.layers[2].channels: the model must end with 4 outputs (4 classes), but it ends with [2, 12, 12]");
  }
}

}  // namespace
}  // namespace bnlab
