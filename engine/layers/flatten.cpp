#include "layers/flatten.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace bnlab {

const Tensor& Flatten::forward(const Tensor& input, Mode mode) {
  require_batch_of(input, input_sample_shape_, "flatten");
  saved_input_shape_.assign(input.shape().begin(), input.shape().end());  // keeps its capacity
  ensure_shape(output_, {input.shape()[0], element_count(input_sample_shape_)});
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
