#include "layers/relu_descriptor.hpp"

#include "layers/relu.hpp"

namespace bnlab {

std::unique_ptr<Layer> LayerTraits<ReluOptions>::make(const ReluOptions&, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<Relu>(input);
}

}  // namespace bnlab
