#include "layers/max_pool2d.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

namespace bnlab {

MaxPool2d::MaxPool2d(const Shape& input_sample_shape, Extent2d kernel, Extent2d stride)
    : Pool2d("maxpool2d", input_sample_shape, kernel, stride) {}

const Tensor& MaxPool2d::forward(const Tensor& input, Mode mode) {
  const auto [planes, height, width, output_height, output_width] = start_forward(input);
  argmax_.resize(output_.size());  // keeps its capacity: no allocation after the first batch
  const std::size_t output_plane = output_height * output_width;
  for (std::size_t plane = 0; plane < planes; ++plane) {
    const Scalar* x = input.data() + plane * height * width;
    for (std::size_t out_y = 0; out_y < output_height; ++out_y) {
      Scalar* best = output_.data() + plane * output_plane + out_y * output_width;
      std::uint32_t* best_index = argmax_.data() + plane * output_plane + out_y * output_width;
      const std::size_t top = out_y * stride_.height;
      // PyTorch's rule, per window: start from −∞ at the window's first element and visit the
      // window in row-major order; a strictly larger value or a NaN takes over, so the first
      // of equal maxima keeps the gradient. The windows of one output row are updated side by
      // side (one tap at a time), which keeps the comparisons independent of each other.
      for (std::size_t out_x = 0; out_x < output_width; ++out_x) {
        best[out_x] = -std::numeric_limits<Scalar>::infinity();
        best_index[out_x] = static_cast<std::uint32_t>(top * width + out_x * stride_.width);
      }
      for (std::size_t tap_y = 0; tap_y < kernel_.height; ++tap_y) {
        for (std::size_t tap_x = 0; tap_x < kernel_.width; ++tap_x) {
          const std::size_t first = (top + tap_y) * width + tap_x;
          for (std::size_t out_x = 0; out_x < output_width; ++out_x) {
            const std::size_t index = first + out_x * stride_.width;
            const Scalar value = x[index];
            // Selects rather than a branch: with random data a branch is unpredictable.
            const bool takes_over = (value > best[out_x]) | (value != value);  // NaN != NaN
            best[out_x] = takes_over ? value : best[out_x];
            best_index[out_x] = takes_over ? static_cast<std::uint32_t>(index) : best_index[out_x];
          }
        }
      }
    }
  }
  return output_;
}

const Tensor& MaxPool2d::backward(const Tensor& grad_output) {
  // dx[argmax(window)] += dy for every window; every other input gets no gradient.
  const auto [planes, height, width, output_height, output_width] = start_backward();
  const std::size_t input_plane = height * width;
  const std::size_t output_plane = output_height * output_width;
  const Scalar* grad_y = grad_output.data();
  for (std::size_t plane = 0; plane < planes; ++plane) {
    Scalar* grad_x = grad_input_.data() + plane * input_plane;
    const std::uint32_t* plane_argmax = argmax_.data() + plane * output_plane;
    const Scalar* plane_grad_y = grad_y + plane * output_plane;
    for (std::size_t index = 0; index < output_plane; ++index) grad_x[plane_argmax[index]] += plane_grad_y[index];
  }
  return grad_input_;
}

}  // namespace bnlab
