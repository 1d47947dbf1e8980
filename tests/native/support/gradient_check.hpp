#pragma once
// One generic finite-difference checker for every layer, loss and whole network (built only
// into the double-precision test program). For a layer it checks d(loss)/d(input) and
// d(loss)/d(every parameter) of loss = Σ output ⊙ R with a fixed random R, by central
// differences; for a network, d(loss)/d(every parameter) of its cross-entropy loss.
// A value passes when |analytic − numeric| <= absolute + relative · max(|analytic|, |numeric|).

#include <cmath>
#include <cstdint>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/tensor.hpp"
#include "layers/layer.hpp"
#include "losses/loss.hpp"
#include "network/network.hpp"
#include "support/tensors.hpp"

namespace bnlab::testing {

static_assert(sizeof(Scalar) == sizeof(double), "gradient checks need the double-precision engine");

struct Tolerance {
  double absolute = 1e-7;
  double relative = 1e-5;
  double step = 1e-5;
};

inline Tensor random_tensor(const Shape& shape, std::uint64_t seed, double scale = 1.0) {
  return normal_tensor(shape, seed, 99, 0.0, scale);
}

inline double projected_sum(const Tensor& output, const Tensor& projection) {
  double sum = 0.0;
  for (std::size_t index = 0; index < output.size(); ++index) {
    sum += output.data()[index] * projection.data()[index];
  }
  return sum;
}

// Compares one analytic derivative with its numeric estimate; returns false (and records a
// gtest failure naming the element) when they disagree.
inline bool check_close(double analytic, double numeric, const Tolerance& tolerance,
                        const std::string& what) {
  const double allowed =
      tolerance.absolute + tolerance.relative * std::max(std::abs(analytic), std::abs(numeric));
  if (std::abs(analytic - numeric) <= allowed && std::isfinite(analytic)) return true;
  ADD_FAILURE() << what << ": analytic " << analytic << " vs numeric " << numeric;
  return false;
}

// Checks a layer's backward against central differences. before_forward runs before every
// forward call (e.g. to restart a dropout mask stream so every evaluation uses one mask).
inline void expect_layer_gradients(Layer& layer, Tensor input, Mode mode,
                                   const Tolerance& tolerance = {},
                                   const std::function<void()>& before_forward = {}) {
  const auto evaluate = [&](const Tensor& projection) {
    if (before_forward) before_forward();
    return projected_sum(layer.forward(input, mode), projection);
  };
  if (before_forward) before_forward();
  const Tensor output = layer.forward(input, mode);
  const Tensor projection = random_tensor(shape_of(output), 4242);
  const Tensor grad_input = layer.backward(projection);
  ASSERT_EQ(shape_of(grad_input), shape_of(input)) << layer.kind() << ": input gradient shape";

  int failures = 0;
  for (std::size_t index = 0; index < input.size() && failures < 5; ++index) {
    const Scalar saved = input.data()[index];
    input.data()[index] = saved + tolerance.step;
    const double plus = evaluate(projection);
    input.data()[index] = saved - tolerance.step;
    const double minus = evaluate(projection);
    input.data()[index] = saved;
    std::ostringstream what;
    what << layer.kind() << " d/d input[" << index << "]";
    if (!check_close(grad_input.data()[index], (plus - minus) / (2 * tolerance.step), tolerance,
                     what.str())) {
      ++failures;
    }
  }

  // Re-run forward/backward so the parameter gradients belong to the unperturbed input.
  if (before_forward) before_forward();
  layer.forward(input, mode);
  layer.backward(projection);
  for (const Parameter& parameter : layer.parameters()) {
    const Tensor analytic = *parameter.gradient;
    ASSERT_EQ(analytic.size(), parameter.value->size()) << parameter.role;
    for (std::size_t index = 0; index < parameter.value->size() && failures < 10; ++index) {
      Scalar& value = parameter.value->data()[index];
      const Scalar saved = value;
      value = saved + tolerance.step;
      const double plus = evaluate(projection);
      value = saved - tolerance.step;
      const double minus = evaluate(projection);
      value = saved;
      std::ostringstream what;
      what << layer.kind() << " d/d " << parameter.role << "[" << index << "]";
      if (!check_close(analytic.data()[index], (plus - minus) / (2 * tolerance.step), tolerance,
                       what.str())) {
        ++failures;
      }
    }
  }
}

// Checks a loss's backward (gradient of the mean loss w.r.t. the prediction).
inline void expect_loss_gradient(Loss& loss, Tensor prediction, const Targets& targets,
                                 const Tolerance& tolerance = {}) {
  loss.forward(prediction, targets);
  const Tensor analytic = loss.backward();
  ASSERT_EQ(shape_of(analytic), shape_of(prediction)) << loss.kind();
  for (std::size_t index = 0; index < prediction.size(); ++index) {
    const Scalar saved = prediction.data()[index];
    prediction.data()[index] = saved + tolerance.step;
    const double plus = loss.forward(prediction, targets);
    prediction.data()[index] = saved - tolerance.step;
    const double minus = loss.forward(prediction, targets);
    prediction.data()[index] = saved;
    std::ostringstream what;
    what << loss.kind() << " d/d prediction[" << index << "]";
    check_close(analytic.data()[index], (plus - minus) / (2 * tolerance.step), tolerance,
                what.str());
  }
}

// Checks a whole network's backward in train mode: d(mean cross-entropy of network(inputs)
// against labels)/d(every parameter), against central differences.
inline void expect_network_gradients(Network& network, const Tensor& inputs,
                                     const std::vector<std::int32_t>& labels,
                                     const Tolerance& tolerance = {}) {
  const auto loss = make_loss(LossKind::cross_entropy);
  const Targets targets{&labels, nullptr};
  const auto evaluate = [&] { return loss->forward(network.forward(inputs, Mode::train), targets); };
  evaluate();
  network.backward(loss->backward());
  std::vector<Tensor> analytic;
  for (const Parameter& parameter : network.parameters()) analytic.push_back(*parameter.gradient);

  for (std::size_t which = 0; which < network.parameters().size(); ++which) {
    Tensor& value = *network.parameters()[which].value;
    for (std::size_t index = 0; index < value.size(); ++index) {
      const double saved = value.data()[index];
      value.data()[index] = saved + tolerance.step;
      const double plus = evaluate();
      value.data()[index] = saved - tolerance.step;
      const double minus = evaluate();
      value.data()[index] = saved;
      check_close(analytic[which].data()[index], (plus - minus) / (2 * tolerance.step), tolerance,
                  network.named_parameters()[which].name + "[" + std::to_string(index) + "]");
    }
  }
}

}  // namespace bnlab::testing
