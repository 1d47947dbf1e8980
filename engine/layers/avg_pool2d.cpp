#include "layers/avg_pool2d.hpp"

namespace bnlab {

AvgPool2d::AvgPool2d(const Shape& input_sample_shape, Extent2d kernel, Extent2d stride)
    : Pool2d("avgpool2d", input_sample_shape, kernel, stride) {}

const Tensor& AvgPool2d::forward(const Tensor& input, Mode mode) {
  const auto [planes, height, width, output_height, output_width] = start_forward(input);
  const Scalar scale = Scalar(1) / static_cast<Scalar>(kernel_.height * kernel_.width);
  const Scalar* x = input.data();
  Scalar* y = output_.data();
  std::size_t output_index = 0;
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
  // Every input of a window gets dy/(k_h·k_w); overlapping windows (stride < kernel) add up.
  const auto [planes, height, width, output_height, output_width] = start_backward();
  const Scalar scale = Scalar(1) / static_cast<Scalar>(kernel_.height * kernel_.width);
  const Scalar* grad_y = grad_output.data();
  std::size_t output_index = 0;
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
