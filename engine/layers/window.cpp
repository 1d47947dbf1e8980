#include "layers/window.hpp"

#include "core/errors.hpp"
#include "layers/layer_traits.hpp"

namespace bnlab {

Shape window_output_shape(const char* kind, const Shape& input, std::size_t channels,
                          const Extent2d& kernel, const Extent2d& stride, const Extent2d& padding,
                          bool ceil_mode) {
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
  const std::size_t height = pool_positions(input[1], kernel.height, stride.height, padding.height, ceil_mode);
  const std::size_t width = pool_positions(input[2], kernel.width, stride.width, padding.width, ceil_mode);
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
                                const Extent2d& padding, std::size_t index, bool ceil_mode) {
  if (input.size() != 3) {
    throw ConfigError(layer_path(index), "layer_needs_image_input", Json{{"layer", kind}, {"got", shape_to_string(input)}},
                      std::string(kind) + " expects samples of shape [channels, height, width], got "
                      "input shape " + shape_to_string(input) +
                      (index == 0 ? "; give model.input as [channels, height, width]" : ""));
  }
  try {
    return window_output_shape(kind, input, channels, kernel, stride, padding, ceil_mode);
  } catch (const UsageError& error) {
    throw ConfigError(layer_path(index), "window_does_not_fit", Json{{"layer", kind}}, error.what());
  }
}

namespace {

// "" when the padding is at most ⌊kernel/2⌋ on both axes, else the problem.
std::string pool_padding_problem(const char* kind, const PoolWindow& window) {
  const Extent2d half{window.kernel.height / 2, window.kernel.width / 2};
  if (window.padding.height <= half.height && window.padding.width <= half.width) return "";
  return std::string(kind) + ": the padding " + extent_to_string(window.padding) +
         " is more than half the kernel " + extent_to_string(window.kernel) + " (at most " +
         extent_to_string(half) + ", as in PyTorch)";
}

}  // namespace

Shape pool_output_shape(const char* kind, const Shape& input, const PoolWindow& window) {
  const std::string problem = pool_padding_problem(kind, window);
  if (!problem.empty()) throw UsageError(problem);
  return window_output_shape(kind, input, input.empty() ? 0 : input[0], window.kernel, window.stride,
                             window.padding, window.ceil_mode);
}

Shape pool_layer_output_shape(const char* kind, const Shape& input, const PoolWindow& window, std::size_t index) {
  const std::string problem = pool_padding_problem(kind, window);
  if (!problem.empty()) {
    throw ConfigError(layer_path(index), "pool_padding_over_half_kernel",
                      Json{{"layer", kind}, {"kernel", extent_to_string(window.kernel)},
                           {"padding", extent_to_string(window.padding)}},
                      problem);
  }
  return window_layer_output_shape(kind, input, input.empty() ? 0 : input[0], window.kernel, window.stride,
                                   window.padding, index, window.ceil_mode);
}

}  // namespace bnlab
