#include "losses/mean_squared_error.hpp"

#include "core/errors.hpp"

namespace bnlab {

namespace {
void check_inputs(const Tensor& prediction, const Targets& targets) {
  if (targets.values == nullptr) {
    throw UsageError("mean_squared_error: needs target values (targets.values is missing)");
  }
  if (shape_of(prediction) != shape_of(*targets.values)) {
    throw UsageError("mean_squared_error: prediction has shape " +
                     shape_to_string(shape_of(prediction)) + " but targets have shape " +
                     shape_to_string(shape_of(*targets.values)));
  }
  if (prediction.size() == 0) throw UsageError("mean_squared_error: empty batch");
}
}  // namespace

double MeanSquaredError::forward(const Tensor& prediction, const Targets& targets) {
  check_inputs(prediction, targets);
  ensure_same_shape(difference_, prediction);
  const Scalar* x = prediction.data();
  const Scalar* y = targets.values->data();
  Scalar* difference = difference_.data();
  // loss = Σ (x − y)² / numel
  double squared_sum = 0.0;
  for (std::size_t index = 0; index < prediction.size(); ++index) {
    const double delta = double(x[index]) - double(y[index]);
    difference[index] = static_cast<Scalar>(delta);
    squared_sum += delta * delta;
  }
  has_forward_ = true;
  return squared_sum / static_cast<double>(prediction.size());
}

const Tensor& MeanSquaredError::backward() {
  // d(Σ (x − y)² / numel)/dx = 2(x − y) / numel.
  if (!has_forward_) throw UsageError("mean_squared_error: backward() called before forward()");
  ensure_same_shape(grad_prediction_, difference_);
  const Scalar scale = static_cast<Scalar>(2.0 / static_cast<double>(difference_.size()));
  as_vector(grad_prediction_) = scale * as_vector(difference_);
  return grad_prediction_;
}

}  // namespace bnlab
