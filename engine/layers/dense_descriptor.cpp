#include "layers/dense_descriptor.hpp"

#include "core/errors.hpp"
#include "experiment/limits.hpp"
#include "experiment/schema_builders.hpp"
#include "layers/dense.hpp"

namespace bnlab {

using Traits = LayerTraits<DenseOptions>;

DenseOptions Traits::parse(JsonObjectReader& reader) {
  DenseOptions options;
  options.units = reader.required_count("units", 1, limits::max_units);
  options.bias = reader.boolean("bias", options.bias);
  if (const Json* init = reader.find("init")) options.init = parse_init(*init, reader.path_of("init"));
  return options;
}

void Traits::write_json(const DenseOptions& options, Json& layer) {
  layer["units"] = options.units;
  layer["bias"] = options.bias;
  if (options.init) layer["init"] = init_to_json(*options.init);
}

void Traits::describe_schema(Json& properties, std::vector<std::string>& required) {
  properties["units"] = schema::integer(1, limits::max_units);
  properties["bias"] = schema::boolean(DenseOptions{}.bias);
  properties["init"] = init_schema();
  required.push_back("units");
}

Shape Traits::output_shape(const DenseOptions& options, const Shape& input, std::size_t index) {
  if (input.size() != 1) {
    throw ConfigError(layer_path(index), "dense_needs_flat_input", Json{{"got", shape_to_string(input)}},
                      "dense expects a flat vector of features per sample, got input shape " +
                          shape_to_string(input) + "; add a flatten layer before it");
  }
  return {options.units};
}

std::uint64_t Traits::parameter_count(const DenseOptions& options, const Shape& input) {
  return std::uint64_t{options.units} * values_in(input) + (options.bias ? options.units : 0);
}

std::unique_ptr<Layer> Traits::make(const DenseOptions& options, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<Dense>(input.at(0), options.units, options.bias);
}

WeightsView Traits::weights_of(Layer& layer) {
  auto& dense = static_cast<Dense&>(layer);
  return {&dense.weight(), dense.has_bias() ? &dense.bias() : nullptr,
          static_cast<double>(dense.input_features()), static_cast<double>(dense.units())};
}

}  // namespace bnlab
