#include "optimizers/sgd.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "core/finite.hpp"
#include "optimizers/parameter_layout.hpp"

namespace bnlab {

namespace {
const char* name_of(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::sgd: return "sgd";
    case OptimizerKind::momentum: return "momentum";
    case OptimizerKind::nesterov: return "nesterov";
    default: throw UsageError("Sgd: spec.kind must be sgd, momentum or nesterov");
  }
}

}  // namespace

Sgd::Sgd(const OptimizerSpec& spec)
    : name_(name_of(spec.kind)),
      learning_rate_(static_cast<Scalar>(spec.learning_rate)),
      weight_decay_(static_cast<Scalar>(spec.weight_decay)),
      uses_momentum_(spec.kind != OptimizerKind::sgd),
      nesterov_(spec.kind == OptimizerKind::nesterov),
      momentum_(uses_momentum_ ? static_cast<Scalar>(spec.momentum) : Scalar(0)),
      dampening_(uses_momentum_ ? static_cast<Scalar>(spec.dampening) : Scalar(0)) {
  require(std::isfinite(spec.learning_rate) && spec.learning_rate >= 0, name_,
          "learning_rate must be >= 0");
  require(std::isfinite(spec.weight_decay) && spec.weight_decay >= 0, name_,
          "weight_decay must be >= 0");
  if (uses_momentum_) {
    require(std::isfinite(spec.momentum) && spec.momentum >= 0, name_, "momentum must be >= 0");
    require(std::isfinite(spec.dampening) && spec.dampening >= 0 && spec.dampening <= 1, name_,
            "dampening must be in [0, 1]");
    require(!nesterov_ || spec.dampening == 0, name_, "nesterov momentum requires dampening 0");
  }
}

bool Sgd::step(const std::vector<Parameter>& parameters) {
  const bool first_step = steps_taken_ == 0;
  check_layout(name_, parameters, parameter_sizes_, first_step);
  if (first_step) {
    for (const Parameter& parameter : parameters) {
      parameter_sizes_.push_back(parameter.value->size());
      if (uses_momentum_) {
        momentum_buffers_.emplace_back(Tensor::from_shape({parameter.value->size()}));
        momentum_buffers_.back().fill(0);
      }
    }
  }

  finite_watch::Bits largest_exponent = 0;
  for (std::size_t index = 0; index < parameters.size(); ++index) {
    Scalar* value = parameters[index].value->data();
    const Scalar* gradient = parameters[index].gradient->data();
    const std::size_t count = parameters[index].value->size();
    if (!uses_momentum_) {
      // p −= lr·(∇ + wd·p)
      for (std::size_t i = 0; i < count; ++i) {
        value[i] -= learning_rate_ * (gradient[i] + weight_decay_ * value[i]);
        largest_exponent = std::max(largest_exponent, finite_watch::exponent_of(value[i]));
      }
      continue;
    }
    // One loop for all three rules, their differences folded into coefficients that are
    // exact (0 and 1): clang vectorizes it together with the finite watch, where the rules
    // as branches inside the loop left it scalar.
    //   buf = keep·buf + take·g   (first step: keep 0, take 1; after: μ and 1 − τ)
    //   p −= lr·(look·g + carry·buf)   (nesterov: look 1, carry μ; momentum: look 0, carry 1)
    const Scalar keep = first_step ? Scalar(0) : momentum_;
    const Scalar take = first_step ? Scalar(1) : Scalar(1) - dampening_;
    const Scalar look = nesterov_ ? Scalar(1) : Scalar(0);
    const Scalar carry = nesterov_ ? momentum_ : Scalar(1);
    Scalar* buffer = momentum_buffers_[index].data();
    for (std::size_t i = 0; i < count; ++i) {
      const Scalar g = gradient[i] + weight_decay_ * value[i];  // g = ∇ + wd·p
      buffer[i] = keep * buffer[i] + take * g;
      value[i] -= learning_rate_ * (look * g + carry * buffer[i]);
      largest_exponent = std::max(largest_exponent, finite_watch::exponent_of(value[i]));
    }
  }
  ++steps_taken_;
  return finite_watch::all_finite(largest_exponent);
}

}  // namespace bnlab
