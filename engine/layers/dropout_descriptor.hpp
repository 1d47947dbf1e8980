#pragma once
// The dropout layer's options and descriptor (dropout.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

struct DropoutOptions {
  double probability = 0.5;
};

template <>
struct LayerTraits<DropoutOptions> : LayerTraitsDefaults {
  static constexpr const char* name = "dropout";
  static DropoutOptions parse(JsonObjectReader& reader);
  static void write_json(const DropoutOptions& options, Json& layer) { layer["probability"] = options.probability; }
  static void describe_schema(Json& properties, std::vector<std::string>& required);
  static Shape output_shape(const DropoutOptions&, const Shape& input, std::size_t) { return input; }
  static std::uint64_t parameter_count(const DropoutOptions&, const Shape&) { return 0; }
  // The k-th dropout layer draws its masks from stream ("dropout", k) of the seed.
  static std::unique_ptr<Layer> make(const DropoutOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
