#include "layers/relu.hpp"

namespace bnlab {

const Tensor& Relu::forward(const Tensor& input, Mode mode) {
  ensure_same_shape(output_, input);
  const Scalar* x = input.data();
  Scalar* y = output_.data();
  for (std::size_t index = 0; index < input.size(); ++index) {
    y[index] = x[index] > Scalar(0) ? x[index] : Scalar(0);
  }
  return output_;
}

const Tensor& Relu::backward(const Tensor& grad_output) {
  // dx = dy where x > 0 (equivalently y > 0), else 0.
  ensure_same_shape(grad_input_, grad_output);
  const Scalar* y = output_.data();
  const Scalar* grad_y = grad_output.data();
  Scalar* grad_x = grad_input_.data();
  for (std::size_t index = 0; index < grad_output.size(); ++index) {
    // Both operands are loaded before the select, so the compiler emits a branch-free,
    // vectorized loop (a branch mispredicts on the random signs of a layer's inputs).
    const Scalar gradient = grad_y[index];
    grad_x[index] = y[index] > Scalar(0) ? gradient : Scalar(0);
  }
  return grad_input_;
}

}  // namespace bnlab
