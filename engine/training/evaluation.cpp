#include "training/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "metrics/metrics.hpp"

namespace bnlab {

const char* split_name(SplitName split) {
  switch (split) {
    case SplitName::train: return "train";
    case SplitName::validation: return "validation";
    case SplitName::test: return "test";
  }
  return "?";
}

std::size_t evaluation_chunk(const ModelSpec& model) {
  const std::uint64_t fitting = max_values_per_batch / std::max<std::uint64_t>(1, peak_values_per_sample(model));
  return static_cast<std::size_t>(std::clamp<std::uint64_t>(fitting, 2, 1000));
}

Targets targets_of(const Batch& batch, TaskKind task) {
  Targets targets;
  if (task == TaskKind::classification) {
    targets.labels = &batch.labels;
  } else {
    targets.values = &batch.targets;
  }
  return targets;
}

EvaluationRecord evaluate_network(Network& network, Loss& loss, const Dataset& data,
                                  SplitName split, std::size_t step, Batch& scratch) {
  const double not_a_number = std::numeric_limits<double>::quiet_NaN();
  EvaluationRecord record{step, split, false, data.size(), not_a_number, not_a_number,
                          not_a_number, not_a_number, not_a_number, not_a_number, not_a_number};
  if (data.size() == 0) return record;
  std::vector<std::uint32_t> order(data.size());
  std::iota(order.begin(), order.end(), 0u);
  ClassificationAccumulator classification;
  RegressionAccumulator regression;
  double loss_sum = 0.0;
  const std::size_t chunk = evaluation_chunk(network.spec());
  for (std::size_t begin = 0; begin < data.size();) {
    std::size_t end = std::min(begin + chunk, data.size());
    // A trailing chunk of one sample joins the previous one: batch statistics (BatchNorm
    // without running statistics) cannot be taken over a single value.
    if (data.size() - end == 1) end = data.size();
    gather_batch(data, order, begin, end, scratch);
    const Tensor& prediction = network.forward(scratch.inputs, Mode::eval);
    loss_sum += loss.forward(prediction, targets_of(scratch, data.task)) * double(end - begin);
    if (data.task == TaskKind::classification) {
      classification.add(prediction, scratch.labels);
    } else {
      regression.add(prediction, scratch.targets);
    }
    begin = end;
  }
  record.loss = loss_sum / static_cast<double>(data.size());
  if (data.task == TaskKind::classification) {
    record.accuracy = classification.accuracy();
  } else {
    const RegressionMetrics metrics = regression.result();
    record.mae = metrics.mae;
    record.mse = metrics.mse;
    record.rmse = metrics.rmse;
    record.rmsle = metrics.rmsle;
    record.r2 = metrics.r2;
  }
  return record;
}

}  // namespace bnlab
