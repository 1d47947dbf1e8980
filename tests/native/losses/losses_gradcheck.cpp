// Every loss's backward against central differences, in the double engine.

#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "losses/loss.hpp"
#include "support/gradient_check.hpp"

namespace bnlab {
namespace {

using testing::expect_loss_gradient;
using testing::random_tensor;

TEST(LossGradients, CrossEntropy) {
  const auto loss = make_loss(LossKind::cross_entropy);
  const std::vector<std::int32_t> labels{0, 3, 1, 3, 2};
  expect_loss_gradient(*loss, random_tensor({5, 4}, 11, 2.0), Targets{&labels, nullptr});
}

TEST(LossGradients, MeanSquaredError) {
  const auto loss = make_loss(LossKind::mean_squared_error);
  const Tensor target = random_tensor({4, 3}, 12);
  expect_loss_gradient(*loss, random_tensor({4, 3}, 13), Targets{nullptr, &target});
}

TEST(LossGradients, MeanAbsoluteErrorAwayFromTheKink) {
  // |x − y| has no derivative at x == y; keep every |x − y| >= 0.1, far beyond the 1e-5 step.
  const auto loss = make_loss(LossKind::mean_absolute_error);
  const Tensor target = random_tensor({4, 3}, 14);
  Tensor prediction = random_tensor({4, 3}, 15);
  for (std::size_t index = 0; index < prediction.size(); ++index) {
    const double offset = prediction.data()[index];
    prediction.data()[index] =
        target.data()[index] + (offset >= 0 ? 0.1 + offset : -0.1 + offset);
  }
  expect_loss_gradient(*loss, prediction, Targets{nullptr, &target});
}

}  // namespace
}  // namespace bnlab
