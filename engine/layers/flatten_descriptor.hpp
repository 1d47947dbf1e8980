#pragma once
// The flatten layer's (empty) options and descriptor (flatten.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

struct FlattenOptions {};

template <>
struct LayerTraits<FlattenOptions> : LayerTraitsDefaults {
  static constexpr const char* name = "flatten";
  static FlattenOptions parse(JsonObjectReader&) { return {}; }
  static void write_json(const FlattenOptions&, Json&) {}
  static void describe_schema(Json&, std::vector<std::string>&) {}
  static std::uint64_t parameter_count(const FlattenOptions&, const Shape&) { return 0; }
  static Shape output_shape(const FlattenOptions&, const Shape& input, std::size_t) { return {element_count(input)}; }
  static std::unique_ptr<Layer> make(const FlattenOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
