#include "layers/leaky_relu_descriptor.hpp"

#include "experiment/schema_builders.hpp"
#include "layers/leaky_relu.hpp"

namespace bnlab {

using Traits = LayerTraits<LeakyReluOptions>;

LeakyReluOptions Traits::parse(JsonObjectReader& reader) {
  LeakyReluOptions options;
  options.negative_slope = reader.number("negative_slope", options.negative_slope, option_ranges::any_finite);
  return options;
}

void Traits::describe_schema(Json& properties, std::vector<std::string>&) {
  properties["negative_slope"] = schema::number(option_ranges::any_finite, LeakyReluOptions{}.negative_slope);
}

std::unique_ptr<Layer> Traits::make(const LeakyReluOptions& options, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<LeakyRelu>(input, options.negative_slope);
}

}  // namespace bnlab
