#include "layers/avg_pool2d_descriptor.hpp"

#include "layers/avg_pool2d.hpp"

namespace bnlab {

using Traits = LayerTraits<AvgPool2dOptions>;

AvgPool2dOptions Traits::parse(JsonObjectReader& reader) {
  AvgPool2dOptions options;
  parse_window(reader, options);
  return options;
}

std::unique_ptr<Layer> Traits::make(const AvgPool2dOptions& options, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<AvgPool2d>(input, options.kernel, options.stride);
}

}  // namespace bnlab
