// Optimizers against their PyTorch formulas, written out step by step in double arithmetic
// (float engine, so comparisons allow 1e-6 on values of order 1).

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "optimizers/optimizer.hpp"
#include "support/error_message.hpp"

namespace bnlab {
namespace {

using testing::error_message;

constexpr double tolerance = 1e-6;

// One scalar parameter whose gradient the test sets before every step.
struct ScalarParameter {
  Tensor value = Tensor::from_shape({1});
  Tensor gradient = Tensor::from_shape({1});
  explicit ScalarParameter(double initial) { value(0) = static_cast<Scalar>(initial); }
  std::vector<Parameter> list() { return {{"weight", &value, &gradient}}; }
};

// Runs one step with gradient ∇ and returns the new value.
double step_with(Optimizer& optimizer, ScalarParameter& parameter, double gradient) {
  parameter.gradient(0) = static_cast<Scalar>(gradient);
  optimizer.step(parameter.list());
  return parameter.value(0);
}

OptimizerSpec spec_for(OptimizerKind kind, double learning_rate) {
  OptimizerSpec spec;
  spec.kind = kind;
  spec.learning_rate = learning_rate;
  return spec;
}

const std::vector<OptimizerKind> all_kinds{OptimizerKind::sgd,     OptimizerKind::momentum,
                                           OptimizerKind::nesterov, OptimizerKind::adagrad,
                                           OptimizerKind::rmsprop, OptimizerKind::adam};

// --- each formula, three steps ----------------------------------------------------------

TEST(Sgd, WeightDecayIsAddedToTheGradientFirst) {
  OptimizerSpec spec = spec_for(OptimizerKind::sgd, 0.1);
  spec.weight_decay = 0.01;
  spec.momentum = 0.9;  // ignored by plain sgd
  const auto optimizer = make_optimizer(spec);
  ScalarParameter parameter(1.5);
  // g = ∇ + 0.01·p;  p −= 0.1·g
  const double g1 = 0.4 + 0.01 * 1.5;  // 0.415
  const double p1 = 1.5 - 0.1 * g1;    // 1.4585
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.4), p1, tolerance);
  const double g2 = -0.2 + 0.01 * p1;  // −0.185415
  const double p2 = p1 - 0.1 * g2;     // 1.4770415
  EXPECT_NEAR(step_with(*optimizer, parameter, -0.2), p2, tolerance);
  const double g3 = 0.1 + 0.01 * p2;
  const double p3 = p2 - 0.1 * g3;  // 1.4655644585
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.1), p3, tolerance);
  EXPECT_NEAR(p3, 1.4655644585, 1e-12);  // the hand value, as a check on the test itself
  EXPECT_EQ(optimizer->steps_taken(), 3u);
}

TEST(Sgd, MomentumFirstStepTakesTheWholeGradient) {
  OptimizerSpec spec = spec_for(OptimizerKind::momentum, 0.1);
  spec.momentum = 0.9;
  spec.weight_decay = 0.01;
  const auto optimizer = make_optimizer(spec);
  ScalarParameter parameter(1.0);
  // Step 1: buf = g (not (1 − μ)·g, not μ·0 + (1 − μ)·g); p −= 0.1·buf.
  const double g1 = 0.5 + 0.01 * 1.0;  // 0.51
  const double buffer1 = g1;
  const double p1 = 1.0 - 0.1 * buffer1;  // 0.949
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.5), p1, tolerance);
  // Later steps: buf = μ·buf + g.
  const double g2 = 0.5 + 0.01 * p1;
  const double buffer2 = 0.9 * buffer1 + g2;
  const double p2 = p1 - 0.1 * buffer2;
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.5), p2, tolerance);
  const double g3 = -1.0 + 0.01 * p2;
  const double buffer3 = 0.9 * buffer2 + g3;
  const double p3 = p2 - 0.1 * buffer3;
  EXPECT_NEAR(step_with(*optimizer, parameter, -1.0), p3, tolerance);
}

