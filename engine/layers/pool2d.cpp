#include "layers/pool2d.hpp"

#include <algorithm>
#include <string>

#include "core/errors.hpp"
#include "layers/window.hpp"

namespace bnlab {

Pool2d::Pool2d(const char* kind, const Shape& input_sample_shape, const PoolWindow& window)
    : input_sample_shape_(input_sample_shape),
      output_sample_shape_(pool_output_shape(kind, input_sample_shape, window)),
      kernel_(window.kernel),
      stride_(window.stride),
      padding_(window.padding),
      ceil_mode_(window.ceil_mode),
      clips_windows_(padding_.height > 0 || padding_.width > 0 ||
                     (output_sample_shape_[1] - 1) * stride_.height + kernel_.height > input_sample_shape_[1] ||
                     (output_sample_shape_[2] - 1) * stride_.width + kernel_.width > input_sample_shape_[2]) {}

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
