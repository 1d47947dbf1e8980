#include "layers/sigmoid.hpp"

#include <cmath>

namespace bnlab {

const Tensor& Sigmoid::forward(const Tensor& input, Mode mode) {
  ensure_same_shape(output_, input);
  const Scalar* x = input.data();
  Scalar* y = output_.data();
  for (std::size_t index = 0; index < input.size(); ++index) {
    y[index] = Scalar(1) / (Scalar(1) + std::exp(-x[index]));
  }
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
