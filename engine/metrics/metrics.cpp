#include "metrics/metrics.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "core/errors.hpp"

namespace bnlab {

namespace {
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

void check_logits(const Tensor& logits, const std::vector<std::int32_t>& labels) {
  if (logits.dimension() != 2 || logits.shape()[1] == 0) {
    throw UsageError("accuracy: expected logits of shape [batch, classes] with classes >= 1, got " +
                     shape_to_string(shape_of(logits)));
  }
  if (labels.size() != logits.shape()[0]) {
    throw UsageError("accuracy: " + std::to_string(logits.shape()[0]) + " rows of logits but " +
                     std::to_string(labels.size()) + " labels");
  }
  const std::size_t class_count = logits.shape()[1];
  for (std::size_t sample = 0; sample < labels.size(); ++sample) {
    if (labels[sample] < 0 || static_cast<std::size_t>(labels[sample]) >= class_count) {
      throw UsageError("accuracy: sample " + std::to_string(sample) + " has label " +
                       std::to_string(labels[sample]) + ", expected a class in [0, " +
                       std::to_string(class_count) + ")");
    }
  }
}
}  // namespace

std::size_t argmax_row(const Tensor& logits, std::size_t sample) {
  const std::size_t class_count = logits.shape()[1];
  const Scalar* row = logits.data() + sample * class_count;
  std::size_t best = 0;
  // Strictly greater, so the first of equal maxima wins (as torch.argmax documents).
  for (std::size_t k = 1; k < class_count; ++k) {
    if (row[k] > row[best]) best = k;
  }
  return best;
}

void ClassificationAccumulator::add(const Tensor& logits, const std::vector<std::int32_t>& labels) {
  check_logits(logits, labels);
  for (std::size_t sample = 0; sample < labels.size(); ++sample) {
    if (argmax_row(logits, sample) == static_cast<std::size_t>(labels[sample])) ++correct_;
  }
  count_ += labels.size();
}

double ClassificationAccumulator::accuracy() const {
  if (count_ == 0) return not_a_number;
  return static_cast<double>(correct_) / static_cast<double>(count_);
}

double accuracy(const Tensor& logits, const std::vector<std::int32_t>& labels) {
  ClassificationAccumulator accumulator;
  accumulator.add(logits, labels);
  return accumulator.accuracy();
}

void RegressionAccumulator::add(const Tensor& prediction, const Tensor& targets) {
  if (shape_of(prediction) != shape_of(targets)) {
    throw UsageError("regression metrics: prediction has shape " +
                     shape_to_string(shape_of(prediction)) + " but targets have shape " +
                     shape_to_string(shape_of(targets)));
  }
  const Scalar* predicted = prediction.data();
  const Scalar* target = targets.data();
  for (std::size_t index = 0; index < prediction.size(); ++index) {
    const double y_hat = predicted[index];
    const double y = target[index];
    const double error = y_hat - y;
    absolute_error_sum_ += std::abs(error);
    squared_error_sum_ += error * error;
    if (y_hat <= -1.0 || y <= -1.0) {
      log_error_undefined_ = true;
    } else {
      const double log_error = std::log1p(y_hat) - std::log1p(y);
      squared_log_error_sum_ += log_error * log_error;
    }
    // Welford: ȳ_n = ȳ_{n−1} + (y − ȳ_{n−1})/n;  S_n = S_{n−1} + (y − ȳ_{n−1})(y − ȳ_n).
    ++count_;
    const double deviation_before = y - target_mean_;
    target_mean_ += deviation_before / static_cast<double>(count_);
    target_squared_deviation_sum_ += deviation_before * (y - target_mean_);
  }
}

RegressionMetrics RegressionAccumulator::result() const {
  if (count_ == 0) return {not_a_number, not_a_number, not_a_number, not_a_number, not_a_number};
  const double n = static_cast<double>(count_);
  RegressionMetrics metrics{};
  metrics.mae = absolute_error_sum_ / n;
  metrics.mse = squared_error_sum_ / n;
  metrics.rmse = std::sqrt(metrics.mse);
  metrics.rmsle = log_error_undefined_ ? not_a_number : std::sqrt(squared_log_error_sum_ / n);
  metrics.r2 = target_squared_deviation_sum_ == 0.0
                   ? not_a_number
                   : 1.0 - squared_error_sum_ / target_squared_deviation_sum_;
  return metrics;
}

RegressionMetrics regression_metrics(const Tensor& prediction, const Tensor& targets) {
  RegressionAccumulator accumulator;
  accumulator.add(prediction, targets);
  return accumulator.result();
}

}  // namespace bnlab
