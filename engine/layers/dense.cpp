#include "layers/dense.hpp"

#include <utility>

#include "core/errors.hpp"
#include "core/matrix_product.hpp"

namespace bnlab {

namespace {

#if BNLAB_OWN_MATRIX_PRODUCT
// A 2-D tensor as the matrix it is, and as its transpose (read in place, nothing copied).
StridedMatrix matrix_of(const Tensor& tensor) {
  const std::size_t rows = tensor.shape()[0];
  const std::size_t columns = tensor.shape()[1];
  return {tensor.data(), rows, columns, static_cast<std::ptrdiff_t>(columns), 1};
}

StridedMatrix transpose_of(const Tensor& tensor) {
  const std::size_t rows = tensor.shape()[0];
  const std::size_t columns = tensor.shape()[1];
  return {tensor.data(), columns, rows, 1, static_cast<std::ptrdiff_t>(columns)};
}

// product = a · b, product being a 2-D tensor of the right shape already.
void multiply_into(const StridedMatrix& a, const StridedMatrix& b, Tensor& product) {
  multiply(a, b, product.data(), static_cast<std::ptrdiff_t>(product.shape()[1]));
}
#endif

}  // namespace

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
  MatrixMap y = as_matrix(output_);
#if BNLAB_OWN_MATRIX_PRODUCT
  multiply_into(matrix_of(input), transpose_of(weight_), output_);
#else
  y.noalias() = as_matrix(input) * as_matrix(std::as_const(weight_)).transpose();
#endif
  if (has_bias_) y.rowwise() += as_vector(bias_).transpose();
  return output_;
}

const Tensor& Dense::backward(const Tensor& grad_output) {
  // dW = dyᵀ·x, db = Σ_batch dy, dx = dy·W.
  const ConstMatrixMap grad_y = as_matrix(grad_output);
#if BNLAB_OWN_MATRIX_PRODUCT
  multiply_into(transpose_of(grad_output), matrix_of(*saved_input_), weight_gradient_);
#else
  as_matrix(weight_gradient_).noalias() = grad_y.transpose() * as_matrix(*saved_input_);
#endif
  if (has_bias_) as_vector(bias_gradient_) = grad_y.colwise().sum().transpose();
  if (!input_gradient_needed_) return grad_input_;
  ensure_same_shape(grad_input_, *saved_input_);
#if BNLAB_OWN_MATRIX_PRODUCT
  multiply_into(matrix_of(grad_output), matrix_of(weight_), grad_input_);
#else
  as_matrix(grad_input_).noalias() = grad_y * as_matrix(weight_);
#endif
  return grad_input_;
}

std::vector<Parameter> Dense::parameters() {
  std::vector<Parameter> parameters{{"weight", &weight_, &weight_gradient_}};
  if (has_bias_) parameters.push_back({"bias", &bias_, &bias_gradient_});
  return parameters;
}

}  // namespace bnlab
