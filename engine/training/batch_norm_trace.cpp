#include "training/batch_norm_trace.hpp"

#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "layers/batch_norm.hpp"
#include "network/layer_state.hpp"

namespace bnlab {

namespace {

// The run's network, copied layer by layer (parameters and buffers), so that a train-mode
// forward on it moves no running estimate of the real one.
std::unique_ptr<Network> copy_of(Run& run) {
  auto copy = std::make_unique<Network>(run.network().spec(), run.experiment().seed);
  for (std::size_t index = 0; index < copy->layer_count(); ++index) {
    copy_layer_state(run.network().layer(index), copy->layer(index));
  }
  return copy;
}

}  // namespace

BatchNormTrace trace_batch_norm(Run& run, std::size_t layer_index, std::size_t unit) {
  if (run.status() != RunStatus::training) {
    throw UsageError("traceBatchNorm: the run has " + std::string(run.status() == RunStatus::diverged ? "diverged" : "finished") +
                     ", so there is no next mini-batch to trace");
  }
  Network& network = run.network();
  if (layer_index >= network.layer_count()) {
    throw UsageError("traceBatchNorm: layer " + std::to_string(layer_index) + " does not exist (model.layers has " +
                     std::to_string(network.layer_count()) + " layers)");
  }
  const auto* written = dynamic_cast<const BatchNorm*>(&network.layer(layer_index));
  if (written == nullptr) {
    throw UsageError("traceBatchNorm: model.layers[" + std::to_string(layer_index) + "] is a " +
                     network.layer(layer_index).kind() + " layer, not a batchnorm");
  }
  if (unit >= written->channels()) {
    throw UsageError("traceBatchNorm: unit " + std::to_string(unit) + " is beyond the layer's " +
                     std::to_string(written->channels()) + " units");
  }

  Batch batch;
  run.peek_next_batch(batch);
  std::unique_ptr<Network> copy = copy_of(run);
  auto& layer = static_cast<BatchNorm&>(copy->layer(layer_index));
  const BatchNormSpec& spec = layer.spec();

  BatchNormTrace trace;
  trace.step = run.steps_done() + 1;
  trace.layer_index = layer_index;
  trace.unit = unit;
  trace.epsilon = spec.epsilon;
  trace.tracks_running_statistics = spec.track_running_stats;
  trace.gamma = layer.gamma()(unit);
  trace.beta = layer.beta()(unit);
  trace.running_mean_before = layer.running_mean()(unit);
  trace.running_variance_before = layer.running_variance()(unit);
  trace.batches_tracked_before = layer.num_batches_tracked();

  const Tensor& input = copy->forward_prefix(batch.inputs, layer_index, Mode::train);
  const ChannelLayout layout = channel_layout_of(input, layer.output_shape());
  trace.samples = layout.samples;
  trace.positions = layout.positions;
  for (std::size_t sample = 0; sample < layout.samples; ++sample) {
    for (std::size_t position = 0; position < layout.positions; ++position) {
      trace.inputs.push_back(input.data()[(sample * layout.channels + unit) * layout.positions + position]);
    }
  }
  const Tensor& output = layer.forward(input, Mode::train);

  // The statistics as the lesson writes them, in double precision from the values shown.
  const auto count = static_cast<double>(trace.inputs.size());
  double sum = 0.0;
  for (const double value : trace.inputs) sum += value;
  trace.mean = sum / count;
  double squares = 0.0;
  for (const double value : trace.inputs) squares += (value - trace.mean) * (value - trace.mean);
  trace.biased_variance = squares / count;
  trace.unbiased_variance = count > 1 ? squares / (count - 1) : 0.0;
  const double inverse_std = 1.0 / std::sqrt(trace.biased_variance + trace.epsilon);
  for (std::size_t sample = 0; sample < layout.samples; ++sample) {
    for (std::size_t position = 0; position < layout.positions; ++position) {
      const std::size_t at = sample * layout.positions + position;
      trace.normalized.push_back((trace.inputs[at] - trace.mean) * inverse_std);
      trace.outputs.push_back(output.data()[(sample * layout.channels + unit) * layout.positions + position]);
    }
  }
  trace.momentum = spec.cumulative ? 1.0 / static_cast<double>(trace.batches_tracked_before + 1) : spec.momentum;
  trace.running_mean_after = layer.running_mean()(unit);
  trace.running_variance_after = layer.running_variance()(unit);
  return trace;
}

}  // namespace bnlab
