#pragma once
// The avgpool2d layer's options and descriptor (avg_pool2d.hpp is the layer itself).

#include "layers/pool2d_descriptor.hpp"

namespace bnlab {

struct AvgPool2dOptions : PoolWindow {
  // Divide by the window's cells within input + padding (PyTorch's default), or by its real
  // inputs only.
  bool count_include_pad = true;
};

template <>
struct LayerTraits<AvgPool2dOptions> : Pool2dTraits {
  static constexpr const char* name = "avgpool2d";
  static AvgPool2dOptions parse(JsonObjectReader& reader);
  static void write_json(const AvgPool2dOptions& options, Json& layer);
  static void describe_schema(Json& properties, std::vector<std::string>& required);
  static Shape output_shape(const AvgPool2dOptions& options, const Shape& input, std::size_t index) {
    return window_output_shape(name, options, input, index);
  }
  static std::unique_ptr<Layer> make(const AvgPool2dOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
