#include "layers/max_pool2d.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

namespace bnlab {

MaxPool2d::MaxPool2d(const Shape& input_sample_shape, const PoolWindow& window)
    : Pool2d("maxpool2d", input_sample_shape, window) {}

void MaxPool2d::forward_clipped(const Tensor& input, const PlaneSizes& sizes) {
  // Each window over its real inputs only (padding is −∞ and never wins), PyTorch's order:
  // start from −∞ at the first real input and visit row-major; larger or NaN takes over.
  const std::size_t output_plane = sizes.output_height * sizes.output_width;
  for (std::size_t plane = 0; plane < sizes.planes; ++plane) {
    const Scalar* x = input.data() + plane * sizes.height * sizes.width;
    Scalar* best = output_.data() + plane * output_plane;
    std::uint32_t* best_index = argmax_.data() + plane * output_plane;
    for (std::size_t out_y = 0; out_y < sizes.output_height; ++out_y) {
      const WindowSpan rows = window_span(out_y, sizes.height, kernel_.height, stride_.height, padding_.height);
      for (std::size_t out_x = 0; out_x < sizes.output_width; ++out_x) {
        const WindowSpan columns = window_span(out_x, sizes.width, kernel_.width, stride_.width, padding_.width);
        Scalar value_so_far = -std::numeric_limits<Scalar>::infinity();
        std::size_t index_so_far = rows.begin * sizes.width + columns.begin;
        for (std::size_t row = rows.begin; row < rows.end; ++row) {
          for (std::size_t column = columns.begin; column < columns.end; ++column) {
            const std::size_t index = row * sizes.width + column;
            const Scalar value = x[index];
            if (value > value_so_far || value != value) {  // NaN != NaN
              value_so_far = value;
              index_so_far = index;
            }
          }
        }
        best[out_y * sizes.output_width + out_x] = value_so_far;
        best_index[out_y * sizes.output_width + out_x] = static_cast<std::uint32_t>(index_so_far);
      }
    }
  }
}

void MaxPool2d::forward_two_by_two(const Tensor& input, const PlaneSizes& sizes) {
  // The CNN lessons' pool (2 × 2, stride 2, no padding), its window in registers: the general
  // loop of forward() keeps a row of running maxima in memory and reads and writes them at
  // every tap, which V8 runs as scalar code (a quarter of the MNIST CNN's wasm step). The same
  // rule in the same order: the window's top row, then the one below; a strictly larger value
  // or a NaN takes over.
  const std::size_t width = sizes.width;
  const std::size_t output_plane = sizes.output_height * sizes.output_width;
  for (std::size_t plane = 0; plane < sizes.planes; ++plane) {
    const Scalar* x = input.data() + plane * sizes.height * width;
    for (std::size_t out_y = 0; out_y < sizes.output_height; ++out_y) {
      Scalar* best = output_.data() + plane * output_plane + out_y * sizes.output_width;
      std::uint32_t* best_index = argmax_.data() + plane * output_plane + out_y * sizes.output_width;
      const std::size_t top = 2 * out_y * width;
      for (std::size_t out_x = 0; out_x < sizes.output_width; ++out_x) {
        const std::size_t first = top + 2 * out_x;
        Scalar value = x[first];  // beats the starting −∞, or is a NaN: either way it takes over
        auto index = static_cast<std::uint32_t>(first);
        const auto visit = [&](std::size_t candidate) {
          const Scalar next = x[candidate];
          const bool takes_over = (next > value) | (next != next);  // NaN != NaN
          value = takes_over ? next : value;
          index = takes_over ? static_cast<std::uint32_t>(candidate) : index;
        };
        visit(first + 1);
        visit(first + width);
        visit(first + width + 1);
        best[out_x] = value;
        best_index[out_x] = index;
      }
    }
  }
}

const Tensor& MaxPool2d::forward(const Tensor& input, Mode mode) {
  const PlaneSizes sizes = start_forward(input);
  const auto [planes, height, width, output_height, output_width] = sizes;
  argmax_.resize(output_.size());  // keeps its capacity: no allocation after the first batch
  if (clips_windows_) {
    forward_clipped(input, sizes);
    return output_;
  }
  const std::size_t output_plane = output_height * output_width;
#if defined(__wasm__)
  // Only in WebAssembly: there the loop below is 3.7× slower than forward_two_by_two (1 364 vs
  // 371 µs per MNIST CNN step, bench/wasm/step_parts.cpp), while GCC vectorizes it natively and
  // forward_two_by_two is 1.8× slower there (463 vs 845 µs). Both give the same maxima and
  // argmax, so the CLI and the page pool alike (tests/wasm/native_agreement.test.mjs).
  if (kernel_.height == 2 && kernel_.width == 2 && stride_.height == 2 && stride_.width == 2 &&
      padding_.height == 0 && padding_.width == 0) {
    forward_two_by_two(input, sizes);
    return output_;
  }
#endif
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
