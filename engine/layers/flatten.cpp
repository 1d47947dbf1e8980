#include "layers/flatten.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace bnlab {

const Tensor& Flatten::forward(const Tensor& input, Mode mode) {
  const Shape input_shape = shape_of(input);
  if (input_shape.size() != input_sample_shape_.size() + 1 ||
      !std::equal(input_sample_shape_.begin(), input_sample_shape_.end(), input_shape.begin() + 1)) {
    Shape expected{0};
    expected.insert(expected.end(), input_sample_shape_.begin(), input_sample_shape_.end());
    throw UsageError("flatten: expected input of shape " +
                     shape_to_string(expected).replace(1, 1, "batch") + ", got " +
                     shape_to_string(input_shape));
  }
  saved_input_shape_ = input_shape;
  ensure_shape(output_, {input_shape[0], element_count(input_sample_shape_)});
  std::copy(input.data(), input.data() + input.size(), output_.data());
  return output_;
}

const Tensor& Flatten::backward(const Tensor& grad_output) {
  // A reshape: dx is dy read back in the input's shape.
  ensure_shape(grad_input_, saved_input_shape_);
  std::copy(grad_output.data(), grad_output.data() + grad_output.size(), grad_input_.data());
  return grad_input_;
}

}  // namespace bnlab
