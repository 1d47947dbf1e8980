#include "network/activation_curve.hpp"

#include <cmath>
#include <memory>
#include <string>

#include "core/tensor.hpp"
#include "experiment/experiment.hpp"
#include "layers/layer.hpp"
#include "layers/layer_spec.hpp"

namespace bnlab {

void check_activation_curve_points(std::size_t points) {
  if (points > max_activation_curve_points) {
    throw UsageError("activationCurve: " + std::to_string(points) + " inputs, at most " +
                     std::to_string(max_activation_curve_points) + " are plotted");
  }
}

ActivationCurve activation_curve(const Json& layer, const std::vector<double>& inputs) {
  // Through the model parser, so the entry means what it means in an experiment file.
  const std::vector<LayerSpec> specs = parse_layers(Json::array({layer}), "layer");
  const LayerSpec& spec = specs.front();
  if (!is_activation(spec)) {
    throw UsageError(std::string("activationCurve: a ") + layer_name(spec) + " layer is not an element-wise activation");
  }
  if (inputs.empty()) throw UsageError("activationCurve: the grid of inputs is empty");
  check_activation_curve_points(inputs.size());
  for (double x : inputs) {
    if (!std::isfinite(x)) throw UsageError("activationCurve: every input must be a finite number");
  }
  // One feature per sample, one sample per grid point: an element-wise layer treats them alike.
  const Shape sample{1};
  const std::unique_ptr<Layer> built = visit_layer(spec, [&](const auto& options, auto traits) {
    return decltype(traits)::make(options, sample, LayerBuildContext{});
  });
  Tensor batch = xt::zeros<Scalar>(Shape{inputs.size(), 1});
  for (std::size_t index = 0; index < inputs.size(); ++index) batch(index, 0) = static_cast<Scalar>(inputs[index]);

  ActivationCurve curve;
  curve.values.reserve(inputs.size());
  curve.derivatives.reserve(inputs.size());
  // Train mode caches what backward needs; an activation computes the same f(x) in both modes.
  const Tensor& output = built->forward(batch, Mode::train);
  for (std::size_t index = 0; index < inputs.size(); ++index) curve.values.push_back(static_cast<double>(output(index, 0)));
  const Tensor ones = xt::ones<Scalar>(Shape{inputs.size(), 1});
  const Tensor& gradient = built->backward(ones);
  for (std::size_t index = 0; index < inputs.size(); ++index) curve.derivatives.push_back(static_cast<double>(gradient(index, 0)));
  return curve;
}

}  // namespace bnlab