TEST(Sgd, DampeningScalesTheGradientAfterTheFirstStep) {
  // torch.optim.SGD([p], lr=0.1, momentum=0.9, dampening=0.5), p = 1, gradients 0.5, 0.5, −1:
  //   step 1: buf = g = 0.5 (PyTorch clones the first gradient undamped);  p = 1 − 0.05 = 0.95
  //   step 2: buf = 0.9·0.5 + 0.5·0.5 = 0.7;                             p = 0.95 − 0.07 = 0.88
  //   step 3: buf = 0.9·0.7 + 0.5·(−1) = 0.13;                           p = 0.88 − 0.013 = 0.867
  OptimizerSpec spec = spec_for(OptimizerKind::momentum, 0.1);
  spec.momentum = 0.9;
  spec.dampening = 0.5;
  const auto optimizer = make_optimizer(spec);
  ScalarParameter parameter(1.0);
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.5), 0.95, tolerance);
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.5), 0.88, tolerance);
  EXPECT_NEAR(step_with(*optimizer, parameter, -1.0), 0.867, tolerance);
  // Dampening 1 freezes the buffer after the first step: buf stays 0.5 · 0.9^k.
  spec.dampening = 1.0;
  const auto frozen = make_optimizer(spec);
  ScalarParameter other(1.0);
  EXPECT_NEAR(step_with(*frozen, other, 0.5), 0.95, tolerance);
  EXPECT_NEAR(step_with(*frozen, other, 100.0), 0.95 - 0.1 * 0.45, tolerance);
}

TEST(Sgd, NesterovRefusesDampeningAsPyTorchDoes) {
  OptimizerSpec spec = spec_for(OptimizerKind::nesterov, 0.1);
  spec.dampening = 0.1;
  EXPECT_NE(error_message<UsageError>([&] { make_optimizer(spec); }).find("nesterov momentum requires dampening 0"),
            std::string::npos);
}

TEST(Sgd, NesterovLooksAheadAlongTheBuffer) {
  OptimizerSpec spec = spec_for(OptimizerKind::nesterov, 0.1);
  spec.momentum = 0.9;
  spec.weight_decay = 0.01;
  const auto optimizer = make_optimizer(spec);
  ScalarParameter parameter(1.0);
  // buf as for momentum; p −= 0.1·(g + 0.9·buf).
  const double g1 = 0.5 + 0.01 * 1.0;
  const double buffer1 = g1;
  const double p1 = 1.0 - 0.1 * (g1 + 0.9 * buffer1);  // 1 − 0.1·1.9·0.51 = 0.9031
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.5), p1, tolerance);
  EXPECT_NEAR(p1, 0.9031, 1e-12);
  const double g2 = 0.25 + 0.01 * p1;
  const double buffer2 = 0.9 * buffer1 + g2;
  const double p2 = p1 - 0.1 * (g2 + 0.9 * buffer2);
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.25), p2, tolerance);
  const double g3 = -1.0 + 0.01 * p2;
  const double buffer3 = 0.9 * buffer2 + g3;
  const double p3 = p2 - 0.1 * (g3 + 0.9 * buffer3);
  EXPECT_NEAR(step_with(*optimizer, parameter, -1.0), p3, tolerance);
}

TEST(Adagrad, AccumulatesSquaredGradients) {
  OptimizerSpec spec = spec_for(OptimizerKind::adagrad, 0.5);
  spec.epsilon = 1e-10;
  spec.initial_accumulator = 0.1;
  spec.weight_decay = 0.01;
  const auto optimizer = make_optimizer(spec);
  ScalarParameter parameter(1.0);
  // g = ∇ + 0.01·p;  s += g²;  p −= 0.5·g/(√s + 1e-10), s starting at 0.1.
  const double g1 = 0.3 + 0.01 * 1.0;  // 0.31
  const double s1 = 0.1 + g1 * g1;     // 0.1961
  const double p1 = 1.0 - 0.5 * g1 / (std::sqrt(s1) + 1e-10);  // 1 − 0.155/0.44283 = 0.64998
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.3), p1, tolerance);
  const double g2 = -0.4 + 0.01 * p1;
  const double s2 = s1 + g2 * g2;
  const double p2 = p1 - 0.5 * g2 / (std::sqrt(s2) + 1e-10);
  EXPECT_NEAR(step_with(*optimizer, parameter, -0.4), p2, tolerance);
  const double g3 = 0.2 + 0.01 * p2;
  const double s3 = s2 + g3 * g3;
  const double p3 = p2 - 0.5 * g3 / (std::sqrt(s3) + 1e-10);
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.2), p3, tolerance);
}

