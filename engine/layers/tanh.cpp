#include "layers/tanh.hpp"

namespace bnlab {

const Tensor& Tanh::forward(const Tensor& input, Mode mode) {
  ensure_same_shape(output_, input);
  // Eigen's vectorized tanh (for float a rational approximation within a few ulps) rather
  // than std::tanh per element, a libm call that does not vectorize.
  as_vector(output_).array() = as_vector(input).array().tanh();
  return output_;
}

const Tensor& Tanh::backward(const Tensor& grad_output) {
  // dx = dy·(1 − tanh²(x)), from the saved output.
  ensure_same_shape(grad_input_, grad_output);
  const Scalar* y = output_.data();
  const Scalar* grad_y = grad_output.data();
  Scalar* grad_x = grad_input_.data();
  for (std::size_t index = 0; index < grad_output.size(); ++index) {
    grad_x[index] = grad_y[index] * (Scalar(1) - y[index] * y[index]);
  }
  return grad_input_;
}

}  // namespace bnlab
