#include "layers/flatten_descriptor.hpp"

#include "layers/flatten.hpp"

namespace bnlab {

std::unique_ptr<Layer> LayerTraits<FlattenOptions>::make(const FlattenOptions&, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<Flatten>(input);
}

}  // namespace bnlab
