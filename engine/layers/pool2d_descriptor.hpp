#pragma once
// What the maxpool2d and avgpool2d descriptors share: the window options, their parsing,
// JSON, schema and output shape (each kind's own descriptor adds its name and its layer).

#include "layers/layer_traits.hpp"

namespace bnlab {

struct Pool2dWindow {
  Extent2d kernel{1, 1};
  Extent2d stride{1, 1};  // the experiment file's default is the kernel
};

struct Pool2dTraits : LayerTraitsDefaults {
  static void parse_window(JsonObjectReader& reader, Pool2dWindow& window);
  static void write_window(const Pool2dWindow& window, Json& layer);
  static void describe_schema(Json& properties, std::vector<std::string>& required);
  static Shape window_output_shape(const char* kind, const Pool2dWindow& window, const Shape& input,
                                   std::size_t index);
  template <typename Options>
  static std::uint64_t parameter_count(const Options&, const Shape&) { return 0; }
};

}  // namespace bnlab
