#pragma once
// The relu layer's (empty) options and descriptor (relu.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

struct ReluOptions {};

template <>
struct LayerTraits<ReluOptions> : ShapePreservingTraits<ReluOptions> {
  static constexpr const char* name = "relu";
  static constexpr bool activation = true;
  static std::unique_ptr<Layer> make(const ReluOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
