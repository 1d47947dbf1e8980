#include "layers/layer_norm_descriptor.hpp"

#include "experiment/schema_builders.hpp"
#include "layers/layer_norm.hpp"

namespace bnlab {

using Traits = LayerTraits<LayerNormOptions>;

LayerNormOptions Traits::parse(JsonObjectReader& reader) {
  LayerNormOptions options;
  options.epsilon = reader.number("epsilon", options.epsilon, option_ranges::positive_number);
  options.affine = reader.boolean("affine", options.affine);
  return options;
}

void Traits::write_json(const LayerNormOptions& options, Json& layer) {
  layer["epsilon"] = options.epsilon;
  layer["affine"] = options.affine;
}

void Traits::describe_schema(Json& properties, std::vector<std::string>&) {
  const LayerNormOptions defaults;
  properties["epsilon"] = schema::number(option_ranges::positive_number, defaults.epsilon);
  properties["affine"] = schema::boolean(defaults.affine);
}

std::unique_ptr<Layer> Traits::make(const LayerNormOptions& options, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<LayerNorm>(input, options);
}

}  // namespace bnlab
