#include "layers/identity.hpp"

namespace bnlab {

const Tensor& Identity::forward(const Tensor& input, Mode mode) {
  output_ = input;
  return output_;
}

const Tensor& Identity::backward(const Tensor& grad_output) {
  // dx = dy.
  grad_input_ = grad_output;
  return grad_input_;
}

}  // namespace bnlab
