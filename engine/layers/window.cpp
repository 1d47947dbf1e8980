#include "layers/window.hpp"

#include "core/errors.hpp"
#include "layers/layer_traits.hpp"

namespace bnlab {

Shape window_output_shape(const char* kind, const Shape& input, std::size_t channels,
                          const Extent2d& kernel, const Extent2d& stride, const Extent2d& padding) {
  if (input.size() != 3 || element_count(input) == 0) {
    throw UsageError(std::string(kind) + " expects samples of shape [channels, height, width], got " +
                     shape_to_string(input));
  }
  if (kernel.height == 0 || kernel.width == 0 || stride.height == 0 || stride.width == 0 ||
      channels == 0) {
    throw UsageError(std::string(kind) + ": kernel, stride and channels must be positive (kernel " +
                     extent_to_string(kernel) + ", stride " + extent_to_string(stride) + ", " +
                     std::to_string(channels) + " channels)");
  }
  const std::size_t height = window_positions(input[1], kernel.height, stride.height, padding.height);
  const std::size_t width = window_positions(input[2], kernel.width, stride.width, padding.width);
  if (height == 0 || width == 0) {
    const Extent2d padded{input[1] + 2 * padding.height, input[2] + 2 * padding.width};
    const bool has_padding = padding.height > 0 || padding.width > 0;
    throw UsageError(std::string(kind) + ": the kernel " + extent_to_string(kernel) +
                     " is larger than the " + (has_padding ? "padded " : "") + "input " +
                     extent_to_string(padded) +
                     (has_padding ? " (padding " + extent_to_string(padding) + ")" : "") +
                     "; got input shape " + shape_to_string(input));
  }
  return {channels, height, width};
}

Shape window_layer_output_shape(const char* kind, const Shape& input, std::size_t channels,
                                const Extent2d& kernel, const Extent2d& stride,
                                const Extent2d& padding, std::size_t index) {
  if (input.size() != 3) {
    throw ConfigError(layer_path(index), "layer_needs_image_input", Json{{"layer", kind}, {"got", shape_to_string(input)}},
                      std::string(kind) + " expects samples of shape [channels, height, width], got "
                      "input shape " + shape_to_string(input) +
                      (index == 0 ? "; give model.input as [channels, height, width]" : ""));
  }
  try {
    return window_output_shape(kind, input, channels, kernel, stride, padding);
  } catch (const UsageError& error) {
    throw ConfigError(layer_path(index), "window_does_not_fit", Json{{"layer", kind}}, error.what());
  }
}

}  // namespace bnlab
