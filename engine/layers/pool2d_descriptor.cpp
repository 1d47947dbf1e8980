#include "layers/pool2d_descriptor.hpp"

#include "experiment/schema_builders.hpp"

namespace bnlab {

void Pool2dTraits::parse_window(JsonObjectReader& reader, PoolWindow& window) {
  // PyTorch's default: the stride is the kernel (non-overlapping windows).
  window.kernel = parse_extent(reader.require("kernel"), reader.path_of("kernel"), 1);
  window.stride = window.kernel;
  if (const Json* stride = reader.find("stride")) window.stride = parse_extent(*stride, reader.path_of("stride"), 1);
  if (const Json* padding = reader.find("padding")) window.padding = parse_extent(*padding, reader.path_of("padding"), 0);
  window.ceil_mode = reader.boolean("ceil_mode", window.ceil_mode);
}

void Pool2dTraits::write_window(const PoolWindow& window, Json& layer) {
  layer["kernel"] = extent_to_json(window.kernel);
  layer["stride"] = extent_to_json(window.stride);
  // Written only when not the default, so a model saved before these options existed reads
  // back and writes out exactly as before.
  if (!(window.padding == Extent2d{0, 0})) layer["padding"] = extent_to_json(window.padding);
  if (window.ceil_mode) layer["ceil_mode"] = true;
}

void Pool2dTraits::describe_schema(Json& properties, std::vector<std::string>& required) {
  properties["kernel"] = extent_schema(1);
  properties["stride"] = extent_schema(1);
  properties["padding"] = extent_schema(0);  // and at most half the kernel (checked with the shapes)
  properties["ceil_mode"] = schema::boolean(PoolWindow{}.ceil_mode);
  required.push_back("kernel");
}

Shape Pool2dTraits::window_output_shape(const char* kind, const PoolWindow& window, const Shape& input,
                                        std::size_t index) {
  return pool_layer_output_shape(kind, input, window, index);
}

}  // namespace bnlab
