#pragma once
// The leaky_relu layer's options and descriptor (leaky_relu.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

struct LeakyReluOptions {
  double negative_slope = 0.01;
};

template <>
struct LayerTraits<LeakyReluOptions> : ShapePreservingTraits<LeakyReluOptions> {
  static constexpr const char* name = "leaky_relu";
  static constexpr bool activation = true;
  static LeakyReluOptions parse(JsonObjectReader& reader);
  static void write_json(const LeakyReluOptions& options, Json& layer) { layer["negative_slope"] = options.negative_slope; }
  static void describe_schema(Json& properties, std::vector<std::string>& required);
  static std::unique_ptr<Layer> make(const LeakyReluOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