TEST(RmsProp, KeepsAMovingAverageOfSquaredGradients) {
  OptimizerSpec spec = spec_for(OptimizerKind::rmsprop, 0.01);
  spec.alpha = 0.9;
  spec.epsilon = 1e-8;
  spec.weight_decay = 0.01;
  const auto optimizer = make_optimizer(spec);
  ScalarParameter parameter(1.0);
  // g = ∇ + 0.01·p;  s = 0.9·s + 0.1·g²;  p −= 0.01·g/(√s + 1e-8), s starting at 0.
  const double g1 = 0.3 + 0.01 * 1.0;
  const double s1 = 0.1 * g1 * g1;  // √s1 = √0.1·0.31, so the first step is 0.01/√0.1 = 0.0316
  const double p1 = 1.0 - 0.01 * g1 / (std::sqrt(s1) + 1e-8);
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.3), p1, tolerance);
  EXPECT_NEAR(p1, 1.0 - 0.01 / std::sqrt(0.1), 1e-7);
  const double g2 = -0.4 + 0.01 * p1;
  const double s2 = 0.9 * s1 + 0.1 * g2 * g2;
  const double p2 = p1 - 0.01 * g2 / (std::sqrt(s2) + 1e-8);
  EXPECT_NEAR(step_with(*optimizer, parameter, -0.4), p2, tolerance);
  const double g3 = 0.2 + 0.01 * p2;
  const double s3 = 0.9 * s2 + 0.1 * g3 * g3;
  const double p3 = p2 - 0.01 * g3 / (std::sqrt(s3) + 1e-8);
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.2), p3, tolerance);
}

TEST(Adam, BiasCorrectionAtStepsOneTwoAndThree) {
  OptimizerSpec spec = spec_for(OptimizerKind::adam, 0.1);
  spec.beta1 = 0.9;
  spec.beta2 = 0.999;
  spec.epsilon = 1e-8;
  spec.weight_decay = 0.01;
  const auto optimizer = make_optimizer(spec);
  ScalarParameter parameter(1.0);
  // g = ∇ + 0.01·p;  m = 0.9·m + 0.1·g;  v = 0.999·v + 0.001·g²
  // p −= 0.1·(m/(1 − 0.9ᵗ)) / (√(v/(1 − 0.999ᵗ)) + 1e-8)
  const double g1 = 0.3 + 0.01 * 1.0;
  const double m1 = 0.1 * g1;
  const double v1 = 0.001 * g1 * g1;
  const double p1 = 1.0 - 0.1 * (m1 / 0.1) / (std::sqrt(v1 / 0.001) + 1e-8);
  // At t = 1 the corrections give m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε) ≈ lr = 0.1.
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.3), p1, tolerance);
  EXPECT_NEAR(p1, 0.9, 1e-7);
  const double g2 = -0.1 + 0.01 * p1;
  const double m2 = 0.9 * m1 + 0.1 * g2;
  const double v2 = 0.999 * v1 + 0.001 * g2 * g2;
  const double p2 =
      p1 - 0.1 * (m2 / (1 - 0.9 * 0.9)) / (std::sqrt(v2 / (1 - 0.999 * 0.999)) + 1e-8);
  EXPECT_NEAR(step_with(*optimizer, parameter, -0.1), p2, tolerance);
  const double g3 = 0.05 + 0.01 * p2;
  const double m3 = 0.9 * m2 + 0.1 * g3;
  const double v3 = 0.999 * v2 + 0.001 * g3 * g3;
  const double p3 = p2 - 0.1 * (m3 / (1 - 0.9 * 0.9 * 0.9)) /
                             (std::sqrt(v3 / (1 - 0.999 * 0.999 * 0.999)) + 1e-8);
  EXPECT_NEAR(step_with(*optimizer, parameter, 0.05), p3, tolerance);
}

