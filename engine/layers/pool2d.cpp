#include "layers/pool2d.hpp"

#include <algorithm>
#include <string>

#include "core/errors.hpp"
#include "layers/window.hpp"

namespace bnlab {

Pool2d::Pool2d(const char* kind, const Shape& input_sample_shape, Extent2d kernel, Extent2d stride)
    : input_sample_shape_(input_sample_shape),
      output_sample_shape_(window_output_shape(kind, input_sample_shape,
                                               input_sample_shape.empty() ? 0 : input_sample_shape[0],
                                               kernel, stride, {0, 0})),
      kernel_(kernel),
      stride_(stride) {}

Pool2d::PlaneSizes Pool2d::start_forward(const Tensor& input) {
  const Shape input_shape = shape_of(input);
  if (input_shape.size() != 4 ||
      !std::equal(input_sample_shape_.begin(), input_sample_shape_.end(), input_shape.begin() + 1)) {
    throw UsageError(std::string(kind()) + ": expected input of shape " +
                     shape_to_string({0, input_sample_shape_[0], input_sample_shape_[1],
                                      input_sample_shape_[2]}).replace(1, 1, "batch") +
                     ", got " + shape_to_string(input_shape));
  }
  ensure_shape(output_,
               {input_shape[0], input_shape[1], output_sample_shape_[1], output_sample_shape_[2]});
  saved_input_shape_ = input_shape;
  return plane_sizes();
}

Pool2d::PlaneSizes Pool2d::start_backward() {
  ensure_shape(grad_input_, saved_input_shape_);
  grad_input_.fill(0);
  return plane_sizes();
}

Pool2d::PlaneSizes Pool2d::plane_sizes() const {
  return {saved_input_shape_[0] * saved_input_shape_[1], saved_input_shape_[2],
          saved_input_shape_[3], output_sample_shape_[1], output_sample_shape_[2]};
}

}  // namespace bnlab
