#include "optimizers/adagrad.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/finite.hpp"
#include "optimizers/parameter_layout.hpp"

namespace bnlab {

namespace {
const char* const optimizer_name = "adagrad";

}  // namespace

Adagrad::Adagrad(const OptimizerSpec& spec)
    : learning_rate_(static_cast<Scalar>(spec.learning_rate)),
      weight_decay_(static_cast<Scalar>(spec.weight_decay)),
      epsilon_(static_cast<Scalar>(spec.epsilon)),
      initial_accumulator_(static_cast<Scalar>(spec.initial_accumulator)) {
  require(std::isfinite(spec.learning_rate) && spec.learning_rate >= 0, optimizer_name,
          "learning_rate must be >= 0");
  require(std::isfinite(spec.weight_decay) && spec.weight_decay >= 0, optimizer_name,
          "weight_decay must be >= 0");
  require(std::isfinite(spec.epsilon) && spec.epsilon >= 0, optimizer_name, "epsilon must be >= 0");
  require(std::isfinite(spec.initial_accumulator) && spec.initial_accumulator >= 0, optimizer_name,
          "initial_accumulator must be >= 0");
}

bool Adagrad::step(const std::vector<Parameter>& parameters) {
  const bool first_step = steps_taken_ == 0;
  check_layout(optimizer_name, parameters, parameter_sizes_, first_step);
  if (first_step) {
    for (const Parameter& parameter : parameters) {
      parameter_sizes_.push_back(parameter.value->size());
      squared_gradient_sums_.emplace_back(Tensor::from_shape({parameter.value->size()}));
      squared_gradient_sums_.back().fill(initial_accumulator_);
    }
  }

  finite_watch::Bits largest_exponent = 0;
  for (std::size_t index = 0; index < parameters.size(); ++index) {
    Scalar* value = parameters[index].value->data();
    const Scalar* gradient = parameters[index].gradient->data();
    Scalar* squared_sum = squared_gradient_sums_[index].data();
    const std::size_t count = parameters[index].value->size();
    for (std::size_t i = 0; i < count; ++i) {
      // g = ∇ + wd·p;  s += g²;  p −= lr·g/(√s + ε)
      const Scalar g = gradient[i] + weight_decay_ * value[i];
      squared_sum[i] += g * g;
      value[i] -= learning_rate_ * g / (std::sqrt(squared_sum[i]) + epsilon_);
      largest_exponent = std::max(largest_exponent, finite_watch::exponent_of(value[i]));
    }
  }
  ++steps_taken_;
  return finite_watch::all_finite(largest_exponent);
}

}  // namespace bnlab
