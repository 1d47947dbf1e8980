// The lecture's experiment on real digits (examples/mnist-compare.json): 784-32-32-10 ReLU,
// Linear -> BatchNorm -> ReLU against the same network without BatchNorm.
#include <cmath>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "core/finite.hpp"
#include "training/compare_pair.hpp"

namespace bnlab {
namespace {

std::string read_example(const std::string& name) {
  std::ifstream file(std::string(BNLAB_SOURCE_DIR) + "/examples/" + name);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

double final_metric(const bnlab::Run& run, SplitName split, bool accuracy) {
  for (const EvaluationRecord& record : run.evaluations()) {
    if (record.final && record.split == split) return accuracy ? record.accuracy : record.loss;
  }
  return -1.0;
}

TEST(MnistLecture, BothVariantsLearnTheDigitsAndBatchNormLearnsFaster) {
  const Experiment experiment =
      load_experiment_file(std::string(BNLAB_SOURCE_DIR) + "/examples/mnist-compare.json");
  const auto data = prepare_data(experiment);
  ASSERT_EQ(data->train.size(), 8004u - 1000u);  // the validation split comes out of train
  ASSERT_EQ(data->validation.size(), 1000u);
  ASSERT_EQ(data->test.size(), 1996u);           // the set's own test images
  ComparePair pair = make_compare_pair(experiment, data);
  ASSERT_TRUE(pair_shares_initial_weights(pair));
  for (bnlab::Run* run : {pair.with_batch_norm.get(), pair.without_batch_norm.get()}) {
    run->step(100000);
    run->finalize();
    ASSERT_EQ(run->status(), RunStatus::complete);
    // Chance is 0.1; 550 steps of SGD reach about 0.9 on these 2000 test digits.
    EXPECT_GT(final_metric(*run, SplitName::test, true), 0.85) << run->experiment().name;
  }
  EXPECT_LT(final_metric(*pair.with_batch_norm, SplitName::train, false),
            final_metric(*pair.without_batch_norm, SplitName::train, false));
}

// Issue 14, defect 2, on the lecture's own network and real digits (examples/mnist-compare.json,
// its BN variant, shortened to 1 000 training digits): at learning rate 1e6 the run must end
// "diverged at step k" naming the first tensor that is not finite — not "complete" with NaN
// weights, and not merely "loss".
TEST(MnistLecture, ReluBatchNormAtLearningRate1e6DivergesNamingTheFirstNonFiniteTensor) {
  Json document = Json::parse(read_example("mnist-compare.json"));
  document["dataset"]["train_samples"] = 2000;
  document["dataset"]["test_samples"] = 200;
  document["compare"] = false;
  document["optimizer"]["learning_rate"] = 1e6;
  document["training"] = Json::parse(R"({"batch_size": 64, "steps": 300, "evaluate_every": 0, "log_every": 1})");
  const Experiment experiment = parse_experiment(document);
  bnlab::Run run(experiment, prepare_data(experiment));
  run.step(300);
  ASSERT_EQ(run.status(), RunStatus::diverged);
  const Divergence& divergence = *run.divergence();
  // What the float engine computes here (an overflow by orders of magnitude, not a rounding
  // effect): the loss reaches about 6e9 at step 2, and at step 3 the second BatchNorm's running
  // variance overflows to infinity before the loss or any weight does.
  EXPECT_EQ(divergence.step, 3u);
  EXPECT_EQ(run.steps_done(), 2u);  // the diverging step is not counted
  EXPECT_EQ(divergence.cause, DivergenceCause::buffer_not_finite) << divergence.message();
  EXPECT_EQ(divergence.tensor, "layers.4.running_variance") << divergence.message();
  EXPECT_FALSE(divergence.not_a_number);
  EXPECT_EQ(divergence.message().rfind("diverged at step 3: layers.4.running_variance became infinite (last recorded loss ", 0), 0u)
      << divergence.message();
  // Every loss the run recorded before it is finite: the loss alone would not have said so.
  ASSERT_FALSE(run.losses().empty());
  for (const StepRecord& record : run.losses()) EXPECT_TRUE(std::isfinite(record.loss)) << record.step;
  // The network really holds the non-finite value it names.
  bool found = false;
  for (const NamedParameter& named : run.network().named_parameters()) {
    if (named.name == divergence.tensor) found = !all_finite(*named.parameter.value);
  }
  for (const NamedBuffer& named : run.network().named_buffers()) {
    if (named.name == divergence.tensor && named.buffer.value != nullptr) found = !all_finite(*named.buffer.value);
  }
  EXPECT_TRUE(found) << divergence.tensor;
}

TEST(MnistLecture, TheSetsOwnTestSplitCannotBeReplaced) {
  Json document = Json::parse(R"({
    "dataset": {"kind": "mnist", "train_samples": 500},
    "split": {"test": 0.2},
    "model": {"layers": [{"type": "dense", "units": 10}]},
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "learning_rate": 0.1},
    "training": {"batch_size": 50, "steps": 10}
  })");
  try {
    parse_experiment(document);
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_STREQ(error.what(), "split.test: mnist has its own test set; only split.validation can be set "
                               "(dataset.test_samples limits the test set)");
  }
  document.erase("split");
  document["dataset"]["test_samples"] = 300;
  const Experiment experiment = parse_experiment(document);
  const auto data = prepare_data(experiment);
  EXPECT_EQ(data->train.size(), 500u);
  EXPECT_EQ(data->test.size(), 300u);
}

}  // namespace
}  // namespace bnlab
