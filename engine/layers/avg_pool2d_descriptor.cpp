#include "layers/avg_pool2d_descriptor.hpp"

#include "experiment/schema_builders.hpp"
#include "layers/avg_pool2d.hpp"

namespace bnlab {

using Traits = LayerTraits<AvgPool2dOptions>;

AvgPool2dOptions Traits::parse(JsonObjectReader& reader) {
  AvgPool2dOptions options;
  parse_window(reader, options);
  options.count_include_pad = reader.boolean("count_include_pad", options.count_include_pad);
  return options;
}

void Traits::write_json(const AvgPool2dOptions& options, Json& layer) {
  write_window(options, layer);
  if (!options.count_include_pad) layer["count_include_pad"] = false;  // only when not the default
}

void Traits::describe_schema(Json& properties, std::vector<std::string>& required) {
  Pool2dTraits::describe_schema(properties, required);
  properties["count_include_pad"] = schema::boolean(AvgPool2dOptions{}.count_include_pad);
}

std::unique_ptr<Layer> Traits::make(const AvgPool2dOptions& options, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<AvgPool2d>(input, options, options.count_include_pad);
}

}  // namespace bnlab
