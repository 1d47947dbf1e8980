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

// Square kernel, stride and padding, as the experiment file's single-number form.
inline LayerSpec conv_layer(std::size_t channels, std::size_t kernel, std::size_t stride = 1,
                            std::size_t padding = 0, bool bias = true) {
  LayerSpec spec;
  spec.kind = LayerKind::conv2d;
  spec.channels = channels;
  spec.kernel = {kernel, kernel};
  spec.stride = {stride, stride};
  spec.padding = {padding, padding};
  spec.bias = bias;
  return spec;
}

// maxpool2d or avgpool2d; the stride defaults to the kernel, as in the experiment file.
inline LayerSpec pool_layer(LayerKind kind, std::size_t kernel, std::size_t stride = 0) {
  LayerSpec spec;
  spec.kind = kind;
  spec.kernel = {kernel, kernel};
  spec.stride = {stride == 0 ? kernel : stride, stride == 0 ? kernel : stride};
  return spec;
}

inline LayerSpec layer_of_kind(LayerKind kind) {
  LayerSpec spec;
  spec.kind = kind;
  return spec;
}

}  // namespace bnlab::testing
