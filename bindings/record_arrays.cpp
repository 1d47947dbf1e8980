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

val probe_columns(const std::vector<ProbeRecord>& records, std::size_t first, const Network& network) {
  first = clamp_first(first, records.size());
  const std::size_t count = records.size() - first;
  std::vector<std::uint32_t> steps;
  for (std::size_t index = first; index < records.size(); ++index) {
    steps.push_back(static_cast<std::uint32_t>(records[index].step));
  }
  val columns = val::object();
  columns.set("step", uint32_array(steps));
  val activations = val::array();
  val gradient_norms = val::object();
  val batch_norms = val::array();
  if (count > 0) {
    const ProbeRecord& pattern = records[first];

    for (std::size_t probe = 0; probe < pattern.activations.size(); ++probe) {
      std::vector<double> percentiles, means, deviations;
      for (std::size_t index = first; index < records.size(); ++index) {
        const ActivationProbe& entry = records[index].activations.at(probe);
        percentiles.insert(percentiles.end(), entry.percentiles.begin(), entry.percentiles.end());
        means.push_back(entry.mean);
        deviations.push_back(entry.std);
      }
      const std::size_t layer_index = pattern.activations[probe].layer_index;
      val column = val::object();
      column.set("layer", layer_index);
      column.set("kind", std::string(network.layer(layer_index).kind()));
      column.set("percentiles", float64_array(percentiles));
      column.set("mean", float64_array(means));
      column.set("std", float64_array(deviations));
      activations.call<void>("push", column);
    }

    for (std::size_t probe = 0; probe < pattern.gradients.size(); ++probe) {
      std::vector<double> norms;
      for (std::size_t index = first; index < records.size(); ++index) {
        norms.push_back(records[index].gradients.at(probe).norm);
      }
      gradient_norms.set(pattern.gradients[probe].parameter, float64_array(norms));
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
      batch_norms.call<void>("push", column);
    }
  }
  columns.set("activations", activations);
  columns.set("gradientNorms", gradient_norms);
  columns.set("batchNorms", batch_norms);
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

}  // namespace

val tensor_arrays(const Network& network) {
  val tensors = val::object();
  for (const NamedParameter& named : network.named_parameters()) {
    tensors.set(named.name, tensor_entry(*named.parameter.value));
  }
  for (const NamedBuffer& named : network.named_buffers()) {
    tensors.set(named.name, tensor_entry(*named.buffer.value));
  }
  return tensors;
}

}  // namespace bnlab::bindings
