#pragma once
// What a layer kind is, in one place: LayerTraits<Options> is specialized once per layer, in
// the layer's *_descriptor.hpp (declarations) and *_descriptor.cpp (definitions). The list of
// kinds is the LayerOptions variant in layer_registry.hpp; everything outside engine/layers/
// reaches a kind only through these traits (layer_spec.hpp's helpers), so adding a kind
// cannot leave a switch somewhere behind.
//
// Every specialization provides
//   static constexpr const char* name;                        "dense", the experiment file's type
//   static Options parse(JsonObjectReader& reader);           reads the object's other keys
//   static void write_json(const Options&, Json& layer);      the keys parse reads back
//   static void describe_schema(Json& properties, std::vector<std::string>& required);
//   static Shape output_shape(const Options&, const Shape& input, std::size_t index);
//                                                             or ConfigError at layer_path(index)
//   static std::uint64_t parameter_count(const Options&, const Shape& input);
//   static std::unique_ptr<Layer> make(const Options&, const Shape& input, const LayerBuildContext&);
// and may override the defaults of LayerTraitsDefaults below.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "experiment/json_reader.hpp"
#include "layers/option_fields.hpp"

namespace bnlab {

class Layer;

template <typename Options>
struct LayerTraits;  // specialized beside each layer

// What building one layer may depend on besides its options and input shape: the experiment
// seed and the layer's position among the layers of its own kind (the k-th dropout draws mask
// stream k, the k-th dense layer initial weights stream k), so removing the BatchNorm layers
// of a model shifts no other layer's random numbers.
struct LayerBuildContext {
  std::uint64_t seed = 0;
  std::size_t ordinal = 0;
};

// The weight (rows = output units or channels) and optional bias of a layer that has them,
// with the fans its initialization schemes use.
struct WeightsView {
  Tensor* weight = nullptr;
  Tensor* bias = nullptr;  // nullptr without bias
  double fan_in = 0;
  double fan_out = 0;
};

// "model.layers[3]": where a layer's shape errors point.
inline std::string layer_path(std::size_t index) { return "model.layers[" + std::to_string(index) + "]"; }

// Element count in 64 bits: size_t is 32 bits in WebAssembly, and an absurd shape must be
// reported, not wrapped around.
inline std::uint64_t values_in(const Shape& shape) {
  std::uint64_t count = 1;
  for (const std::size_t extent : shape) count *= extent;
  return count;
}

struct LayerTraitsDefaults {
  // True for the element-wise non-linearities BatchNorm may move around (variants.cpp).
  static constexpr bool activation = false;
  // Values one sample needs besides the output (conv2d's im2col columns).
  template <typename Options>
  static std::uint64_t working_values(const Options&, const Shape&, const Shape&) { return 0; }
  // The `bias` option of a layer that has one: the compare pair turns it back on when the
  // BatchNorm behind the layer is removed, and folding BatchNorm sets it.
  template <typename Options>
  static bool* optional_bias(Options&) { return nullptr; }
  // Layers with a weight matrix: initialized from their own stream "init.<kind>", and a
  // BatchNorm right behind them folds into their weight and bias.
  static constexpr bool has_weights = false;
  static constexpr bool folds_batch_norm = false;
  // The option that sets the layer's output width (dense's "units", conv2d's "channels"), or
  // nullptr: a model whose output does not fit the task is reported at the last such option.
  static constexpr const char* output_width_option = nullptr;
};

// The defaults of a layer without options that keeps its input shape and has no parameters
// (sigmoid, tanh, relu, identity).
template <typename Options>
struct ShapePreservingTraits : LayerTraitsDefaults {
  static Options parse(JsonObjectReader&) { return {}; }
  static void write_json(const Options&, Json&) {}
  static void describe_schema(Json&, std::vector<std::string>&) {}
  static Shape output_shape(const Options&, const Shape& input, std::size_t) { return input; }
  static std::uint64_t parameter_count(const Options&, const Shape&) { return 0; }
};

}  // namespace bnlab
