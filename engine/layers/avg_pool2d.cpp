#include "layers/avg_pool2d.hpp"

#include "core/errors.hpp"
#include "layers/window.hpp"

namespace bnlab {

AvgPool2d::AvgPool2d(const Shape& input_sample_shape, Extent2d kernel, Extent2d stride)
    : input_sample_shape_(input_sample_shape),
      output_sample_shape_(window_output_shape("avgpool2d", input_sample_shape,
                                               input_sample_shape.empty() ? 0 : input_sample_shape[0],
                                               kernel, stride, {0, 0})),
      kernel_(kernel),
      stride_(stride) {}

const Tensor& AvgPool2d::forward(const Tensor& input, Mode mode) {
  const Shape input_shape = shape_of(input);
  if (input_shape.size() != 4 ||
      !std::equal(input_sample_shape_.begin(), input_sample_shape_.end(), input_shape.begin() + 1)) {
    throw UsageError("avgpool2d: expected input of shape " +
                     shape_to_string({0, input_sample_shape_[0], input_sample_shape_[1],
                                      input_sample_shape_[2]}).replace(1, 1, "batch") +
                     ", got " + shape_to_string(input_shape));
  }
  const std::size_t planes = input_shape[0] * input_shape[1];  // N·C
  const std::size_t height = input_shape[2];
  const std::size_t width = input_shape[3];
  const std::size_t output_height = output_sample_shape_[1];
  const std::size_t output_width = output_sample_shape_[2];
  ensure_shape(output_, {input_shape[0], input_shape[1], output_height, output_width});
  saved_input_shape_ = input_shape;
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
  ensure_shape(grad_input_, saved_input_shape_);
  grad_input_.fill(0);
  const std::size_t planes = saved_input_shape_[0] * saved_input_shape_[1];
  const std::size_t height = saved_input_shape_[2];
  const std::size_t width = saved_input_shape_[3];
  const std::size_t output_height = output_sample_shape_[1];
  const std::size_t output_width = output_sample_shape_[2];
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
