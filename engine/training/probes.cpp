#include "training/probes.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "layers/batch_norm.hpp"

namespace bnlab {

std::vector<double> percentiles_of(std::vector<double>& values, const std::vector<double>& percents) {
  std::vector<double> result;
  if (values.empty()) return result;
  std::sort(values.begin(), values.end());
  for (const double percent : percents) {
    const double rank = percent / 100.0 * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(rank));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double weight = rank - static_cast<double>(below);
    result.push_back(values[below] + weight * (values[above] - values[below]));
  }
  return result;
}

namespace {

// Values of the watched unit (or of every unit) of a (N, C, ...) tensor.
std::vector<double> watched_values(const Tensor& input, const std::optional<std::size_t>& unit) {
  std::vector<double> values;
  if (!unit) {
    values.assign(input.begin(), input.end());
    return values;
  }
  const std::size_t samples = input.shape()[0];
  const std::size_t channels = input.shape()[1];
  const std::size_t positions = input.size() / (samples * channels);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    const Scalar* first = input.data() + (sample * channels + *unit) * positions;
    values.insert(values.end(), first, first + positions);
  }
  return values;
}

ActivationProbe probe_activation(const Tensor& input, std::size_t layer_index, const ProbeSpec& spec) {
  std::vector<double> values = watched_values(input, spec.unit);
  double sum = 0.0;
  for (const double value : values) sum += value;
  const double mean = sum / static_cast<double>(values.size());
  double squares = 0.0;
  for (const double value : values) squares += (value - mean) * (value - mean);
  ActivationProbe probe{layer_index, {}, mean, std::sqrt(squares / static_cast<double>(values.size()))};
  probe.percentiles = percentiles_of(values, spec.percentiles);
  return probe;
}

void summarize(const Tensor& tensor, double& mean, double& minimum, double& maximum) {
  double sum = 0.0;
  minimum = tensor.size() ? tensor.data()[0] : 0.0;
  maximum = minimum;
  for (const Scalar value : tensor) {
    sum += value;
    minimum = std::min<double>(minimum, value);
    maximum = std::max<double>(maximum, value);
  }
  mean = tensor.size() ? sum / static_cast<double>(tensor.size()) : 0.0;
}

}  // namespace

void check_probe_spec(const Network& network, const ProbeSpec& spec) {
  if (spec.every == 0 || !spec.unit) return;
  for (std::size_t index = 0; index < network.layer_count(); ++index) {
    if (!network.layer(index).is_activation()) continue;
    const std::size_t width = index == 0 ? network.spec().input_shape[0]
                                         : network.layer(index - 1).output_shape()[0];
    if (*spec.unit >= width) {
      throw ConfigError("probes.unit", "unit_out_of_range", Json{{"width", width}, {"layer", index}, {"got", *spec.unit}},
                        "expected a unit index below " + std::to_string(width) +
                                           " (the width of the input of model.layers[" +
                                           std::to_string(index) + "]), got " +
                                           std::to_string(*spec.unit));
    }
  }
}

ProbeRecord read_probes(const Network& network, const ProbeSpec& spec, std::size_t step) {
  ProbeRecord record{step, {}, {}, {}};
  for (std::size_t index = 0; index < network.layer_count(); ++index) {
    const Layer& layer = network.layer(index);
    if (layer.is_activation()) {
      record.activations.push_back(probe_activation(network.layer_input(index), index, spec));
    }
    const auto* batch_norm = dynamic_cast<const BatchNorm*>(&layer);
    if (spec.batch_norm && batch_norm != nullptr) {
      BatchNormProbe probe{index, 0, 0, 0, 0, 0, 0};
      summarize(batch_norm->gamma(), probe.gamma_mean, probe.gamma_min, probe.gamma_max);
      summarize(batch_norm->beta(), probe.beta_mean, probe.beta_min, probe.beta_max);
      record.batch_norms.push_back(probe);
    }
  }
  if (spec.gradients) {
    for (const NamedParameter& named : network.named_parameters()) {
      double squares = 0.0;
      for (const Scalar value : *named.parameter.gradient) squares += double(value) * value;
      record.gradients.push_back({named.name, std::sqrt(squares)});
    }
  }
  return record;
}

}  // namespace bnlab
