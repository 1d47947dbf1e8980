#include "record_arrays.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace bnlab::bindings {

using emscripten::typed_memory_view;
using emscripten::val;

namespace {

// A JavaScript typed array holding a copy of `values` (the memory view alone would dangle as
// soon as the vector or the wasm heap moves).
template <typename Number>
val copy_of(const char* array_type, const std::vector<Number>& values) {
  return val::global(array_type).new_(typed_memory_view(values.size(), values.data()));
}

val float64_array(const std::vector<double>& values) { return copy_of("Float64Array", values); }
val uint32_array(const std::vector<std::uint32_t>& values) { return copy_of("Uint32Array", values); }

std::size_t clamp_first(std::size_t first, std::size_t size) { return first < size ? first : size; }

}  // namespace

val loss_columns(const std::vector<StepRecord>& records, std::size_t first) {
  first = clamp_first(first, records.size());
  std::vector<std::uint32_t> steps;
  std::vector<std::uint32_t> epochs;
  std::vector<double> losses;
  for (std::size_t index = first; index < records.size(); ++index) {
    steps.push_back(static_cast<std::uint32_t>(records[index].step));
    epochs.push_back(static_cast<std::uint32_t>(records[index].epoch));
    losses.push_back(records[index].loss);
  }
  val columns = val::object();
  columns.set("step", uint32_array(steps));
  columns.set("epoch", uint32_array(epochs));
  columns.set("loss", float64_array(losses));
  return columns;
}

val evaluation_columns(const std::vector<EvaluationRecord>& records, std::size_t first) {
  first = clamp_first(first, records.size());
  std::vector<std::uint32_t> steps, samples;
  std::vector<std::uint8_t> splits, finals;
  std::vector<double> loss, accuracy, mae, mse, rmse, rmsle, r2;
  for (std::size_t index = first; index < records.size(); ++index) {
    const EvaluationRecord& record = records[index];
    steps.push_back(static_cast<std::uint32_t>(record.step));
    samples.push_back(static_cast<std::uint32_t>(record.samples));
    splits.push_back(static_cast<std::uint8_t>(record.split));
    finals.push_back(record.final ? 1 : 0);
    loss.push_back(record.loss);
    accuracy.push_back(record.accuracy);
    mae.push_back(record.mae);
    mse.push_back(record.mse);
    rmse.push_back(record.rmse);
    rmsle.push_back(record.rmsle);
    r2.push_back(record.r2);
  }
  val columns = val::object();
  columns.set("step", uint32_array(steps));
  columns.set("samples", uint32_array(samples));
  columns.set("split", copy_of("Uint8Array", splits));
  columns.set("final", copy_of("Uint8Array", finals));
  columns.set("loss", float64_array(loss));
  columns.set("accuracy", float64_array(accuracy));
  columns.set("mae", float64_array(mae));
  columns.set("mse", float64_array(mse));
  columns.set("rmse", float64_array(rmse));
  columns.set("rmsle", float64_array(rmsle));
  columns.set("r2", float64_array(r2));
  return columns;
}

namespace {

// The activation columns of one source (the training batch or a probe set) over records
// [first, end); `reading(record)` picks that source's activations out of a record.
template <typename Reading>
val activation_columns(const std::vector<ProbeRecord>& records, std::size_t first, const Network& network,
                       Reading&& reading) {
  val activations = val::array();
  if (first >= records.size()) return activations;
  const std::vector<ActivationProbe>& pattern = reading(records[first]).activations;
  for (std::size_t probe = 0; probe < pattern.size(); ++probe) {
    std::vector<double> percentiles, means, deviations, dead;
    for (std::size_t index = first; index < records.size(); ++index) {
      const ActivationProbe& entry = reading(records[index]).activations.at(probe);
      percentiles.insert(percentiles.end(), entry.percentiles.begin(), entry.percentiles.end());
      means.push_back(entry.mean);
      deviations.push_back(entry.std);
      dead.push_back(entry.dead_fraction);
    }
    const std::size_t layer_index = pattern[probe].layer_index;
    val column = val::object();
    column.set("layer", layer_index);
    column.set("kind", std::string(network.layer(layer_index).kind()));
    column.set("percentiles", float64_array(percentiles));
    column.set("mean", float64_array(means));
    column.set("std", float64_array(deviations));
    column.set("deadFraction", float64_array(dead));
    activations.call<void>("push", column);
  }
  return activations;
}

template <typename Reading>
val histogram_columns(const std::vector<ProbeRecord>& records, std::size_t first, Reading&& reading) {
  val histograms = val::array();
  if (first >= records.size()) return histograms;
  const std::vector<HistogramProbe>& pattern = reading(records[first]).histograms;
  for (std::size_t probe = 0; probe < pattern.size(); ++probe) {
    std::vector<std::uint32_t> counts;
    for (std::size_t index = first; index < records.size(); ++index) {
      const std::vector<std::uint32_t>& entry = reading(records[index]).histograms.at(probe).counts;
      counts.insert(counts.end(), entry.begin(), entry.end());
    }
    val column = val::object();
    column.set("layer", pattern[probe].layer_index);
    column.set("tensor", pattern[probe].tensor);
    column.set("lower", pattern[probe].lower);
    column.set("upper", pattern[probe].upper);
    column.set("bins", pattern[probe].counts.size() - 2);
    column.set("counts", uint32_array(counts));
    histograms.call<void>("push", column);
  }
  return histograms;
}

// Records × units, row-major.
val per_unit(const std::vector<ProbeRecord>& records, std::size_t first, std::size_t probe, bool gamma) {
  std::vector<double> values;
  for (std::size_t index = first; index < records.size(); ++index) {
    const BatchNormProbe& entry = records[index].batch_norms.at(probe);
    const std::vector<double>& units = gamma ? entry.gamma : entry.beta;
    values.insert(values.end(), units.begin(), units.end());
  }
  return float64_array(values);
}

}  // namespace

