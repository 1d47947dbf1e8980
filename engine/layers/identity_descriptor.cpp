#include "layers/identity_descriptor.hpp"

#include "layers/identity.hpp"

namespace bnlab {

std::unique_ptr<Layer> LayerTraits<IdentityOptions>::make(const IdentityOptions&, const Shape& input, const LayerBuildContext&) {
  return std::make_unique<Identity>(input);
}

}  // namespace bnlab
