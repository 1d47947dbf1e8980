#pragma once
// The geometry shared by Conv2d, MaxPool2d and AvgPool2d: a kernel window slides over the
// (zero-padded) height and width of a (C, H, W) sample with a stride, PyTorch's floor mode.

#include <cstddef>
#include <string>

#include "core/tensor.hpp"
#include "layers/option_fields.hpp"

namespace bnlab {

// ⌊(input + 2·padding − kernel) / stride⌋ + 1 window positions along one axis, or 0 when the
// kernel is larger than the padded input. Requires stride >= 1.
inline std::size_t window_positions(std::size_t input, std::size_t kernel, std::size_t stride,
                                    std::size_t padding) {
  const std::size_t padded = input + 2 * padding;
  return kernel > padded ? 0 : (padded - kernel) / stride + 1;
}

// "3×3": extents appear in error messages.
inline std::string extent_to_string(const Extent2d& extent) {
  return std::to_string(extent.height) + "×" + std::to_string(extent.width);
}

// The (C, H, W) output of a window layer for a (C_in, H, W) input, with `channels` output
// channels; throws UsageError naming `kind` when the input is not (C, H, W), an extent is 0,
// or the kernel does not fit the padded input.
Shape window_output_shape(const char* kind, const Shape& input, std::size_t channels,
                          const Extent2d& kernel, const Extent2d& stride, const Extent2d& padding);

// The same for the experiment's layer `index`: a ConfigError at model.layers[index]
// ("layer_needs_image_input" or "window_does_not_fit") instead of the UsageError, raised when
// the experiment is loaded.
Shape window_layer_output_shape(const char* kind, const Shape& input, std::size_t channels,
                                const Extent2d& kernel, const Extent2d& stride,
                                const Extent2d& padding, std::size_t index);

}  // namespace bnlab
