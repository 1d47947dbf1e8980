#pragma once
// The maxpool2d layer's options and descriptor (max_pool2d.hpp is the layer itself).

#include "layers/pool2d_descriptor.hpp"

namespace bnlab {

struct MaxPool2dOptions : PoolWindow {};

template <>
struct LayerTraits<MaxPool2dOptions> : Pool2dTraits {
  static constexpr const char* name = "maxpool2d";
  static MaxPool2dOptions parse(JsonObjectReader& reader);
  static void write_json(const MaxPool2dOptions& options, Json& layer) { write_window(options, layer); }
  static Shape output_shape(const MaxPool2dOptions& options, const Shape& input, std::size_t index) {
    return window_output_shape(name, options, input, index);
  }
  static std::unique_ptr<Layer> make(const MaxPool2dOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
