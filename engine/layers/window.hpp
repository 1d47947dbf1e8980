#pragma once
// The geometry shared by Conv2d, MaxPool2d and AvgPool2d: a kernel window slides over the
// (padded) height and width of a (C, H, W) sample with a stride, PyTorch's floor mode (and
// for pooling, optionally its ceil mode).

#include <algorithm>
#include <cstddef>
#include <string>

#include "core/tensor.hpp"
#include "layers/option_fields.hpp"

namespace bnlab {

// A pooling window, PyTorch's nn.MaxPool2d / nn.AvgPool2d geometry (dilation 1).
struct PoolWindow {
  Extent2d kernel{1, 1};
  Extent2d stride{1, 1};   // the experiment file's default is the kernel
  Extent2d padding{0, 0};  // at most half the kernel on each axis; max pooling pads with −∞
  bool ceil_mode = false;  // ⌈⌉ instead of ⌊⌋ in the output size
};

// PyTorch's pooling_output_shape along one axis: ⌊(input + 2·padding − kernel)/stride⌋ + 1,
// or with ceil_mode ⌈…⌉ + 1 minus the last window when it would start in the right padding
// (every window starts inside the input or the left padding). 0 when the kernel is larger
// than the padded input.
inline std::size_t pool_positions(std::size_t input, std::size_t kernel, std::size_t stride,
                                  std::size_t padding, bool ceil_mode) {
  const std::size_t padded = input + 2 * padding;
  if (kernel > padded) return 0;
  std::size_t positions = (padded - kernel + (ceil_mode ? stride - 1 : 0)) / stride + 1;
  if (ceil_mode && (positions - 1) * stride >= input + padding) --positions;
  return positions;
}

// The cells window `position` covers along one axis: inputs [begin, end) (never empty for a
// pooling window), and its size once clipped to input + padding only, which is what
// count_include_pad divides by (a ceil-mode window may run past the right padding).
struct WindowSpan {
  std::size_t begin;
  std::size_t end;
  std::size_t size_within_padding;
};

inline WindowSpan window_span(std::size_t position, std::size_t input, std::size_t kernel,
                              std::size_t stride, std::size_t padding) {
  const std::ptrdiff_t start = static_cast<std::ptrdiff_t>(position * stride) - static_cast<std::ptrdiff_t>(padding);
  const std::ptrdiff_t stop = start + static_cast<std::ptrdiff_t>(kernel);
  const std::ptrdiff_t padded_stop = std::min(stop, static_cast<std::ptrdiff_t>(input + padding));
  return {static_cast<std::size_t>(std::max<std::ptrdiff_t>(start, 0)),
          static_cast<std::size_t>(std::min(stop, static_cast<std::ptrdiff_t>(input))),
          static_cast<std::size_t>(padded_stop - start)};
}

// "3×3": extents appear in error messages.
inline std::string extent_to_string(const Extent2d& extent) {
  return std::to_string(extent.height) + "×" + std::to_string(extent.width);
}

// The (C, H, W) output of a window layer for a (C_in, H, W) input, with `channels` output
// channels (pool_positions per axis); throws UsageError naming `kind` when the input is not
// (C, H, W), an extent is 0, or the kernel does not fit the padded input.
Shape window_output_shape(const char* kind, const Shape& input, std::size_t channels,
                          const Extent2d& kernel, const Extent2d& stride, const Extent2d& padding,
                          bool ceil_mode = false);

// The same for the experiment's layer `index`: a ConfigError at model.layers[index]
// ("layer_needs_image_input" or "window_does_not_fit") instead of the UsageError, raised when
// the experiment is loaded.
Shape window_layer_output_shape(const char* kind, const Shape& input, std::size_t channels,
                                const Extent2d& kernel, const Extent2d& stride,
                                const Extent2d& padding, std::size_t index, bool ceil_mode = false);

// A pooling layer's output: also refuses a padding of more than half the kernel (PyTorch's
// rule), as a UsageError (the layer) or a ConfigError "pool_padding_over_half_kernel" at
// model.layers[index] (the descriptor).
Shape pool_output_shape(const char* kind, const Shape& input, const PoolWindow& window);
Shape pool_layer_output_shape(const char* kind, const Shape& input, const PoolWindow& window, std::size_t index);

}  // namespace bnlab
