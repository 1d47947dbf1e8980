#include "layers/group_norm_descriptor.hpp"

#include "core/errors.hpp"
#include "experiment/limits.hpp"
#include "experiment/schema_builders.hpp"
#include "layers/group_norm.hpp"

namespace bnlab {

using Traits = LayerTraits<GroupNormOptions>;

GroupNormOptions Traits::parse(JsonObjectReader& reader) {
  GroupNormOptions options;
  options.groups = reader.required_count("groups", 1, limits::max_units);
  options.epsilon = reader.number("epsilon", options.epsilon, option_ranges::positive_number);
  options.affine = reader.boolean("affine", options.affine);
  return options;
}

void Traits::write_json(const GroupNormOptions& options, Json& layer) {
  layer["groups"] = options.groups;
  layer["epsilon"] = options.epsilon;
  layer["affine"] = options.affine;
}

void Traits::describe_schema(Json& properties, std::vector<std::string>& required) {
  const GroupNormOptions defaults;
  properties["groups"] = schema::integer(1, limits::max_units);
  properties["epsilon"] = schema::number(option_ranges::positive_number, defaults.epsilon);
  properties["affine"] = schema::boolean(defaults.affine);
  required.push_back("groups");
}

Shape Traits::output_shape(const GroupNormOptions& options, const Shape& input, std::size_t index) {
  // The parser cannot see the channel count: it is the shape the layers before produce.
  const std::size_t channels = input.empty() ? 0 : input[0];
  if (channels == 0 || channels % options.groups != 0) {
    throw ConfigError(layer_path(index) + ".groups", "groups_not_dividing_channels",
                      Json{{"groups", options.groups}, {"channels", channels}},
                      "expected a number of groups that divides the input's " + std::to_string(channels) +
                          " channels (input shape " + shape_to_string(input) + "), got " +
                          std::to_string(options.groups));
  }
  return input;
}

std::unique_ptr<Layer> Traits::make(const GroupNormOptions& options, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<GroupNorm>(input, options);
}

}  // namespace bnlab
