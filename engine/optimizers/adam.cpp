#include "optimizers/adam.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/finite.hpp"
#include "optimizers/parameter_layout.hpp"

namespace bnlab {

namespace {
const char* const optimizer_name = "adam";

// The step's coefficients, the same for every tensor.
struct AdamCoefficients {
  Scalar weight_decay, beta1, one_minus_beta1, beta2, one_minus_beta2, step_size, bias_correction2_sqrt, epsilon;
};

// One tensor's update; returns the largest exponent field written (core/finite.hpp). The four
// arrays are four tensors and never overlap: __restrict says so, and clang then vectorizes the
// loop. With the pointers as locals of Adam::step it left the loop scalar ("cannot prove it is
// safe to reorder memory operations"; clang ignores __restrict on local pointers).
finite_watch::Bits update_tensor(Scalar* __restrict value, const Scalar* __restrict gradient,
                                 Scalar* __restrict first_moment, Scalar* __restrict second_moment,
                                 std::size_t count, const AdamCoefficients& c) {
  finite_watch::Bits largest_exponent = 0;
  for (std::size_t i = 0; i < count; ++i) {
    // g = ∇ + wd·p;  m = β₁·m + (1 − β₁)·g;  v = β₂·v + (1 − β₂)·g²
    const Scalar g = gradient[i] + c.weight_decay * value[i];
    first_moment[i] = c.beta1 * first_moment[i] + c.one_minus_beta1 * g;
    second_moment[i] = c.beta2 * second_moment[i] + c.one_minus_beta2 * g * g;
    // p −= lr/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)
    const Scalar denominator = std::sqrt(second_moment[i]) / c.bias_correction2_sqrt + c.epsilon;
    value[i] -= c.step_size * first_moment[i] / denominator;
    largest_exponent = std::max(largest_exponent, finite_watch::exponent_of(value[i]));
  }
  return largest_exponent;
}

}  // namespace

Adam::Adam(const OptimizerSpec& spec)
    : learning_rate_(spec.learning_rate),
      weight_decay_(static_cast<Scalar>(spec.weight_decay)),
      beta1_(spec.beta1),
      beta2_(spec.beta2),
      epsilon_(static_cast<Scalar>(spec.epsilon)) {
  require(std::isfinite(spec.learning_rate) && spec.learning_rate >= 0, optimizer_name,
          "learning_rate must be >= 0");
  require(std::isfinite(spec.weight_decay) && spec.weight_decay >= 0, optimizer_name,
          "weight_decay must be >= 0");
  require(spec.beta1 >= 0 && spec.beta1 < 1, optimizer_name, "beta1 must be in [0, 1)");
  require(spec.beta2 >= 0 && spec.beta2 < 1, optimizer_name, "beta2 must be in [0, 1)");
  require(std::isfinite(spec.epsilon) && spec.epsilon >= 0, optimizer_name, "epsilon must be >= 0");
}

bool Adam::step(const std::vector<Parameter>& parameters) {
  const bool first_step = steps_taken_ == 0;
  check_layout(optimizer_name, parameters, parameter_sizes_, first_step);
  if (first_step) {
    for (const Parameter& parameter : parameters) {
      parameter_sizes_.push_back(parameter.value->size());
      first_moments_.emplace_back(Tensor::from_shape({parameter.value->size()}));
      first_moments_.back().fill(0);
      second_moments_.emplace_back(Tensor::from_shape({parameter.value->size()}));
      second_moments_.back().fill(0);
    }
  }

  // Bias corrections in double, folded as PyTorch does: step_size = lr/(1 − β₁ᵗ) and
  // √v̂ = √v / √(1 − β₂ᵗ).
  const double t = static_cast<double>(steps_taken_ + 1);
  const AdamCoefficients coefficients{
      weight_decay_,
      static_cast<Scalar>(beta1_),
      static_cast<Scalar>(1.0 - beta1_),
      static_cast<Scalar>(beta2_),
      static_cast<Scalar>(1.0 - beta2_),
      static_cast<Scalar>(learning_rate_ / (1.0 - std::pow(beta1_, t))),
      static_cast<Scalar>(std::sqrt(1.0 - std::pow(beta2_, t))),
      epsilon_,
  };
  finite_watch::Bits largest_exponent = 0;
  for (std::size_t index = 0; index < parameters.size(); ++index) {
    largest_exponent = std::max(
        largest_exponent,
        update_tensor(parameters[index].value->data(), parameters[index].gradient->data(), first_moments_[index].data(),
                      second_moments_[index].data(), parameters[index].value->size(), coefficients));
  }
  ++steps_taken_;
  return finite_watch::all_finite(largest_exponent);
}

}  // namespace bnlab
