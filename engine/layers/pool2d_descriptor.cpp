#include "layers/pool2d_descriptor.hpp"

#include "layers/window.hpp"

namespace bnlab {

void Pool2dTraits::parse_window(JsonObjectReader& reader, Pool2dWindow& window) {
  // PyTorch's default: the stride is the kernel (non-overlapping windows).
  window.kernel = parse_extent(reader.require("kernel"), reader.path_of("kernel"), 1);
  window.stride = window.kernel;
  if (const Json* stride = reader.find("stride")) window.stride = parse_extent(*stride, reader.path_of("stride"), 1);
}

void Pool2dTraits::write_window(const Pool2dWindow& window, Json& layer) {
  layer["kernel"] = extent_to_json(window.kernel);
  layer["stride"] = extent_to_json(window.stride);
}

void Pool2dTraits::describe_schema(Json& properties, std::vector<std::string>& required) {
  properties["kernel"] = extent_schema(1);
  properties["stride"] = extent_schema(1);
  required.push_back("kernel");
}

Shape Pool2dTraits::window_output_shape(const char* kind, const Pool2dWindow& window, const Shape& input,
                                        std::size_t index) {
  return window_layer_output_shape(kind, input, input.empty() ? 0 : input[0], window.kernel, window.stride,
                                   {0, 0}, index);
}

}  // namespace bnlab
