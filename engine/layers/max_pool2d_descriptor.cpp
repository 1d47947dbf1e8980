#include "layers/max_pool2d_descriptor.hpp"

#include "layers/max_pool2d.hpp"

namespace bnlab {

using Traits = LayerTraits<MaxPool2dOptions>;

MaxPool2dOptions Traits::parse(JsonObjectReader& reader) {
  MaxPool2dOptions options;
  parse_window(reader, options);
  return options;
}

std::unique_ptr<Layer> Traits::make(const MaxPool2dOptions& options, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<MaxPool2d>(input, options);
}

}  // namespace bnlab
