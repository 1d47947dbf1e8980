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
                                  SplitName split, std::size_t step, Batch& scratch,
                                  const EvaluationPass& pass) {
  const double not_a_number = std::numeric_limits<double>::quiet_NaN();
  const std::size_t samples = pass.samples == 0 ? data.size() : std::min(pass.samples, data.size());
  EvaluationRecord record{step, split, false, samples, not_a_number, not_a_number,
                          not_a_number, not_a_number, not_a_number, not_a_number, not_a_number};
  if (samples == 0) return record;
  std::vector<std::uint32_t> order;
  if (pass.one_at_a_time) {
    for (std::uint32_t sample = 0; sample < samples; ++sample) order.insert(order.end(), {sample, sample});
  } else {
    order.resize(samples);
    std::iota(order.begin(), order.end(), 0u);
  }
  ClassificationAccumulator classification;
  RegressionAccumulator regression;
  double loss_sum = 0.0;
  const std::size_t chunk = pass.one_at_a_time ? 2
                            : pass.chunk != 0  ? pass.chunk
                                               : evaluation_chunk(network.spec());
  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = std::min(begin + chunk, order.size());
    // A trailing chunk of one sample joins the previous one: batch statistics (BatchNorm
    // without running statistics, or train mode) cannot be taken over a single value.
    if (order.size() - end == 1) end = order.size();
    gather_batch(data, order, begin, end, scratch);
    const Tensor& prediction = network.forward(scratch.inputs, pass.mode);
    loss_sum += loss.forward(prediction, targets_of(scratch, data.task)) * double(end - begin);
    if (data.task == TaskKind::classification) {
      classification.add(prediction, scratch.labels);
    } else {
      regression.add(prediction, scratch.targets);
    }
    begin = end;
  }
  record.loss = loss_sum / static_cast<double>(order.size());
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
