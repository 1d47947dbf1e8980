// The lecture's experiment on real digits (examples/mnist-compare.json): 784-32-32-10 ReLU,
// Linear -> BatchNorm -> ReLU against the same network without BatchNorm.
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "training/compare_pair.hpp"

namespace bnlab {
namespace {

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
