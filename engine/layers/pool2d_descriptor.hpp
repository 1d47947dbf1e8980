#pragma once
// What the maxpool2d and avgpool2d descriptors share: the window options (PoolWindow, in
// window.hpp), their parsing, JSON, schema and output shape (each kind's own descriptor adds
// its name, its layer and avgpool2d its count_include_pad).

#include "layers/layer_traits.hpp"
#include "layers/window.hpp"

namespace bnlab {

struct Pool2dTraits : LayerTraitsDefaults {
  static void parse_window(JsonObjectReader& reader, PoolWindow& window);
  static void write_window(const PoolWindow& window, Json& layer);
  static void describe_schema(Json& properties, std::vector<std::string>& required);
  // Also refuses a padding of more than half the kernel ("pool_padding_over_half_kernel").
  static Shape window_output_shape(const char* kind, const PoolWindow& window, const Shape& input,
                                   std::size_t index);
  template <typename Options>
  static std::uint64_t parameter_count(const Options&, const Shape&) { return 0; }
};

}  // namespace bnlab
