#pragma once
// Small helpers to write layer lists in tests.

#include "layers/layer_spec.hpp"

namespace bnlab::testing {

inline LayerSpec dense_layer(std::size_t units, bool bias = true) {
  LayerSpec spec;
  spec.kind = LayerKind::dense;
  spec.units = units;
  spec.bias = bias;
  return spec;
}

inline LayerSpec layer_of_kind(LayerKind kind) {
  LayerSpec spec;
  spec.kind = kind;
  return spec;
}

}  // namespace bnlab::testing
