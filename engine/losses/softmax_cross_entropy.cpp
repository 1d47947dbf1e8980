#include "losses/softmax_cross_entropy.hpp"

#include <cmath>
#include <string>

#include "core/errors.hpp"

namespace bnlab {

namespace {
void check_inputs(const Tensor& prediction, const Targets& targets) {
  if (prediction.dimension() != 2 || prediction.shape()[0] == 0 || prediction.shape()[1] == 0) {
    throw UsageError("cross_entropy: expected logits of shape [batch, classes] with batch >= 1 "
                     "and classes >= 1, got " + shape_to_string(shape_of(prediction)));
  }
  if (targets.labels == nullptr) {
    throw UsageError("cross_entropy: needs class labels (targets.labels is missing)");
  }
  if (targets.labels->size() != prediction.shape()[0]) {
    throw UsageError("cross_entropy: " + std::to_string(prediction.shape()[0]) +
                     " rows of logits but " + std::to_string(targets.labels->size()) + " labels");
  }
  const std::size_t class_count = prediction.shape()[1];
  for (std::size_t sample = 0; sample < targets.labels->size(); ++sample) {
    const std::int32_t label = (*targets.labels)[sample];
    if (label < 0 || static_cast<std::size_t>(label) >= class_count) {
      throw UsageError("cross_entropy: sample " + std::to_string(sample) + " has label " +
                       std::to_string(label) + ", expected a class in [0, " +
                       std::to_string(class_count) + ")");
    }
  }
}
}  // namespace

double SoftmaxCrossEntropy::forward(const Tensor& prediction, const Targets& targets) {
  check_inputs(prediction, targets);
  const std::size_t sample_count = prediction.shape()[0];
  const std::size_t class_count = prediction.shape()[1];
  ensure_same_shape(probabilities_, prediction);
  saved_labels_.assign(targets.labels->begin(), targets.labels->end());
  row_exps_.resize(class_count);  // no allocation after the first call

  // loss_n = log Σ_k exp(z_nk) − z_n,t = m + log Σ_k exp(z_nk − m) − z_n,t with m = max_k z_nk,
  // so the largest exponent is exp(0) and nothing overflows.
  double loss_sum = 0.0;
  for (std::size_t sample = 0; sample < sample_count; ++sample) {
    const Scalar* logits = prediction.data() + sample * class_count;
    Scalar* probabilities = probabilities_.data() + sample * class_count;
    double row_max = logits[0];
    for (std::size_t k = 1; k < class_count; ++k) row_max = std::max(row_max, double(logits[k]));
    // One exp per logit (a libm call in WebAssembly), kept for the probabilities:
    // softmax_k = exp(z_k − m) / Σ exp(z_j − m), half the calls of exp(z_k − m − log Σ).
    double exp_sum = 0.0;
    for (std::size_t k = 0; k < class_count; ++k) {
      row_exps_[k] = std::exp(double(logits[k]) - row_max);
      exp_sum += row_exps_[k];
    }
    const double log_exp_sum = std::log(exp_sum);
    for (std::size_t k = 0; k < class_count; ++k) {
      probabilities[k] = static_cast<Scalar>(row_exps_[k] / exp_sum);
    }
    loss_sum += row_max + log_exp_sum - double(logits[saved_labels_[sample]]);
  }
  has_forward_ = true;
  return loss_sum / static_cast<double>(sample_count);
}

const Tensor& SoftmaxCrossEntropy::backward() {
  // d(mean_n loss_n)/dz_nk = (softmax(z_n)_k − [k == t_n]) / N.
  if (!has_forward_) throw UsageError("cross_entropy: backward() called before forward()");
  const std::size_t sample_count = probabilities_.shape()[0];
  const std::size_t class_count = probabilities_.shape()[1];
  ensure_same_shape(grad_prediction_, probabilities_);
  const double inverse_count = 1.0 / static_cast<double>(sample_count);
  for (std::size_t sample = 0; sample < sample_count; ++sample) {
    const Scalar* probabilities = probabilities_.data() + sample * class_count;
    Scalar* grad = grad_prediction_.data() + sample * class_count;
    for (std::size_t k = 0; k < class_count; ++k) {
      const double one_hot = static_cast<std::size_t>(saved_labels_[sample]) == k ? 1.0 : 0.0;
      grad[k] = static_cast<Scalar>((double(probabilities[k]) - one_hot) * inverse_count);
    }
  }
  return grad_prediction_;
}

}  // namespace bnlab
