#pragma once
// The batchnorm layer's options and descriptor (batch_norm.hpp is the layer itself).

#include "layers/layer_traits.hpp"

namespace bnlab {

// BatchNorm's running-average momentum: a number m (running = (1−m)·running + m·batch) or
// "cumulative" (m = 1/num_batches_tracked, PyTorch's momentum=None).
struct BatchNormOptions {
  double momentum = 0.1;
  bool cumulative = false;
  double epsilon = 1e-5;
  bool affine = true;
  bool track_running_stats = true;
};
using BatchNormSpec = BatchNormOptions;  // the name the layer and its statistics use

template <>
struct LayerTraits<BatchNormOptions> : LayerTraitsDefaults {
  static constexpr const char* name = "batchnorm";
  static BatchNormOptions parse(JsonObjectReader& reader);
  static void write_json(const BatchNormOptions& options, Json& layer);
  static void describe_schema(Json& properties, std::vector<std::string>& required);
  static Shape output_shape(const BatchNormOptions&, const Shape& input, std::size_t) { return input; }
  // γ and β, one per channel (per feature for flat input), when affine.
  static std::uint64_t parameter_count(const BatchNormOptions& options, const Shape& input) {
    return options.affine && !input.empty() ? 2 * std::uint64_t{input[0]} : 0;
  }
  static std::unique_ptr<Layer> make(const BatchNormOptions& options, const Shape& input, const LayerBuildContext& context);
};

}  // namespace bnlab
