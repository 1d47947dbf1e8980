#include "layers/tanh.hpp"

#include <cmath>

namespace bnlab {

const Tensor& Tanh::forward(const Tensor& input, Mode mode) {
  ensure_same_shape(output_, input);
  const Scalar* x = input.data();
  Scalar* y = output_.data();
  for (std::size_t index = 0; index < input.size(); ++index) y[index] = std::tanh(x[index]);
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
