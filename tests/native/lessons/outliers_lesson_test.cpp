// Foundations, "L1 against L2 with outliers" (issue 11): a straight line y = 2x + 1 with 10 of
// its 200 training points reading 12 too high, and 100 clean test points
// (examples/outliers-l1-vs-l2.json), fitted by a linear model with the L1 loss (as written)
// and with the L2 loss (examples/sweeps/l1-vs-l2.json). The L2 loss squares each error, so a
// few large ones dominate it; the L1 loss weighs every error by its size. The lesson claims:
// - with L1 the fitted line is the true one: slope within 0.1 of 2, intercept within 0.1 of 1,
//   and R² ≥ 0.98 on the clean test points;
// - with L2 the outliers pull it off: the slope is more than 0.5 away from 2, and the test R²
//   is at least 0.3 lower than L1's.
// If this fails, change the preset and the lesson, not the margins.
#include <cmath>
#include <fstream>

#include <gtest/gtest.h>

#include "support/sweep_results.hpp"

namespace bnlab {
namespace {

// Trains the preset with `loss` and returns the saved model's {slope, intercept}.
std::pair<double, double> fitted_line(const std::string& loss) {
  testing::TemporaryDirectory folder;
  Json experiment = Json::parse(testing::read_text(std::string(BNLAB_SOURCE_DIR) + "/examples/outliers-l1-vs-l2.json"));
  experiment["loss"] = loss;
  const std::string file = folder.write("line.json", experiment.dump());
  const auto outcome = testing::run_cli("train " + file + " --quiet --out " + folder.file("line.jsonl") + " --save " +
                                        folder.file("line.model.json"));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  if (outcome.exit_code != 0) return {0.0, 0.0};
  const Json model = Json::parse(testing::read_text(folder.file("line.model.json")));
  return {model["tensors"]["layers.0.weight"]["data"][0].get<double>(),
          model["tensors"]["layers.0.bias"]["data"][0].get<double>()};
}

TEST(Lesson, TheL1LossFindsTheLineThroughOutliers) {
  const auto [l1_slope, l1_intercept] = fitted_line("l1");
  EXPECT_NEAR(l1_slope, 2.0, 0.1);
  EXPECT_NEAR(l1_intercept, 1.0, 0.1);
  const auto [l2_slope, l2_intercept] = fitted_line("mse");
  EXPECT_GT(std::abs(l2_slope - 2.0), 0.5) << "L2 slope " << l2_slope << ", intercept " << l2_intercept;

  const auto results = testing::run_shipped_sweep("l1-vs-l2.json");
  ASSERT_EQ(results.size(), 2u);  // mse, l1
  const double l2_r2 = results.at({0, "as_written"}).final_metrics["test"]["r2"].get<double>();
  const double l1_r2 = results.at({1, "as_written"}).final_metrics["test"]["r2"].get<double>();
  EXPECT_GE(l1_r2, 0.98);
  EXPECT_GE(l1_r2 - l2_r2, 0.3) << "test R²: L1 " << l1_r2 << ", L2 " << l2_r2;
}

}  // namespace
}  // namespace bnlab
