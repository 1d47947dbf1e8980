#include "layers/prelu.hpp"

namespace bnlab {

Prelu::Prelu(Shape sample_shape, double initial_alpha, bool per_feature)
    : Activation(std::move(sample_shape)) {
  const std::size_t alpha_count = per_feature ? sample_shape_.at(0) : 1;
  values_per_channel_ = element_count(sample_shape_) / sample_shape_.at(0);
  alpha_ = Tensor::from_shape({alpha_count});
  alpha_.fill(static_cast<Scalar>(initial_alpha));
  alpha_gradient_ = xt::zeros<Scalar>({alpha_count});
}

std::size_t Prelu::alpha_index(std::size_t index_in_sample) const {
  return alpha_.size() == 1 ? 0 : index_in_sample / values_per_channel_;
}

const Tensor& Prelu::forward(const Tensor& input, Mode mode) {
  saved_input_ = &input;
  ensure_same_shape(output_, input);
  const std::size_t sample_size = element_count(sample_shape_);
  const Scalar* x = input.data();
  Scalar* y = output_.data();
  for (std::size_t index = 0; index < input.size(); ++index) {
    const Scalar slope = alpha_(alpha_index(index % sample_size));
    y[index] = x[index] > Scalar(0) ? x[index] : slope * x[index];
  }
  return output_;
}

const Tensor& Prelu::backward(const Tensor& grad_output) {
  // dx = dy for x > 0, α·dy otherwise; dα = Σ_{x ≤ 0} x·dy (per α).
  ensure_same_shape(grad_input_, grad_output);
  const std::size_t sample_size = element_count(sample_shape_);
  const Scalar* x = saved_input_->data();
  const Scalar* grad_y = grad_output.data();
  Scalar* grad_x = grad_input_.data();
  std::vector<double> alpha_sums(alpha_.size(), 0.0);
  for (std::size_t index = 0; index < grad_output.size(); ++index) {
    const std::size_t which = alpha_index(index % sample_size);
    if (x[index] > Scalar(0)) {
      grad_x[index] = grad_y[index];
    } else {
      grad_x[index] = alpha_(which) * grad_y[index];
      alpha_sums[which] += static_cast<double>(x[index]) * grad_y[index];
    }
  }
  for (std::size_t which = 0; which < alpha_.size(); ++which) {
    alpha_gradient_(which) = static_cast<Scalar>(alpha_sums[which]);
  }
  return grad_input_;
}

std::vector<Parameter> Prelu::parameters() { return {{"alpha", &alpha_, &alpha_gradient_}}; }

}  // namespace bnlab
