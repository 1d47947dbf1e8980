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
  require_batch_of(input, input_sample_shape_, kind());
  ensure_shape(output_,
               {input.shape()[0], input.shape()[1], output_sample_shape_[1], output_sample_shape_[2]});
  saved_input_shape_.assign(input.shape().begin(), input.shape().end());  // keeps its capacity
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
