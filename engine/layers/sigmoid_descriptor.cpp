#include "layers/sigmoid_descriptor.hpp"

#include "layers/sigmoid.hpp"

namespace bnlab {

std::unique_ptr<Layer> LayerTraits<SigmoidOptions>::make(const SigmoidOptions&, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<Sigmoid>(input);
}

}  // namespace bnlab