val probe_columns(const std::vector<ProbeRecord>& records, std::size_t first, const Network& network) {
  first = clamp_first(first, records.size());
  const std::size_t count = records.size() - first;
  std::vector<std::uint32_t> steps;
  for (std::size_t index = first; index < records.size(); ++index) {
    steps.push_back(static_cast<std::uint32_t>(records[index].step));
  }
  val columns = val::object();
  columns.set("step", uint32_array(steps));
  const auto train_batch = [](const ProbeRecord& record) -> const ProbeRecord& { return record; };
  val gradient_norms = val::object();
  val layer_gradient_norms = val::array();
  val batch_norms = val::array();
  val probe_sets = val::array();
  if (count > 0) {
    const ProbeRecord& pattern = records[first];

    for (std::size_t probe = 0; probe < pattern.gradients.size(); ++probe) {
      std::vector<double> norms;
      for (std::size_t index = first; index < records.size(); ++index) {
        norms.push_back(records[index].gradients.at(probe).norm);
      }
      gradient_norms.set(pattern.gradients[probe].parameter, float64_array(norms));
    }

    for (std::size_t probe = 0; probe < pattern.layer_gradients.size(); ++probe) {
      std::vector<double> norms;
      for (std::size_t index = first; index < records.size(); ++index) {
        norms.push_back(records[index].layer_gradients.at(probe).norm);
      }
      val column = val::object();
      column.set("layer", pattern.layer_gradients[probe].layer_index);
      column.set("norm", float64_array(norms));
      layer_gradient_norms.call<void>("push", column);
    }

    for (std::size_t probe = 0; probe < pattern.batch_norms.size(); ++probe) {
      std::vector<double> gamma_mean, gamma_min, gamma_max, beta_mean, beta_min, beta_max;
      for (std::size_t index = first; index < records.size(); ++index) {
        const BatchNormProbe& entry = records[index].batch_norms.at(probe);
        gamma_mean.push_back(entry.gamma_mean);
        gamma_min.push_back(entry.gamma_min);
        gamma_max.push_back(entry.gamma_max);
        beta_mean.push_back(entry.beta_mean);
        beta_min.push_back(entry.beta_min);
        beta_max.push_back(entry.beta_max);
      }
      val column = val::object();
      column.set("layer", pattern.batch_norms[probe].layer_index);
      column.set("gammaMean", float64_array(gamma_mean));
      column.set("gammaMin", float64_array(gamma_min));
      column.set("gammaMax", float64_array(gamma_max));
      column.set("betaMean", float64_array(beta_mean));
      column.set("betaMin", float64_array(beta_min));
      column.set("betaMax", float64_array(beta_max));
      column.set("units", pattern.batch_norms[probe].gamma.size());
      column.set("gamma", per_unit(records, first, probe, true));
      column.set("beta", per_unit(records, first, probe, false));
      batch_norms.call<void>("push", column);
    }

    for (std::size_t set = 0; set < pattern.probe_sets.size(); ++set) {
      const auto reading = [set](const ProbeRecord& record) -> const ProbeSetReading& {
        return record.probe_sets.at(set);
      };
      val column = val::object();
      column.set("split", static_cast<int>(pattern.probe_sets[set].split));
      column.set("samples", pattern.probe_sets[set].samples);
      column.set("activations", activation_columns(records, first, network, reading));
      column.set("histograms", histogram_columns(records, first, reading));
      probe_sets.call<void>("push", column);
    }
  }
  columns.set("activations", activation_columns(records, first, network, train_batch));
  columns.set("histograms", histogram_columns(records, first, train_batch));
  columns.set("gradientNorms", gradient_norms);
  columns.set("layerGradientNorms", layer_gradient_norms);
  columns.set("batchNorms", batch_norms);
  columns.set("probeSets", probe_sets);
  return columns;
}

