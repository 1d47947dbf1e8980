#pragma once
// The identity layer's (empty) options and descriptor (identity.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

struct IdentityOptions {};

template <>
struct LayerTraits<IdentityOptions> : ShapePreservingTraits<IdentityOptions> {
  static constexpr const char* name = "identity";
  static std::unique_ptr<Layer> make(const IdentityOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
