// Foundations, "input normalization" (issue 11): the car-price set's features sit on wildly
// different scales (miles up to 100 000, age up to 80, engines up to 4). A linear model — one
// dense layer, nothing else — fitted with SGD at one learning rate on raw, min-max scaled and
// standardized inputs (examples/sweeps/input-normalization.json). The lesson claims:
// - raw inputs diverge within the first ten steps (the miles weight's gradient is ~10⁵ times
//   the engines weight's, so any rate that moves one blows up the other);
// - min-max scaling trains but after 50 epochs still explains less than 90 % of the test
//   prices' variance (R² < 0.9);
// - standardized inputs fit the test prices to within the noise: R² ≥ 0.98 and an RMSE below
//   600 (the noise itself has a standard deviation of 1000 · 0.5 = 500).
// If this fails, change the preset and the lesson, not the margins.
#include <gtest/gtest.h>

#include "support/sweep_results.hpp"

namespace bnlab {
namespace {

TEST(Lesson, StandardizedInputsLetALinearModelFitThePrices) {
  const auto results = testing::run_shipped_sweep("input-normalization.json");
  ASSERT_EQ(results.size(), 3u);  // raw, min-max, standardized
  const auto& raw = results.at({0, "as_written"});
  const auto& min_max = results.at({1, "as_written"});
  const auto& standardized = results.at({2, "as_written"});
  EXPECT_EQ(raw.status, "diverged");
  EXPECT_LE(raw.divergence_step, 10u);
  ASSERT_EQ(min_max.status, "complete");
  ASSERT_EQ(standardized.status, "complete");
  EXPECT_LT(min_max.final_metrics["test"]["r2"].get<double>(), 0.9);
  EXPECT_GE(standardized.final_metrics["test"]["r2"].get<double>(), 0.98);
  EXPECT_LT(standardized.final_metrics["test"]["rmse"].get<double>(), 600.0);
}

}  // namespace
}  // namespace bnlab