val running_statistics_columns(const std::vector<RunningStatisticsRecord>& records, std::size_t first) {
  first = clamp_first(first, records.size());
  std::vector<std::uint32_t> steps;
  for (std::size_t index = first; index < records.size(); ++index) {
    steps.push_back(static_cast<std::uint32_t>(records[index].step));
  }
  val columns = val::object();
  columns.set("step", uint32_array(steps));
  val layers = val::array();
  if (first < records.size()) {
    const RunningStatisticsRecord& pattern = records[first];
    for (std::size_t layer = 0; layer < pattern.layers.size(); ++layer) {
      std::vector<double> running_mean, running_variance, population_mean, population_variance;
      for (std::size_t index = first; index < records.size(); ++index) {
        const RunningStatisticsProbe& entry = records[index].layers.at(layer);
        running_mean.insert(running_mean.end(), entry.running_mean.begin(), entry.running_mean.end());
        running_variance.insert(running_variance.end(), entry.running_variance.begin(), entry.running_variance.end());
        population_mean.insert(population_mean.end(), entry.population_mean.begin(), entry.population_mean.end());
        population_variance.insert(population_variance.end(), entry.population_variance.begin(),
                                   entry.population_variance.end());
      }
      val column = val::object();
      column.set("layer", pattern.layers[layer].layer_index);
      column.set("units", pattern.layers[layer].running_mean.size());
      column.set("runningMean", float64_array(running_mean));
      column.set("runningVariance", float64_array(running_variance));
      column.set("populationMean", float64_array(population_mean));
      column.set("populationVariance", float64_array(population_variance));
      layers.call<void>("push", column);
    }
  }
  columns.set("layers", layers);
  return columns;
}

val mode_gap_columns(const std::vector<ModeGapRecord>& records, std::size_t first) {
  first = clamp_first(first, records.size());
  std::vector<std::uint32_t> steps, samples;
  std::vector<std::uint8_t> splits;
  std::vector<double> eval_loss, eval_accuracy, train_loss, train_accuracy, one_loss, one_accuracy;
  for (std::size_t index = first; index < records.size(); ++index) {
    const ModeGapRecord& record = records[index];
    steps.push_back(static_cast<std::uint32_t>(record.step));
    samples.push_back(static_cast<std::uint32_t>(record.eval.samples));
    splits.push_back(static_cast<std::uint8_t>(record.eval.split));
    eval_loss.push_back(record.eval.loss);
    eval_accuracy.push_back(record.eval.accuracy);
    train_loss.push_back(record.train.loss);
    train_accuracy.push_back(record.train.accuracy);
    one_loss.push_back(record.batch_of_one.loss);
    one_accuracy.push_back(record.batch_of_one.accuracy);
  }
  val columns = val::object();
  columns.set("step", uint32_array(steps));
  columns.set("samples", uint32_array(samples));
  columns.set("split", copy_of("Uint8Array", splits));
  columns.set("evalLoss", float64_array(eval_loss));
  columns.set("evalAccuracy", float64_array(eval_accuracy));
  columns.set("trainLoss", float64_array(train_loss));
  columns.set("trainAccuracy", float64_array(train_accuracy));
  columns.set("batchOfOneLoss", float64_array(one_loss));
  columns.set("batchOfOneAccuracy", float64_array(one_accuracy));
  return columns;
}

val decision_grid_columns(const std::vector<DecisionGridRecord>& records, std::size_t first) {
  first = clamp_first(first, records.size());
  std::vector<std::uint32_t> steps;
  std::vector<float> eval, train;
  for (std::size_t index = first; index < records.size(); ++index) {
    steps.push_back(static_cast<std::uint32_t>(records[index].step));
    eval.insert(eval.end(), records[index].eval.begin(), records[index].eval.end());
    train.insert(train.end(), records[index].train.begin(), records[index].train.end());
  }
  val columns = val::object();
  columns.set("step", uint32_array(steps));
  if (first < records.size()) {
    const DecisionGridRecord& pattern = records[first];
    columns.set("size", pattern.size);
    columns.set("classes", pattern.classes);
    val x = val::array();
    x.call<void>("push", pattern.x_min);
    x.call<void>("push", pattern.x_max);
    val y = val::array();
    y.call<void>("push", pattern.y_min);
    y.call<void>("push", pattern.y_max);
    columns.set("x", x);
    columns.set("y", y);
  }
  columns.set("eval", copy_of("Float32Array", eval));
  columns.set("train", copy_of("Float32Array", train));
  return columns;
}

