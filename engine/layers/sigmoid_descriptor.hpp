#pragma once
// The sigmoid layer's (empty) options and descriptor (sigmoid.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

struct SigmoidOptions {};

template <>
struct LayerTraits<SigmoidOptions> : ShapePreservingTraits<SigmoidOptions> {
  static constexpr const char* name = "sigmoid";
  static constexpr bool activation = true;
  static std::unique_ptr<Layer> make(const SigmoidOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
