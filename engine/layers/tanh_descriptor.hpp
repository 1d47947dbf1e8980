#pragma once
// The tanh layer's (empty) options and descriptor (tanh.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

struct TanhOptions {};

template <>
struct LayerTraits<TanhOptions> : ShapePreservingTraits<TanhOptions> {
  static constexpr const char* name = "tanh";
  static constexpr bool activation = true;
  static std::unique_ptr<Layer> make(const TanhOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
