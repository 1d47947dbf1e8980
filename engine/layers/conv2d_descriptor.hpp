#pragma once
// The conv2d layer's options and descriptor (conv2d.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

struct Conv2dOptions {
  std::size_t channels = 0;  // output channels
  Extent2d kernel{1, 1};
  Extent2d stride{1, 1};
  Extent2d padding{0, 0};  // zeros added on every side
  bool bias = true;
  std::optional<InitSpec> init;  // overrides the experiment's init
};

template <>
struct LayerTraits<Conv2dOptions> : LayerTraitsDefaults {
  static constexpr const char* name = "conv2d";
  static Conv2dOptions parse(JsonObjectReader& reader);
  static void write_json(const Conv2dOptions& options, Json& layer);
  static void describe_schema(Json& properties, std::vector<std::string>& required);
  // Also refuses a layer whose im2col columns would pass max_values_per_sample.
  static Shape output_shape(const Conv2dOptions& options, const Shape& input, std::size_t index);
  // The im2col columns of one sample: C_in·k_h·k_w values per output position.
  static std::uint64_t working_values(const Conv2dOptions& options, const Shape& input, const Shape& output);
  static std::uint64_t parameter_count(const Conv2dOptions& options, const Shape& input);
  static std::unique_ptr<Layer> make(const Conv2dOptions& options, const Shape& input, const LayerBuildContext& context);
  static bool* optional_bias(Conv2dOptions& options) { return &options.bias; }
  static constexpr bool has_weights = true;
  static constexpr bool folds_batch_norm = true;
  static constexpr const char* output_width_option = "channels";
  static constexpr const char* init_stream = "init.conv2d";
  static const std::optional<InitSpec>& init_of(const Conv2dOptions& options) { return options.init; }
  static WeightsView weights_of(Layer& layer);
};

}  // namespace bnlab
