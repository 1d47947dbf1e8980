// Metrics against values worked out by hand (arithmetic in the comments).

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "metrics/metrics.hpp"
#include "support/error_message.hpp"
#include "support/tensors.hpp"

namespace bnlab {
namespace {

using testing::error_message;
using testing::matrix_tensor;

// Rows [first, first + count) of a 2-D tensor, as a new tensor.
Tensor rows(const Tensor& tensor, std::size_t first, std::size_t count) {
  const std::size_t columns = tensor.shape()[1];
  Tensor part = Tensor::from_shape({count, columns});
  std::copy(tensor.data() + first * columns, tensor.data() + (first + count) * columns,
            part.data());
  return part;
}

// --- accuracy ---------------------------------------------------------------------------

// Row 0 (1, 3, 3), label 1: classes 1 and 2 tie, the first (1) wins -> correct.
// Row 1 (1, 3, 3), label 2: the same tie goes to class 1 -> wrong.
// Row 2 (5, 5, 5), label 0: three-way tie, class 0 wins -> correct.
// Row 3 (0.2, 0.1, 0.7), label 2 -> correct.
// Accuracy = 3/4 = 0.75.
const std::vector<double> tie_logits{1, 3, 3, 1, 3, 3, 5, 5, 5, 0.2, 0.1, 0.7};
const std::vector<std::int32_t> tie_labels{1, 2, 0, 2};

TEST(Accuracy, FirstMaximumWinsTies) {
  const Tensor logits = matrix_tensor(4, 3, tie_logits);
  EXPECT_EQ(argmax_row(logits, 0), 1u);
  EXPECT_EQ(argmax_row(logits, 2), 0u);
  EXPECT_DOUBLE_EQ(accuracy(logits, tie_labels), 0.75);
}

TEST(Accuracy, TwoBatchesEqualOneBatchOfEverything) {
  const Tensor logits = matrix_tensor(4, 3, tie_logits);
  ClassificationAccumulator accumulator;
  EXPECT_TRUE(std::isnan(accumulator.accuracy()));  // nothing seen yet
  accumulator.add(rows(logits, 0, 1), {tie_labels[0]});
  accumulator.add(rows(logits, 1, 3), {tie_labels[1], tie_labels[2], tie_labels[3]});
  EXPECT_EQ(accumulator.count(), 4u);
  EXPECT_EQ(accumulator.correct(), 3u);
  EXPECT_EQ(accumulator.accuracy(), accuracy(logits, tie_labels));
}

TEST(Accuracy, BadLabelsAreUsageErrors) {
  const Tensor logits = matrix_tensor(4, 3, tie_logits);
  EXPECT_THROW(accuracy(logits, {1, 2, 3, 0}), UsageError);   // 3 is not one of 3 classes
  EXPECT_THROW(accuracy(logits, {1, 2, 0}), UsageError);      // 3 labels for 4 rows
  const std::string message = error_message<UsageError>([&] { accuracy(logits, {1, 2, 0, -1}); });
  EXPECT_NE(message.find("sample 3 has label -1"), std::string::npos) << message;
}

// --- regression -------------------------------------------------------------------------

// prediction ŷ = [[1, 2], [4, 3]], target y = [[1, 3], [3, 5]], n = 4 elements.
// ŷ − y = (0, −1, 1, −2)
//   mae  = (0 + 1 + 1 + 2)/4 = 1
//   mse  = (0 + 1 + 1 + 4)/4 = 1.5,  rmse = √1.5 = 1.2247448714
//   ȳ = (1 + 3 + 3 + 5)/4 = 3, Σ(y − ȳ)² = 4 + 0 + 0 + 4 = 8,  r2 = 1 − 6/8 = 0.25
//   log(1 + ŷ) − log(1 + y) = (log 2/2, log 3/4, log 5/4, log 4/6)
//     = (0, −0.2876820725, 0.2231435513, −0.4054651081)
//   squares (0, 0.0827609748, 0.0497930445, 0.1644019539), sum 0.2969559732,
//   rmsle = √(0.2969559732/4) = √0.0742389933 = 0.2724683345
const std::vector<double> example_prediction{1, 2, 4, 3};
const std::vector<double> example_target{1, 3, 3, 5};

TEST(RegressionMetrics, HandWorkedExample) {
  const RegressionMetrics metrics =
      regression_metrics(matrix_tensor(2, 2, example_prediction), matrix_tensor(2, 2, example_target));
  EXPECT_DOUBLE_EQ(metrics.mae, 1.0);
  EXPECT_DOUBLE_EQ(metrics.mse, 1.5);
  EXPECT_NEAR(metrics.rmse, 1.2247448714, 1e-10);
  EXPECT_NEAR(metrics.rmsle, 0.2724683345, 1e-10);
  EXPECT_DOUBLE_EQ(metrics.r2, 0.25);
}

TEST(RegressionMetrics, TwoBatchesEqualOneBatchOfEverything) {
  // Irregular values so that any difference in the summation would show.
  std::vector<double> prediction_values, target_values;
  for (int index = 0; index < 10; ++index) {
    prediction_values.push_back(std::sin(1.3 * index) * 0.9 + 0.3 * index);  // >= −0.9
    target_values.push_back(std::cos(0.7 * index) * 1.2 + 0.5);  // >= −0.7
  }
  const Tensor prediction = matrix_tensor(5, 2, prediction_values);
  const Tensor target = matrix_tensor(5, 2, target_values);
  const RegressionMetrics whole = regression_metrics(prediction, target);

  RegressionAccumulator accumulator;
  accumulator.add(rows(prediction, 0, 3), rows(target, 0, 3));
  accumulator.add(rows(prediction, 3, 2), rows(target, 3, 2));
  EXPECT_EQ(accumulator.count(), 10u);
  const RegressionMetrics streamed = accumulator.result();
  EXPECT_EQ(streamed.mae, whole.mae);
  EXPECT_EQ(streamed.mse, whole.mse);
  EXPECT_EQ(streamed.rmse, whole.rmse);
  EXPECT_EQ(streamed.rmsle, whole.rmsle);
  EXPECT_EQ(streamed.r2, whole.r2);
  EXPECT_TRUE(std::isfinite(whole.rmsle));  // every value is > −1 here
  EXPECT_TRUE(std::isfinite(whole.r2));
}

TEST(RegressionMetrics, RmsleIsNanWhenALogIsUndefined) {
  // log(1 + ŷ) needs ŷ > −1: ŷ = −1 (prediction) or y = −3 (target) makes RMSLE undefined,
  // while the other metrics stay finite. ŷ = −0.5 is fine: log(0.5) exists.
  const Tensor target = matrix_tensor(1, 3, {0, 1, 2});
  const RegressionMetrics at_minus_one = regression_metrics(matrix_tensor(1, 3, {-1, 1, 2}), target);
  EXPECT_TRUE(std::isnan(at_minus_one.rmsle));
  EXPECT_DOUBLE_EQ(at_minus_one.mae, 1.0 / 3);  // |−1 − 0| / 3
  const RegressionMetrics bad_target =
      regression_metrics(matrix_tensor(1, 3, {0, 1, 2}), matrix_tensor(1, 3, {0, 1, -3}));
  EXPECT_TRUE(std::isnan(bad_target.rmsle));
  // ŷ = (−0.5, 1, 2) against y = (0, 1, 2): rmsle = √((log 0.5 − log 1)²/3) = |log 0.5|/√3.
  const RegressionMetrics defined = regression_metrics(matrix_tensor(1, 3, {-0.5, 1, 2}), target);
  EXPECT_NEAR(defined.rmsle, std::log(2.0) / std::sqrt(3.0), 1e-12);
}

TEST(RegressionMetrics, PerfectPredictionsAndConstantTargets) {
  const Tensor target = matrix_tensor(2, 2, example_target);
  const RegressionMetrics perfect = regression_metrics(target, target);
  EXPECT_EQ(perfect.r2, 1.0);
  EXPECT_EQ(perfect.mae, 0.0);
  EXPECT_EQ(perfect.rmsle, 0.0);
  // Σ(y − ȳ)² = 0 when all targets are equal: R² is undefined.
  const Tensor constant = matrix_tensor(2, 2, {2, 2, 2, 2});
  EXPECT_TRUE(std::isnan(regression_metrics(target, constant).r2));
  // Nothing seen: every metric is NaN.
  const RegressionMetrics empty = RegressionAccumulator().result();
  EXPECT_TRUE(std::isnan(empty.mae) && std::isnan(empty.mse) && std::isnan(empty.rmse) &&
              std::isnan(empty.rmsle) && std::isnan(empty.r2));
}

TEST(RegressionMetrics, ShapeMismatchIsAUsageError) {
  const std::string message = error_message<UsageError>(
      [] { regression_metrics(matrix_tensor(2, 2, example_prediction), matrix_tensor(4, 1, example_target)); });
  EXPECT_NE(message.find("[2, 2]"), std::string::npos) << message;
  EXPECT_NE(message.find("[4, 1]"), std::string::npos) << message;
}

}  // namespace
}  // namespace bnlab
