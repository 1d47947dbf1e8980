#pragma once
// The prelu layer's options and descriptor (prelu.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

struct PreluOptions {
  double initial_alpha = 0.25;
  bool per_feature = false;  // one α per feature/channel instead of one shared α
};

template <>
struct LayerTraits<PreluOptions> : ShapePreservingTraits<PreluOptions> {
  static constexpr const char* name = "prelu";
  static constexpr bool activation = true;
  static PreluOptions parse(JsonObjectReader& reader);
  static void write_json(const PreluOptions& options, Json& layer);
  static void describe_schema(Json& properties, std::vector<std::string>& required);
  static std::uint64_t parameter_count(const PreluOptions& options, const Shape& input) {
    return options.per_feature ? (input.empty() ? 0 : input[0]) : 1;
  }
  static std::unique_ptr<Layer> make(const PreluOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
