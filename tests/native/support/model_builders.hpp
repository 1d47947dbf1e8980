#pragma once
// Small helpers to write layer lists in tests.

#include "layers/layer_spec.hpp"

namespace bnlab::testing {

inline LayerSpec dense_layer(std::size_t units, bool bias = true) {
  DenseOptions options;
  options.units = units;
  options.bias = bias;
  return options;
}

// Square kernel, stride and padding, as the experiment file's single-number form.
inline LayerSpec conv_layer(std::size_t channels, std::size_t kernel, std::size_t stride = 1,
                            std::size_t padding = 0, bool bias = true) {
  Conv2dOptions options;
  options.channels = channels;
  options.kernel = {kernel, kernel};
  options.stride = {stride, stride};
  options.padding = {padding, padding};
  options.bias = bias;
  return options;
}

// MaxPool2dOptions or AvgPool2dOptions; the stride defaults to the kernel, as in the
// experiment file.
template <typename PoolOptions>
LayerSpec pool_layer(std::size_t kernel, std::size_t stride = 0) {
  PoolOptions options;
  options.kernel = {kernel, kernel};
  options.stride = {stride == 0 ? kernel : stride, stride == 0 ? kernel : stride};
  return options;
}

// A layer of the given kind with its default options.
template <typename Options>
LayerSpec layer_of() {
  return Options{};
}

}  // namespace bnlab::testing
