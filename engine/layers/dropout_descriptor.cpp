#include "layers/dropout_descriptor.hpp"

#include "experiment/schema_builders.hpp"
#include "layers/dropout.hpp"

namespace bnlab {

using Traits = LayerTraits<DropoutOptions>;

DropoutOptions Traits::parse(JsonObjectReader& reader) {
  DropoutOptions options;
  options.probability = reader.number("probability", options.probability, option_ranges::unit_interval);
  return options;
}

void Traits::describe_schema(Json& properties, std::vector<std::string>&) {
  properties["probability"] = schema::number(option_ranges::unit_interval, DropoutOptions{}.probability);
}

std::unique_ptr<Layer> Traits::make(const DropoutOptions& options, const Shape& input, const LayerBuildContext& context) {
  return std::make_unique<Dropout>(input, options.probability, Rng::for_purpose(context.seed, "dropout", context.ordinal));
}

}  // namespace bnlab
