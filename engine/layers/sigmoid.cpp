#include "layers/sigmoid.hpp"

namespace bnlab {

const Tensor& Sigmoid::forward(const Tensor& input, Mode mode) {
  ensure_same_shape(output_, input);
  // Eigen's vectorized logistic (for float a rational approximation within a couple of ulps
  // of 1/(1+e^−x)) rather than std::exp per element, a libm call that does not vectorize.
  as_vector(output_).array() = as_vector(input).array().logistic();
  return output_;
}

const Tensor& Sigmoid::backward(const Tensor& grad_output) {
  // dx = dy·σ(x)·(1 − σ(x)), from the saved output σ(x).
  ensure_same_shape(grad_input_, grad_output);
  const Scalar* y = output_.data();
  const Scalar* grad_y = grad_output.data();
  Scalar* grad_x = grad_input_.data();
  for (std::size_t index = 0; index < grad_output.size(); ++index) {
    grad_x[index] = grad_y[index] * y[index] * (Scalar(1) - y[index]);
  }
  return grad_input_;
}

}  // namespace bnlab