TEST(Adam, EpsilonIsOutsideTheSquareRoot) {
  // With ∇ = 1e-4 and ε = 1e-4, step 1 moves by lr·g/(|g| + ε) = lr/2. Inside the square root
  // (√(g² + ε)) it would be lr·1e-4/√(1e-8 + 1e-4) ≈ lr/100.
  OptimizerSpec spec = spec_for(OptimizerKind::adam, 0.1);
  spec.epsilon = 1e-4;
  const auto optimizer = make_optimizer(spec);
  ScalarParameter parameter(1.0);
  EXPECT_NEAR(step_with(*optimizer, parameter, 1e-4), 1.0 - 0.1 * 1e-4 / (1e-4 + 1e-4), tolerance);
}

// --- state is kept per parameter, by position -------------------------------------------

TEST(Optimizers, TwoParametersBehaveLikeTwoSeparateOptimizers) {
  for (const OptimizerKind kind : all_kinds) {
    const OptimizerSpec spec = spec_for(kind, 0.05);
    const auto together = make_optimizer(spec);
    const auto alone_first = make_optimizer(spec);
    const auto alone_second = make_optimizer(spec);
    ScalarParameter first(1.0), second(-2.0), first_alone(1.0), second_alone(-2.0);
    const std::vector<double> first_gradients{0.5, -0.3, 0.8};
    const std::vector<double> second_gradients{-2.0, 0.1, 0.4};
    for (std::size_t step = 0; step < first_gradients.size(); ++step) {
      first.gradient(0) = first_alone.gradient(0) = static_cast<Scalar>(first_gradients[step]);
      second.gradient(0) = second_alone.gradient(0) = static_cast<Scalar>(second_gradients[step]);
      together->step({first.list()[0], second.list()[0]});
      alone_first->step(first_alone.list());
      alone_second->step(second_alone.list());
    }
    EXPECT_EQ(first.value(0), first_alone.value(0)) << static_cast<int>(kind);
    EXPECT_EQ(second.value(0), second_alone.value(0)) << static_cast<int>(kind);
    EXPECT_NE(first.value(0), 1.0) << static_cast<int>(kind);
  }
}

// --- every optimizer minimises a quadratic ----------------------------------------------

TEST(Optimizers, EachReducesAQuadratic) {
  // f(p) = ½·(1·(p₀ − 3)² + 4·(p₁ + 2)²), ∇f = (p₀ − 3, 4·(p₁ + 2)); minimum 0 at (3, −2).
  // From p = (0, 0), f = ½·(9 + 16) = 12.5. The learning rates are ordinary choices per method.
  const auto objective = [](const Tensor& p) {
    return 0.5 * (std::pow(p(0) - 3.0, 2) + 4.0 * std::pow(p(1) + 2.0, 2));
  };
  const std::vector<std::pair<OptimizerKind, double>> runs{
      {OptimizerKind::sgd, 0.1},     {OptimizerKind::momentum, 0.05},
      {OptimizerKind::nesterov, 0.05}, {OptimizerKind::adagrad, 0.5},
      {OptimizerKind::rmsprop, 0.01}, {OptimizerKind::adam, 0.05}};
  for (const auto& [kind, learning_rate] : runs) {
    const auto optimizer = make_optimizer(spec_for(kind, learning_rate));
    Tensor value = Tensor::from_shape({2});
    value.fill(0);
    Tensor gradient = Tensor::from_shape({2});
    const std::vector<Parameter> parameters{{"weight", &value, &gradient}};
    const double initial = objective(value);
    EXPECT_DOUBLE_EQ(initial, 12.5);
    for (int step = 0; step < 500; ++step) {
      gradient(0) = value(0) - Scalar(3);
      gradient(1) = Scalar(4) * (value(1) + Scalar(2));
      optimizer->step(parameters);
    }
    EXPECT_LT(objective(value), 1e-3 * initial) << "kind " << static_cast<int>(kind);
  }
}

// --- misuse -----------------------------------------------------------------------------

