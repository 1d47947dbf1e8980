#include "layers/dropout.hpp"

namespace bnlab {

Dropout::Dropout(Shape sample_shape, double probability, Rng mask_stream)
    : sample_shape_(std::move(sample_shape)), probability_(probability), mask_stream_(mask_stream) {}

const Tensor& Dropout::forward(const Tensor& input, Mode mode) {
  last_mode_ = mode;
  if (mode == Mode::eval) {
    output_ = input;
    return output_;
  }
  ensure_same_shape(mask_, input);
  ensure_same_shape(output_, input);
  const Scalar keep_scale =
      probability_ >= 1.0 ? Scalar(0) : static_cast<Scalar>(1.0 / (1.0 - probability_));
  const Scalar* x = input.data();
  Scalar* mask = mask_.data();
  Scalar* y = output_.data();
  for (std::size_t index = 0; index < input.size(); ++index) {
    mask[index] = mask_stream_.next_unit() < probability_ ? Scalar(0) : keep_scale;
    y[index] = x[index] * mask[index];
  }
  return output_;
}

const Tensor& Dropout::backward(const Tensor& grad_output) {
  // dx = dy·mask in training (mask holds 0 or 1/(1−p)); dx = dy in eval.
  if (last_mode_ == Mode::eval) {
    grad_input_ = grad_output;
    return grad_input_;
  }
  ensure_same_shape(grad_input_, grad_output);
  const Scalar* grad_y = grad_output.data();
  const Scalar* mask = mask_.data();
  Scalar* grad_x = grad_input_.data();
  for (std::size_t index = 0; index < grad_output.size(); ++index) {
    grad_x[index] = grad_y[index] * mask[index];
  }
  return grad_input_;
}

}  // namespace bnlab