val confusion_columns(const std::vector<ConfusionRecord>& records, std::size_t first) {
  first = clamp_first(first, records.size());
  std::vector<std::uint32_t> steps, matrices;
  val misclassified = val::array();
  for (std::size_t index = first; index < records.size(); ++index) {
    steps.push_back(static_cast<std::uint32_t>(records[index].step));
    matrices.insert(matrices.end(), records[index].matrix.begin(), records[index].matrix.end());
    misclassified.call<void>("push", uint32_array(records[index].misclassified));
  }
  val columns = val::object();
  columns.set("step", uint32_array(steps));
  if (first < records.size()) {
    columns.set("classes", records[first].classes);
    columns.set("split", static_cast<int>(records[first].split));
  }
  columns.set("matrix", uint32_array(matrices));
  columns.set("misclassified", misclassified);
  return columns;
}

namespace {

val tensor_entry(const Tensor& tensor) {
  val shape = val::array();
  for (const std::size_t extent : tensor.shape()) shape.call<void>("push", extent);
  val entry = val::object();
  entry.set("shape", shape);
  const char* array_type = sizeof(Scalar) == 4 ? "Float32Array" : "Float64Array";
  entry.set("data", val::global(array_type).new_(typed_memory_view(tensor.size(), tensor.data())));
  return entry;
}

// A counter as a one-value Float64Array: exact up to 2^53 batches, where a Float32Array
// would round past 2^24.
val counter_entry(std::int64_t count) {
  val shape = val::array();
  shape.call<void>("push", 1);
  val data = val::global("Float64Array").new_(1);
  data.set(0, static_cast<double>(count));
  val entry = val::object();
  entry.set("shape", shape);
  entry.set("data", data);
  return entry;
}

}  // namespace

val sample_arrays(const Dataset& split, std::size_t first, std::size_t count) {
  const std::size_t total = split.size();
  first = clamp_first(first, total);
  count = count < total - first ? count : total - first;
  val shape = val::array();
  std::size_t values_per_sample = 1;
  if (total > 0) {
    for (const std::size_t extent : split.sample_shape()) {
      shape.call<void>("push", extent);
      values_per_sample *= extent;
    }
  }
  val samples = val::object();
  samples.set("total", total);
  samples.set("sampleShape", shape);
  const char* array_type = sizeof(Scalar) == 4 ? "Float32Array" : "Float64Array";
  const Scalar* inputs = total == 0 ? nullptr : split.inputs.data() + first * values_per_sample;
  samples.set("inputs", val::global(array_type).new_(typed_memory_view(count * values_per_sample, inputs)));
  std::vector<std::int32_t> labels;
  if (split.task == TaskKind::classification && !split.labels.empty()) {
    labels.assign(split.labels.begin() + static_cast<std::ptrdiff_t>(first),
                  split.labels.begin() + static_cast<std::ptrdiff_t>(first + count));
  }
  samples.set("labels", copy_of("Int32Array", labels));
  return samples;
}

val batch_norm_trace_object(const BatchNormTrace& trace) {
  val object = val::object();
  object.set("step", static_cast<double>(trace.step));
  object.set("layer", static_cast<double>(trace.layer_index));
  object.set("unit", static_cast<double>(trace.unit));
  object.set("samples", static_cast<double>(trace.samples));
  object.set("positions", static_cast<double>(trace.positions));
  object.set("inputs", float64_array(trace.inputs));
  object.set("normalized", float64_array(trace.normalized));
  object.set("outputs", float64_array(trace.outputs));
  object.set("mean", trace.mean);
  object.set("biasedVariance", trace.biased_variance);
  object.set("unbiasedVariance", trace.unbiased_variance);
  object.set("epsilon", trace.epsilon);
  object.set("gamma", trace.gamma);
  object.set("beta", trace.beta);
  object.set("tracksRunningStatistics", trace.tracks_running_statistics);
  object.set("momentum", trace.momentum);
  object.set("runningMeanBefore", trace.running_mean_before);
  object.set("runningMeanAfter", trace.running_mean_after);
  object.set("runningVarianceBefore", trace.running_variance_before);
  object.set("runningVarianceAfter", trace.running_variance_after);
  object.set("batchesTrackedBefore", static_cast<double>(trace.batches_tracked_before));
  return object;
}

val tensor_arrays(const Network& network) {
  val tensors = val::object();
  for (const NamedParameter& named : network.named_parameters()) {
    tensors.set(named.name, tensor_entry(*named.parameter.value));
  }
  for (const NamedBuffer& named : network.named_buffers()) {
    tensors.set(named.name, named.buffer.count != nullptr ? counter_entry(*named.buffer.count)
                                                          : tensor_entry(*named.buffer.value));
  }
  return tensors;
}

}  // namespace bnlab::bindings
