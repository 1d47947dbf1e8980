// Lesson "a higher usable learning rate" (issue 11, lesson 2), as the page tells it: the
// lecture's network (examples/mnist-compare.json) swept over learning rates on a log grid,
// with and without BatchNorm (examples/sweeps/learning-rate.json). The lesson claims that the
// highest rate that still trains (the sweep's own "stable" rule: completes, test accuracy
// ≥ 85 %) is at least 10× higher with BatchNorm, and that at that rate the network without
// BatchNorm is far behind. The preset runs unshortened through `bnlab sweep`, as a learner's
// command line would. If this fails, change the preset (and the lesson), not the margins.
#include <map>

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"

namespace bnlab {
namespace {

using testing::read_records;
using testing::run_cli;

TEST(Lesson, BatchNormTrainsAtLearningRatesTenTimesHigher) {
  testing::TemporaryDirectory folder;
  const std::string sweep = std::string(BNLAB_SOURCE_DIR) + "/examples/sweeps/learning-rate.json";
  const auto outcome = run_cli("sweep " + sweep + " --out " + folder.file("lr.jsonl") + " --quiet");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  std::map<std::string, double> highest_stable{{"as_written", 0.0}, {"without_batchnorm", 0.0}};
  std::map<std::pair<double, std::string>, double> accuracy;  // (rate, variant) -> test accuracy
  std::size_t results = 0;
  for (const Json& record : read_records(folder.file("lr.jsonl"))) {
    if (record["type"] != "sweep_result") continue;
    ++results;
    const double rate = record["values"]["optimizer.learning_rate"].get<double>();
    const std::string variant = record["variant"].get<std::string>();
    ASSERT_TRUE(record["stable"].is_boolean());
    if (record["stable"].get<bool>()) highest_stable[variant] = std::max(highest_stable[variant], rate);
    const Json& test = record["final"]["test"];
    accuracy[{rate, variant}] = test.contains("accuracy") && test["accuracy"].is_number() ? test["accuracy"].get<double>() : 0.0;
  }
  ASSERT_EQ(results, 16u);  // 8 rates × 2 variants
  const double with_batch_norm = highest_stable["as_written"];
  const double without_batch_norm = highest_stable["without_batchnorm"];
  ASSERT_GT(without_batch_norm, 0.0) << "the plain network trains at some rate of the grid";
  EXPECT_GE(with_batch_norm, 10.0 * without_batch_norm)
      << "highest stable rate with BN " << with_batch_norm << ", without " << without_batch_norm;
  // At BatchNorm's highest stable rate the plain network is at least 30 points behind.
  const double lead = accuracy[{with_batch_norm, "as_written"}] - accuracy[{with_batch_norm, "without_batchnorm"}];
  EXPECT_GE(lead, 0.30) << "at learning rate " << with_batch_norm;
}

}  // namespace
}  // namespace bnlab
