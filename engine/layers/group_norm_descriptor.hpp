#pragma once
// The groupnorm layer's options and descriptor (group_norm.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

// torch.nn.GroupNorm(num_groups, num_channels = the input's dimension 1, eps, affine).
struct GroupNormOptions {
  std::size_t groups = 1;  // required in the experiment file; must divide the channel count
  double epsilon = 1e-5;
  bool affine = true;
};

template <>
struct LayerTraits<GroupNormOptions> : LayerTraitsDefaults {
  static constexpr const char* name = "groupnorm";
  static GroupNormOptions parse(JsonObjectReader& reader);
  static void write_json(const GroupNormOptions& options, Json& layer);
  static void describe_schema(Json& properties, std::vector<std::string>& required);
  // The input's shape, or ConfigError "groups_not_dividing_channels" at model.layers[i].groups.
  static Shape output_shape(const GroupNormOptions& options, const Shape& input, std::size_t index);
  // γ and β, one per channel (per feature for flat input), when affine.
  static std::uint64_t parameter_count(const GroupNormOptions& options, const Shape& input) {
    return options.affine && !input.empty() ? 2 * std::uint64_t{input[0]} : 0;
  }
  static std::unique_ptr<Layer> make(const GroupNormOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
