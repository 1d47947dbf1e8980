#include "activation_curves.hpp"

#include <vector>

#include "core/errors.hpp"
#include "experiment/experiment.hpp"
#include "network/activation_curve.hpp"
#include "outcome.hpp"

namespace bnlab::bindings {

emscripten::val activation_curve_json(const std::string& layer_text, const std::string& inputs_text) {
  return guarded([&] {
    const Json inputs = parse_json_text(inputs_text, "inputs");
    if (!inputs.is_array()) throw UsageError("activationCurve: the inputs must be an array of numbers");
    check_activation_curve_points(inputs.size());
    std::vector<double> grid;
    grid.reserve(inputs.size());
    for (const Json& value : inputs) {
      if (!value.is_number()) throw UsageError("activationCurve: the inputs must be an array of numbers");
      grid.push_back(value.get<double>());
    }
    const ActivationCurve curve = activation_curve(parse_json_text(layer_text, "layer"), grid);
    return emscripten::val(Json{{"values", curve.values}, {"derivatives", curve.derivatives}}.dump());
  });
}

}  // namespace bnlab::bindings
