#include "layers/dense.hpp"

#include <utility>

#include "core/errors.hpp"

namespace bnlab {

Dense::Dense(std::size_t input_features, std::size_t units, bool has_bias)
    : input_features_(input_features), units_(units), has_bias_(has_bias) {
  weight_ = Tensor::from_shape({units, input_features});
  weight_.fill(0);
  weight_gradient_ = Tensor::from_shape({units, input_features});
  weight_gradient_.fill(0);
  if (has_bias_) {
    bias_ = Tensor::from_shape({units});
    bias_.fill(0);
    bias_gradient_ = Tensor::from_shape({units});
    bias_gradient_.fill(0);
  }
}

const Tensor& Dense::forward(const Tensor& input, Mode mode) {
  if (input.dimension() != 2 || input.shape()[1] != input_features_) {
    throw UsageError("dense: expected input of shape [batch, " + std::to_string(input_features_) +
                     "], got " + shape_to_string(shape_of(input)));
  }
  saved_input_ = &input;
  ensure_shape(output_, {input.shape()[0], units_});
  const ConstMatrixMap x = as_matrix(input);
  const ConstMatrixMap weight = as_matrix(std::as_const(weight_));
  MatrixMap y = as_matrix(output_);
  y.noalias() = x * weight.transpose();
  if (has_bias_) y.rowwise() += as_vector(bias_).transpose();
  return output_;
}

const Tensor& Dense::backward(const Tensor& grad_output) {
  // dW = dyᵀ·x, db = Σ_batch dy, dx = dy·W.
  const ConstMatrixMap grad_y = as_matrix(grad_output);
  const ConstMatrixMap x = as_matrix(*saved_input_);
  as_matrix(weight_gradient_).noalias() = grad_y.transpose() * x;
  if (has_bias_) as_vector(bias_gradient_) = grad_y.colwise().sum().transpose();
  if (!input_gradient_needed_) return grad_input_;
  ensure_same_shape(grad_input_, *saved_input_);
  as_matrix(grad_input_).noalias() = grad_y * as_matrix(weight_);
  return grad_input_;
}

std::vector<Parameter> Dense::parameters() {
  std::vector<Parameter> parameters{{"weight", &weight_, &weight_gradient_}};
  if (has_bias_) parameters.push_back({"bias", &bias_, &bias_gradient_});
  return parameters;
}

}  // namespace bnlab
