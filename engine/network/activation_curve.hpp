#pragma once
// An activation layer's curve: its own forward pass (eval mode) and backward pass (the
// derivative, from an upstream gradient of 1 at every point) on a grid of inputs, one value per
// point, for the page's "activations and their derivatives" view. The layer is built from one
// model.layers entry ({"type": "prelu", "initial_alpha": 0.25}, say), exactly as a network
// would build it, so the page plots the engine's functions, not JavaScript formulas.

#include <cstddef>
#include <vector>

#include "core/errors.hpp"

namespace bnlab {

// A curve is for plotting: a grid of more points than this is refused (a UsageError), so a
// caller's mistake cannot ask for gigabytes.
constexpr std::size_t max_activation_curve_points = 100000;

struct ActivationCurve {
  std::vector<double> values;       // f(x) at each x
  std::vector<double> derivatives;  // f'(x) at each x (the layer's backward)
};

// ConfigError at `layer` (its path) for an entry the parser refuses; UsageError for a layer
// that is not an element-wise activation (dense, batchnorm, ...), or an empty, too large or
// non-finite grid.
ActivationCurve activation_curve(const Json& layer, const std::vector<double>& inputs);

// The UsageError above for more than max_activation_curve_points inputs; callers that hold the
// grid in another form check before converting it.
void check_activation_curve_points(std::size_t points);

}  // namespace bnlab
