#pragma once
// The layernorm layer's options and descriptor (layer_norm.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

// torch.nn.LayerNorm(normalized_shape = the input's per-sample shape, eps, elementwise_affine).
struct LayerNormOptions {
  double epsilon = 1e-5;
  bool affine = true;
};

template <>
struct LayerTraits<LayerNormOptions> : LayerTraitsDefaults {
  static constexpr const char* name = "layernorm";
  static LayerNormOptions parse(JsonObjectReader& reader);
  static void write_json(const LayerNormOptions& options, Json& layer);
  static void describe_schema(Json& properties, std::vector<std::string>& required);
  static Shape output_shape(const LayerNormOptions&, const Shape& input, std::size_t) { return input; }
  // γ and β, one per value of a sample (PyTorch's elementwise affine), when affine.
  static std::uint64_t parameter_count(const LayerNormOptions& options, const Shape& input) {
    return options.affine && !input.empty() ? 2 * values_in(input) : 0;
  }
  static std::unique_ptr<Layer> make(const LayerNormOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