TEST(Optimizers, ChangedParameterListIsAUsageError) {
  for (const OptimizerKind kind : all_kinds) {
    const auto optimizer = make_optimizer(spec_for(kind, 0.1));
    ScalarParameter first(1.0), second(2.0);
    first.gradient(0) = second.gradient(0) = 1;
    const std::vector<Parameter> both{first.list()[0], second.list()[0]};
    optimizer->step(both);

    const std::string fewer = error_message<UsageError>([&] { optimizer->step(first.list()); });
    EXPECT_NE(fewer.find("got 1 parameters"), std::string::npos) << fewer;
    EXPECT_NE(fewer.find("built for 2"), std::string::npos) << fewer;

    Tensor wider = Tensor::from_shape({3});
    Tensor wider_gradient = Tensor::from_shape({3});
    wider.fill(0);
    wider_gradient.fill(0);
    const std::string resized = error_message<UsageError>(
        [&] { optimizer->step({first.list()[0], {"bias", &wider, &wider_gradient}}); });
    EXPECT_NE(resized.find("parameter 1 (bias) has 3 values"), std::string::npos) << resized;

    Tensor short_gradient = Tensor::from_shape({0});
    const std::string mismatched = error_message<UsageError>(
        [&] { optimizer->step({first.list()[0], {"bias", &second.value, &short_gradient}}); });
    EXPECT_NE(mismatched.find("1 values but 0 gradients"), std::string::npos) << mismatched;

    // Failed calls change nothing: the count and the values are those after step 1.
    EXPECT_EQ(optimizer->steps_taken(), 1u);
    const Scalar first_after_one_step = first.value(0);
    optimizer->step(both);
    EXPECT_EQ(optimizer->steps_taken(), 2u);
    EXPECT_NE(first.value(0), first_after_one_step);
  }
}

// step() reports whether every value it wrote is finite, which is how Run learns that a step
// diverged without reading the parameters again. Positions cover the vectorized body and the
// tail of a 37-value tensor, and a second tensor after it; a non-finite gradient, or a finite
// update that overflows, must both be reported.
TEST(Optimizers, StepReportsWhetherEveryValueItWroteIsFinite) {
  const Scalar not_a_number = std::numeric_limits<Scalar>::quiet_NaN();
  const Scalar infinity = std::numeric_limits<Scalar>::infinity();
  for (const OptimizerKind kind : all_kinds) {
    for (const std::size_t position : {0u, 3u, 16u, 31u, 32u, 36u, 37u, 41u}) {
      for (const Scalar bad : {not_a_number, infinity, -infinity}) {
        const auto optimizer = make_optimizer(spec_for(kind, 0.1));
        Tensor first = Tensor::from_shape({37});
        Tensor second = Tensor::from_shape({5});
        Tensor first_gradient = Tensor::from_shape({37});
        Tensor second_gradient = Tensor::from_shape({5});
        first.fill(0.5f);
        second.fill(-0.25f);
        first_gradient.fill(0.125f);
        second_gradient.fill(-0.5f);
        const std::vector<Parameter> both{{"weight", &first, &first_gradient}, {"bias", &second, &second_gradient}};
        EXPECT_TRUE(optimizer->step(both)) << static_cast<int>(kind);
        EXPECT_TRUE(optimizer->step(both)) << static_cast<int>(kind);
        (position < 37 ? first_gradient.data()[position] : second_gradient.data()[position - 37]) = bad;
        EXPECT_FALSE(optimizer->step(both)) << static_cast<int>(kind) << " at " << position << " with " << bad;
      }
    }
  }
  // A finite gradient whose update overflows float: 3e38 − 10·(−1e38) is +∞.
  for (const OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::nesterov}) {
    const auto optimizer = make_optimizer(spec_for(kind, 10.0));
    ScalarParameter parameter(3e38);
    parameter.gradient(0) = static_cast<Scalar>(-1e38);
    EXPECT_FALSE(optimizer->step(parameter.list())) << static_cast<int>(kind);
    EXPECT_TRUE(std::isinf(parameter.value(0)));
  }
}

TEST(Optimizers, NegativeLearningRateIsAUsageError) {
  for (const OptimizerKind kind : all_kinds) {
    EXPECT_THROW(make_optimizer(spec_for(kind, -0.1)), UsageError) << static_cast<int>(kind);
  }
}

}  // namespace
}  // namespace bnlab
