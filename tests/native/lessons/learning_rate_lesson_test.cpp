// Lesson "a higher usable learning rate" (issue 11, lesson 2), as the page tells it: the
// lecture's network (examples/mnist-compare.json) swept over learning rates on a log grid,
// with and without BatchNorm (examples/sweeps/learning-rate.json). The lesson claims that the
// highest rate that still trains (the sweep's own "stable" rule: completes, test accuracy
// ≥ 85 %) is at least 10× higher with BatchNorm, and that at that rate the network without
// BatchNorm is far behind. The preset runs unshortened through `bnlab sweep`, as a learner's
// command line would. If this fails, change the preset (and the lesson), not the margins.
#include <algorithm>

#include <gtest/gtest.h>

#include "support/sweep_results.hpp"

namespace bnlab {
namespace {

TEST(Lesson, BatchNormTrainsAtLearningRatesTenTimesHigher) {
  const auto results = testing::run_shipped_sweep("learning-rate.json");
  ASSERT_EQ(results.size(), 16u);  // 8 rates × 2 variants
  double with_batch_norm = 0.0;
  double without_batch_norm = 0.0;
  std::size_t highest_cell = 0;
  for (const auto& [key, result] : results) {
    if (!result.stable) continue;
    const double rate = result.values["optimizer.learning_rate"].get<double>();
    if (key.second == "as_written" && rate > with_batch_norm) {
      with_batch_norm = rate;
      highest_cell = key.first;
    }
    if (key.second == "without_batchnorm") without_batch_norm = std::max(without_batch_norm, rate);
  }
  ASSERT_GT(without_batch_norm, 0.0) << "the plain network trains at some rate of the grid";
  EXPECT_GE(with_batch_norm, 10.0 * without_batch_norm)
      << "highest stable rate with BN " << with_batch_norm << ", without " << without_batch_norm;
  // At BatchNorm's highest stable rate the plain network is at least 30 points behind.
  const double lead = results.at({highest_cell, "as_written"}).test_accuracy -
                      results.at({highest_cell, "without_batchnorm"}).test_accuracy;
  EXPECT_GE(lead, 0.30) << "at learning rate " << with_batch_norm;
}

}  // namespace
}  // namespace bnlab
