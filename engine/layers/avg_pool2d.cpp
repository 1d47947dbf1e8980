#include "layers/avg_pool2d.hpp"

namespace bnlab {

AvgPool2d::AvgPool2d(const Shape& input_sample_shape, const PoolWindow& window, bool count_include_pad)
    : Pool2d("avgpool2d", input_sample_shape, window), count_include_pad_(count_include_pad) {}

std::size_t AvgPool2d::divisor(const WindowSpan& rows, const WindowSpan& columns) const {
  return count_include_pad_ ? rows.size_within_padding * columns.size_within_padding
                            : (rows.end - rows.begin) * (columns.end - columns.begin);
}

const Tensor& AvgPool2d::forward(const Tensor& input, Mode mode) {
  const PlaneSizes sizes = start_forward(input);
  const auto [planes, height, width, output_height, output_width] = sizes;
  const Scalar* x = input.data();
  Scalar* y = output_.data();
  std::size_t output_index = 0;
  if (clips_windows_) {
    // The general path: every window clipped to the input, divided by divisor().
    for (std::size_t plane = 0; plane < planes; ++plane) {
      const Scalar* plane_values = x + plane * height * width;
      for (std::size_t out_y = 0; out_y < output_height; ++out_y) {
        const WindowSpan rows = window_span(out_y, height, kernel_.height, stride_.height, padding_.height);
        for (std::size_t out_x = 0; out_x < output_width; ++out_x, ++output_index) {
          const WindowSpan columns = window_span(out_x, width, kernel_.width, stride_.width, padding_.width);
          Scalar sum = 0;
          for (std::size_t row = rows.begin; row < rows.end; ++row) {
            for (std::size_t column = columns.begin; column < columns.end; ++column) sum += plane_values[row * width + column];
          }
          y[output_index] = sum / static_cast<Scalar>(divisor(rows, columns));
        }
      }
    }
    return output_;
  }
  const Scalar scale = Scalar(1) / static_cast<Scalar>(kernel_.height * kernel_.width);
  for (std::size_t plane = 0; plane < planes; ++plane) {
    const Scalar* plane_values = x + plane * height * width;
    for (std::size_t out_y = 0; out_y < output_height; ++out_y) {
      for (std::size_t out_x = 0; out_x < output_width; ++out_x, ++output_index) {
        const Scalar* corner = plane_values + out_y * stride_.height * width + out_x * stride_.width;
        Scalar sum = 0;
        for (std::size_t tap_y = 0; tap_y < kernel_.height; ++tap_y) {
          for (std::size_t tap_x = 0; tap_x < kernel_.width; ++tap_x) sum += corner[tap_y * width + tap_x];
        }
        y[output_index] = sum * scale;
      }
    }
  }
  return output_;
}

const Tensor& AvgPool2d::backward(const Tensor& grad_output) {
  // Every real input of a window gets dy/divisor; overlapping windows (stride < kernel) add up.
  const auto [planes, height, width, output_height, output_width] = start_backward();
  const Scalar* grad_y = grad_output.data();
  std::size_t output_index = 0;
  if (clips_windows_) {
    for (std::size_t plane = 0; plane < planes; ++plane) {
      Scalar* plane_gradient = grad_input_.data() + plane * height * width;
      for (std::size_t out_y = 0; out_y < output_height; ++out_y) {
        const WindowSpan rows = window_span(out_y, height, kernel_.height, stride_.height, padding_.height);
        for (std::size_t out_x = 0; out_x < output_width; ++out_x, ++output_index) {
          const WindowSpan columns = window_span(out_x, width, kernel_.width, stride_.width, padding_.width);
          const Scalar share = grad_y[output_index] / static_cast<Scalar>(divisor(rows, columns));
          for (std::size_t row = rows.begin; row < rows.end; ++row) {
            for (std::size_t column = columns.begin; column < columns.end; ++column) {
              plane_gradient[row * width + column] += share;
            }
          }
        }
      }
    }
    return grad_input_;
  }
  const Scalar scale = Scalar(1) / static_cast<Scalar>(kernel_.height * kernel_.width);
  for (std::size_t plane = 0; plane < planes; ++plane) {
    Scalar* plane_gradient = grad_input_.data() + plane * height * width;
    for (std::size_t out_y = 0; out_y < output_height; ++out_y) {
      for (std::size_t out_x = 0; out_x < output_width; ++out_x, ++output_index) {
        Scalar* corner = plane_gradient + out_y * stride_.height * width + out_x * stride_.width;
        const Scalar share = grad_y[output_index] * scale;
        for (std::size_t tap_y = 0; tap_y < kernel_.height; ++tap_y) {
          for (std::size_t tap_x = 0; tap_x < kernel_.width; ++tap_x) corner[tap_y * width + tap_x] += share;
        }
      }
    }
  }
  return grad_input_;
}

}  // namespace bnlab
