#include "layers/conv2d_descriptor.hpp"

#include "core/errors.hpp"
#include "experiment/limits.hpp"
#include "experiment/schema_builders.hpp"
#include "layers/conv2d.hpp"
#include "layers/window.hpp"
#include "network/network.hpp"

namespace bnlab {

using Traits = LayerTraits<Conv2dOptions>;

Conv2dOptions Traits::parse(JsonObjectReader& reader) {
  Conv2dOptions options;
  options.channels = reader.required_count("channels", 1, limits::max_units);
  options.kernel = parse_extent(reader.require("kernel"), reader.path_of("kernel"), 1);
  if (const Json* stride = reader.find("stride")) options.stride = parse_extent(*stride, reader.path_of("stride"), 1);
  if (const Json* padding = reader.find("padding")) {
    options.padding = parse_extent(*padding, reader.path_of("padding"), 0);
  }
  options.bias = reader.boolean("bias", options.bias);
  if (const Json* init = reader.find("init")) options.init = parse_init(*init, reader.path_of("init"));
  return options;
}

void Traits::write_json(const Conv2dOptions& options, Json& layer) {
  layer["channels"] = options.channels;
  layer["kernel"] = extent_to_json(options.kernel);
  layer["stride"] = extent_to_json(options.stride);
  layer["padding"] = extent_to_json(options.padding);
  layer["bias"] = options.bias;
  if (options.init) layer["init"] = init_to_json(*options.init);
}

void Traits::describe_schema(Json& properties, std::vector<std::string>& required) {
  properties["channels"] = schema::integer(1, limits::max_units);
  properties["kernel"] = extent_schema(1);
  properties["stride"] = extent_schema(1);
  properties["padding"] = extent_schema(0);
  properties["bias"] = schema::boolean(Conv2dOptions{}.bias);
  properties["init"] = init_schema();
  required.insert(required.end(), {"channels", "kernel"});
}

Shape Traits::output_shape(const Conv2dOptions& options, const Shape& input, std::size_t index) {
  const Shape output = window_layer_output_shape(name, input, options.channels, options.kernel, options.stride,
                                                 options.padding, index);
  const std::uint64_t columns = working_values(options, input, output);
  if (columns > max_values_per_sample) {
    throw ConfigError(layer_path(index), "too_many_values_per_sample", Json{{"maximum", max_values_per_sample}},
                      "conv2d on input shape " + shape_to_string(input) + " needs " + std::to_string(columns) +
                          " values per sample for its columns, more than the limit of " +
                          std::to_string(max_values_per_sample));
  }
  return output;
}

std::uint64_t Traits::working_values(const Conv2dOptions& options, const Shape& input, const Shape& output) {
  return values_in({input[0], options.kernel.height, options.kernel.width, output[1], output[2]});
}

std::uint64_t Traits::parameter_count(const Conv2dOptions& options, const Shape& input) {
  const std::uint64_t in_channels = input.empty() ? 0 : input[0];
  return std::uint64_t{options.channels} * in_channels * options.kernel.height * options.kernel.width +
         (options.bias ? options.channels : 0);
}

std::unique_ptr<Layer> Traits::make(const Conv2dOptions& options, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<Conv2d>(input, options.channels, options.kernel, options.stride, options.padding,
                                  options.bias);
}

WeightsView Traits::weights_of(Layer& layer) {
  auto& conv = static_cast<Conv2d&>(layer);
  return {&conv.weight(), conv.has_bias() ? &conv.bias() : nullptr, static_cast<double>(conv.fan_in()),
          static_cast<double>(conv.fan_out())};
}

}  // namespace bnlab
