#include "layers/leaky_relu.hpp"

namespace bnlab {

const Tensor& LeakyRelu::forward(const Tensor& input, Mode mode) {
  saved_input_ = &input;
  ensure_same_shape(output_, input);
  const Scalar* x = input.data();
  Scalar* y = output_.data();
  for (std::size_t index = 0; index < input.size(); ++index) {
    y[index] = x[index] > Scalar(0) ? x[index] : negative_slope_ * x[index];
  }
  return output_;
}

const Tensor& LeakyRelu::backward(const Tensor& grad_output) {
  // dx = dy for x > 0, slope·dy otherwise.
  ensure_same_shape(grad_input_, grad_output);
  const Scalar* x = saved_input_->data();
  const Scalar* grad_y = grad_output.data();
  Scalar* grad_x = grad_input_.data();
  for (std::size_t index = 0; index < grad_output.size(); ++index) {
    grad_x[index] = x[index] > Scalar(0) ? grad_y[index] : negative_slope_ * grad_y[index];
  }
  return grad_input_;
}

}  // namespace bnlab
