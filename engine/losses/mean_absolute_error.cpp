#include "losses/mean_absolute_error.hpp"

#include <cmath>

#include "core/errors.hpp"

namespace bnlab {

namespace {
void check_inputs(const Tensor& prediction, const Targets& targets) {
  if (targets.values == nullptr) {
    throw UsageError("mean_absolute_error: needs target values (targets.values is missing)");
  }
  if (shape_of(prediction) != shape_of(*targets.values)) {
    throw UsageError("mean_absolute_error: prediction has shape " +
                     shape_to_string(shape_of(prediction)) + " but targets have shape " +
                     shape_to_string(shape_of(*targets.values)));
  }
  if (prediction.size() == 0) throw UsageError("mean_absolute_error: empty batch");
}
}  // namespace

double MeanAbsoluteError::forward(const Tensor& prediction, const Targets& targets) {
  check_inputs(prediction, targets);
  ensure_same_shape(difference_, prediction);
  const Scalar* x = prediction.data();
  const Scalar* y = targets.values->data();
  Scalar* difference = difference_.data();
  // loss = Σ |x − y| / numel
  double absolute_sum = 0.0;
  for (std::size_t index = 0; index < prediction.size(); ++index) {
    const double delta = double(x[index]) - double(y[index]);
    difference[index] = static_cast<Scalar>(delta);
    absolute_sum += std::abs(delta);
  }
  has_forward_ = true;
  return absolute_sum / static_cast<double>(prediction.size());
}

const Tensor& MeanAbsoluteError::backward() {
  // d(Σ |x − y| / numel)/dx = sign(x − y) / numel, with sign(0) = 0 as in PyTorch.
  if (!has_forward_) throw UsageError("mean_absolute_error: backward() called before forward()");
  ensure_same_shape(grad_prediction_, difference_);
  const Scalar scale = static_cast<Scalar>(1.0 / static_cast<double>(difference_.size()));
  const Scalar* difference = difference_.data();
  Scalar* grad = grad_prediction_.data();
  for (std::size_t index = 0; index < difference_.size(); ++index) {
    const Scalar delta = difference[index];
    const Scalar sign = delta > 0 ? Scalar(1) : (delta < 0 ? Scalar(-1) : Scalar(0));
    grad[index] = sign * scale;
  }
  return grad_prediction_;
}

}  // namespace bnlab
