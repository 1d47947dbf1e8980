#pragma once
// engine.activationCurve: an activation layer's values and derivatives on a grid of inputs,
// computed by the engine's own layer (engine/network/activation_curve.hpp).

#include <string>

#include <emscripten/val.h>

namespace bnlab::bindings {

// An outcome whose value is JSON text {values: [...], derivatives: [...]}; `layer_text` is one
// model.layers entry, `inputs_text` a JSON array of numbers.
emscripten::val activation_curve_json(const std::string& layer_text, const std::string& inputs_text);

}  // namespace bnlab::bindings
