// Losses against values worked out by hand (arithmetic in the comments), in the float engine.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "losses/loss.hpp"
#include "support/error_message.hpp"
#include "support/tensors.hpp"

namespace bnlab {
namespace {

using testing::error_message;
using testing::matrix_tensor;

// --- cross-entropy ----------------------------------------------------------------------

TEST(SoftmaxCrossEntropy, MatchesHandWorkedValueAndGradient) {
  // Row 0: logits (0, 0, 0), label 0: softmax = (1/3, 1/3, 1/3), loss = log 3 = 1.0986122887.
  // Row 1: logits (1, 2, 3), label 2: loss = log(e¹ + e² + e³) − 3 = log(1 + e⁻¹ + e⁻²)
  //        = log(1 + 0.3678794412 + 0.1353352832) = log 1.5032147244 = 0.4076059644;
  //        softmax = (e⁻², e⁻¹, 1)/1.5032147244 = (0.0900305732, 0.2447284711, 0.6652409558).
  // Mean over N = 2: (1.0986122887 + 0.4076059644)/2 = 0.7531091266.
  const auto loss = make_loss(LossKind::cross_entropy);
  EXPECT_STREQ(loss->kind(), "cross_entropy");
  const Tensor logits = matrix_tensor(2, 3, {0, 0, 0, 1, 2, 3});
  const std::vector<std::int32_t> labels{0, 2};
  EXPECT_NEAR(loss->forward(logits, Targets{&labels, nullptr}), 0.7531091266, 1e-7);

  // grad = (softmax − onehot)/N:
  // row 0: ((1/3 − 1)/2, (1/3)/2, (1/3)/2) = (−1/3, 1/6, 1/6)
  // row 1: (0.0900305732/2, 0.2447284711/2, (0.6652409558 − 1)/2)
  //      = (0.0450152866, 0.1223642355, −0.1673795221)
  const Tensor& grad = loss->backward();
  ASSERT_EQ(shape_of(grad), (Shape{2, 3}));
  const std::vector<double> expected{-1.0 / 3, 1.0 / 6, 1.0 / 6,
                                     0.0450152866, 0.1223642355, -0.1673795221};
  for (std::size_t index = 0; index < expected.size(); ++index) {
    EXPECT_NEAR(grad.data()[index], expected[index], 1e-6) << "index " << index;
  }
}

TEST(SoftmaxCrossEntropy, HugeLogitsStayFinite) {
  // Row 0: logits (1e4, 0, −1e4), label 1: log Σ exp = 1e4 + log(1 + e^−1e4 + e^−2e4) = 1e4
  //        in double, so loss = 1e4 − 0 = 1e4; softmax = (1, 0, 0).
  // Row 1: the same logits, label 0: loss = 1e4 − 1e4 = 0.
  // Mean = 5000. grad = (softmax − onehot)/2: row 0 (1/2, −1/2, 0), row 1 (0, 0, 0).
  // A naive exp(1e4) would overflow to inf and give NaN.
  const auto loss = make_loss(LossKind::cross_entropy);
  const Tensor logits = matrix_tensor(2, 3, {1e4, 0, -1e4, 1e4, 0, -1e4});
  const std::vector<std::int32_t> labels{1, 0};
  EXPECT_DOUBLE_EQ(loss->forward(logits, Targets{&labels, nullptr}), 5000.0);
  const Tensor& grad = loss->backward();
  const std::vector<double> expected{0.5, -0.5, 0, 0, 0, 0};
  for (std::size_t index = 0; index < expected.size(); ++index) {
    EXPECT_TRUE(std::isfinite(grad.data()[index])) << "index " << index;
    EXPECT_NEAR(grad.data()[index], expected[index], 1e-7) << "index " << index;
  }
}

TEST(SoftmaxCrossEntropy, LabelOutsideTheClassesNamesSampleAndLabel) {
  const auto loss = make_loss(LossKind::cross_entropy);
  const Tensor logits = matrix_tensor(3, 3, {0, 0, 0, 0, 0, 0, 0, 0, 0});
  const std::vector<std::int32_t> too_large{0, 1, 3};
  const std::string message =
      error_message<UsageError>([&] { loss->forward(logits, Targets{&too_large, nullptr}); });
  EXPECT_NE(message.find("sample 2"), std::string::npos) << message;
  EXPECT_NE(message.find("label 3"), std::string::npos) << message;
  EXPECT_NE(message.find("[0, 3)"), std::string::npos) << message;

  const std::vector<std::int32_t> negative{-1, 0, 0};
  const std::string negative_message =
      error_message<UsageError>([&] { loss->forward(logits, Targets{&negative, nullptr}); });
  EXPECT_NE(negative_message.find("sample 0 has label -1"), std::string::npos) << negative_message;
}

TEST(SoftmaxCrossEntropy, MissingOrMiscountedLabelsAreUsageErrors) {
  const auto loss = make_loss(LossKind::cross_entropy);
  const Tensor logits = matrix_tensor(2, 3, {0, 0, 0, 0, 0, 0});
  EXPECT_NE(error_message<UsageError>([&] { loss->forward(logits, Targets{}); }).find("labels"),
            std::string::npos);
  const std::vector<std::int32_t> one_label{0};
  EXPECT_NE(error_message<UsageError>([&] { loss->forward(logits, Targets{&one_label, nullptr}); })
                .find("2 rows of logits but 1 labels"),
            std::string::npos);
  const auto fresh = make_loss(LossKind::cross_entropy);
  EXPECT_THROW(fresh->backward(), UsageError);
}

// --- mean squared error -----------------------------------------------------------------

// Shared example: x = [[1, 2], [3, 4]], y = [[0, 2], [5, 4.5]], so x − y = (1, 0, −2, −0.5).
const std::vector<double> example_prediction{1, 2, 3, 4};
const std::vector<double> example_target{0, 2, 5, 4.5};

TEST(MeanSquaredError, MeanOverAllElements) {
  // (1² + 0² + (−2)² + (−0.5)²)/4 = (1 + 0 + 4 + 0.25)/4 = 5.25/4 = 1.3125 (all N·D = 4
  // elements, not the N = 2 rows, which would give 2.625).
  const auto loss = make_loss(LossKind::mean_squared_error);
  EXPECT_STREQ(loss->kind(), "mean_squared_error");
  const Tensor prediction = matrix_tensor(2, 2, example_prediction);
  const Tensor target = matrix_tensor(2, 2, example_target);
  EXPECT_DOUBLE_EQ(loss->forward(prediction, Targets{nullptr, &target}), 1.3125);
  // grad = 2(x − y)/4 = (0.5, 0, −1, −0.25), exact in binary.
  const Tensor& grad = loss->backward();
  const std::vector<double> expected{0.5, 0, -1, -0.25};
  for (std::size_t index = 0; index < expected.size(); ++index) {
    EXPECT_EQ(grad.data()[index], expected[index]) << "index " << index;
  }
}

// --- mean absolute error ----------------------------------------------------------------

TEST(MeanAbsoluteError, MeanOverAllElementsAndZeroSignAtEquality) {
  // (|1| + |0| + |−2| + |−0.5|)/4 = 3.5/4 = 0.875.
  const auto loss = make_loss(LossKind::mean_absolute_error);
  EXPECT_STREQ(loss->kind(), "mean_absolute_error");
  const Tensor prediction = matrix_tensor(2, 2, example_prediction);
  const Tensor target = matrix_tensor(2, 2, example_target);
  EXPECT_DOUBLE_EQ(loss->forward(prediction, Targets{nullptr, &target}), 0.875);
  // grad = sign(x − y)/4 = (0.25, 0, −0.25, −0.25); the second element has x == y, sign(0) = 0.
  const Tensor& grad = loss->backward();
  const std::vector<double> expected{0.25, 0, -0.25, -0.25};
  for (std::size_t index = 0; index < expected.size(); ++index) {
    EXPECT_EQ(grad.data()[index], expected[index]) << "index " << index;
  }
}

// --- shared behaviour -------------------------------------------------------------------

TEST(RegressionLosses, MissingTargetsOrShapeMismatchAreUsageErrors) {
  for (const LossKind kind : {LossKind::mean_squared_error, LossKind::mean_absolute_error}) {
    const auto loss = make_loss(kind);
    const Tensor prediction = matrix_tensor(2, 2, example_prediction);
    const std::string missing = error_message<UsageError>([&] { loss->forward(prediction, Targets{}); });
    EXPECT_NE(missing.find("targets.values is missing"), std::string::npos) << missing;
    const Tensor wrong_shape = matrix_tensor(4, 1, example_target);
    const std::string mismatch =
        error_message<UsageError>([&] { loss->forward(prediction, Targets{nullptr, &wrong_shape}); });
    EXPECT_NE(mismatch.find("[2, 2]"), std::string::npos) << mismatch;
    EXPECT_NE(mismatch.find("[4, 1]"), std::string::npos) << mismatch;
    EXPECT_THROW(make_loss(kind)->backward(), UsageError) << loss->kind();
  }
}

TEST(Losses, GradientBufferIsReusedBetweenCallsOfTheSameShape) {
  const Tensor prediction = matrix_tensor(2, 2, example_prediction);
  const Tensor target = matrix_tensor(2, 2, example_target);
  const std::vector<std::int32_t> labels{1, 0};
  for (const LossKind kind :
       {LossKind::cross_entropy, LossKind::mean_squared_error, LossKind::mean_absolute_error}) {
    const auto loss = make_loss(kind);
    const Targets targets{&labels, &target};
    loss->forward(prediction, targets);
    const Scalar* first = loss->backward().data();
    loss->forward(prediction, targets);
    EXPECT_EQ(loss->backward().data(), first) << loss->kind() << " reallocated its gradient";
  }
}

}  // namespace
}  // namespace bnlab
