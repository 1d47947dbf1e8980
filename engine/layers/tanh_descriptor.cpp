#include "layers/tanh_descriptor.hpp"

#include "layers/tanh.hpp"

namespace bnlab {

std::unique_ptr<Layer> LayerTraits<TanhOptions>::make(const TanhOptions&, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<Tanh>(input);
}

}  // namespace bnlab
