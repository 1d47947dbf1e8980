#include "layers/batch_norm_descriptor.hpp"

#include "experiment/schema_builders.hpp"
#include "layers/batch_norm.hpp"

namespace bnlab {

using Traits = LayerTraits<BatchNormOptions>;

BatchNormOptions Traits::parse(JsonObjectReader& reader) {
  BatchNormOptions options;
  if (const Json* momentum = reader.find("momentum")) {
    if (momentum->is_string() && momentum->get<std::string>() == "cumulative") {
      options.cumulative = true;
    } else if (momentum->is_number()) {
      options.momentum = read_number(*momentum, reader.path_of("momentum"), option_ranges::unit_interval);
    } else {
      throw_expected(reader.path_of("momentum"), "expected_momentum", "a number in [0, 1] or \"cumulative\"",
                     *momentum);
    }
  }
  options.epsilon = reader.number("epsilon", options.epsilon, option_ranges::positive_number);
  options.affine = reader.boolean("affine", options.affine);
  options.track_running_stats = reader.boolean("track_running_stats", options.track_running_stats);
  return options;
}

void Traits::write_json(const BatchNormOptions& options, Json& layer) {
  if (options.cumulative) {
    layer["momentum"] = "cumulative";
  } else {
    layer["momentum"] = options.momentum;
  }
  layer["epsilon"] = options.epsilon;
  layer["affine"] = options.affine;
  layer["track_running_stats"] = options.track_running_stats;
}

void Traits::describe_schema(Json& properties, std::vector<std::string>&) {
  const BatchNormOptions defaults;
  properties["momentum"] = {{"oneOf", {schema::number(option_ranges::unit_interval), schema::constant("cumulative")}},
                            {"default", defaults.momentum}};
  properties["epsilon"] = schema::number(option_ranges::positive_number, defaults.epsilon);
  properties["affine"] = schema::boolean(defaults.affine);
  properties["track_running_stats"] = schema::boolean(defaults.track_running_stats);
}

std::unique_ptr<Layer> Traits::make(const BatchNormOptions& options, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<BatchNorm>(input, options);
}

}  // namespace bnlab
