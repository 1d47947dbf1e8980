#include "layers/prelu_descriptor.hpp"

#include "experiment/schema_builders.hpp"
#include "layers/prelu.hpp"

namespace bnlab {

using Traits = LayerTraits<PreluOptions>;

PreluOptions Traits::parse(JsonObjectReader& reader) {
  PreluOptions options;
  options.initial_alpha = reader.number("initial_alpha", options.initial_alpha, option_ranges::any_finite);
  options.per_feature = reader.boolean("per_feature", options.per_feature);
  return options;
}

void Traits::write_json(const PreluOptions& options, Json& layer) {
  layer["initial_alpha"] = options.initial_alpha;
  layer["per_feature"] = options.per_feature;
}

void Traits::describe_schema(Json& properties, std::vector<std::string>&) {
  const PreluOptions defaults;
  properties["initial_alpha"] = schema::number(option_ranges::any_finite, defaults.initial_alpha);
  properties["per_feature"] = schema::boolean(defaults.per_feature);
}

std::unique_ptr<Layer> Traits::make(const PreluOptions& options, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<Prelu>(input, options.initial_alpha, options.per_feature);
}

}  // namespace bnlab
