#pragma once
// The dense layer's options and descriptor (dense.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

struct DenseOptions {
  std::size_t units = 0;
  bool bias = true;
  std::optional<InitSpec> init;  // overrides the experiment's init
};

template <>
struct LayerTraits<DenseOptions> : LayerTraitsDefaults {
  static constexpr const char* name = "dense";
  static DenseOptions parse(JsonObjectReader& reader);
  static void write_json(const DenseOptions& options, Json& layer);
  static void describe_schema(Json& properties, std::vector<std::string>& required);
  static Shape output_shape(const DenseOptions& options, const Shape& input, std::size_t index);
  static std::uint64_t parameter_count(const DenseOptions& options, const Shape& input);
  static std::unique_ptr<Layer> make(const DenseOptions& options, const Shape& input, const LayerBuildContext& context);
  static bool* optional_bias(DenseOptions& options) { return &options.bias; }
  static constexpr bool has_weights = true;
  static constexpr bool folds_batch_norm = true;
  static constexpr const char* output_width_option = "units";
  static constexpr const char* init_stream = "init.dense";
  static const std::optional<InitSpec>& init_of(const DenseOptions& options) { return options.init; }
  static WeightsView weights_of(Layer& layer);
};

}  // namespace bnlab
