#pragma once
// Evaluation metrics. Accumulators take one batch at a time and give exactly the value the
// whole set would give at once, so evaluation can stream over batches:
//
//   ClassificationAccumulator classification;
//   for (const Batch& batch : batches) classification.add(network_output, batch.labels);
//   double accuracy = classification.accuracy();
//
// Every sum is kept in double, element by element in the order given.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/tensor.hpp"

namespace bnlab {

// Index of the largest of the K logits of one sample; the first one when several tie.
std::size_t argmax_row(const Tensor& logits, std::size_t sample);

// --- classification --------------------------------------------------------------------

// Counts samples whose argmax (first max on ties) equals the label. Logits are (N, K);
// a label outside [0, K) or a label count different from N throws bnlab::UsageError.
class ClassificationAccumulator {
 public:
  void add(const Tensor& logits, const std::vector<std::int32_t>& labels);
  double accuracy() const;  // correct / count; NaN before any sample was added
  std::size_t correct() const { return correct_; }
  std::size_t count() const { return count_; }
  void reset() { correct_ = 0; count_ = 0; }

 private:
  std::size_t correct_ = 0;
  std::size_t count_ = 0;
};

// Fraction of the N samples whose argmax equals the label (NaN for N = 0).
double accuracy(const Tensor& logits, const std::vector<std::int32_t>& labels);

// --- regression ------------------------------------------------------------------------

// Over all elements e = 1..n of prediction ŷ and target y:
//   mae   = Σ|ŷ − y| / n,   mse = Σ(ŷ − y)² / n,   rmse = √mse
//   rmsle = √(Σ(log(1 + ŷ) − log(1 + y))² / n); NaN when any ŷ or y is ≤ −1 (log undefined)
//   r2    = 1 − Σ(ŷ − y)² / Σ(y − ȳ)², ȳ the mean of all target elements; NaN when every
//           target is equal (Σ(y − ȳ)² = 0)
// Every field is NaN when no element was seen.
struct RegressionMetrics {
  double mae;
  double mse;
  double rmse;
  double rmsle;
  double r2;
};

// Prediction and targets of each add() must have the same shape (else bnlab::UsageError);
// batches may differ in size.
class RegressionAccumulator {
 public:
  void add(const Tensor& prediction, const Tensor& targets);
  RegressionMetrics result() const;
  std::size_t count() const { return count_; }  // elements seen
  void reset() { *this = RegressionAccumulator(); }

 private:
  std::size_t count_ = 0;
  double absolute_error_sum_ = 0.0;     // Σ|ŷ − y|
  double squared_error_sum_ = 0.0;      // Σ(ŷ − y)²
  double squared_log_error_sum_ = 0.0;  // Σ(log1p ŷ − log1p y)²
  bool log_error_undefined_ = false;    // some ŷ or y ≤ −1
  // Σ(y − ȳ)² by Welford's running update instead of Σy² − (Σy)²/n, which cancels
  // catastrophically when the targets' mean is large next to their spread.
  double target_mean_ = 0.0;
  double target_squared_deviation_sum_ = 0.0;
};

RegressionMetrics regression_metrics(const Tensor& prediction, const Tensor& targets);

}  // namespace bnlab
