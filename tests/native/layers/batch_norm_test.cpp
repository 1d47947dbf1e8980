// BatchNorm worked by hand, and its PyTorch conventions (docs/SEMANTICS.md).
#include <cmath>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "layers/batch_norm.hpp"
#include "support/tensors.hpp"

namespace bnlab {
namespace {

using testing::column_tensor;
using testing::matrix_tensor;
using testing::vector_tensor;

// One feature, batch x = [1, 2, 3, 6]: μ = 3, biased σ² = (4 + 1 + 0 + 9)/4 = 3.5,
// unbiased σ² = 14/3. With γ = 2, β = 0.5: y = 2·(x − 3)/√3.5 + 0.5.
Tensor worked_batch() { return column_tensor({1.0, 2.0, 3.0, 6.0}); }

TEST(BatchNormByHand, ForwardNormalizesWithBiasedVariance) {
  BatchNorm batch_norm({1}, BatchNormSpec{});
  batch_norm.gamma() = vector_tensor({2.0});
  batch_norm.beta() = vector_tensor({0.5});
  const Tensor& output = batch_norm.forward(worked_batch(), Mode::train);
  const double root = std::sqrt(3.5);
  EXPECT_NEAR(output(0, 0), 2.0 * -2.0 / root + 0.5, 1e-5);  // -1.638080
  EXPECT_NEAR(output(1, 0), 2.0 * -1.0 / root + 0.5, 1e-5);  // -0.569045
  EXPECT_NEAR(output(2, 0), 0.5, 1e-6);
  EXPECT_NEAR(output(3, 0), 2.0 * 3.0 / root + 0.5, 1e-5);   //  3.707125
}

TEST(BatchNormByHand, BackwardOfOneHotGradient) {
  // dy = [1, 0, 0, 0]. dβ = Σdy = 1; dγ = Σdy·x̂ = x̂₀ = −2/√3.5.
  // dx_i = γ/(M√σ²)·(M·dy_i − dβ − x̂_i·dγ) with M = 4, γ = 2:
  //   dx₀ = (1/(2√3.5))·(4 − 1 − 4/3.5)  = 13/(14√3.5)
  //   dx₁ = (1/(2√3.5))·(0 − 1 − 2/3.5)  = −11/(14√3.5)
  //   dx₂ = (1/(2√3.5))·(0 − 1 − 0)      = −7/(14√3.5)
  //   dx₃ = (1/(2√3.5))·(0 − 1 + 6/3.5)  = 5/(14√3.5)
  BatchNorm batch_norm({1}, BatchNormSpec{});
  batch_norm.gamma() = vector_tensor({2.0});
  batch_norm.forward(worked_batch(), Mode::train);
  const Tensor& grad_input = batch_norm.backward(column_tensor({1.0, 0.0, 0.0, 0.0}));
  const double unit = 1.0 / (14.0 * std::sqrt(3.5));
  EXPECT_NEAR(grad_input(0, 0), 13 * unit, 1e-5);
  EXPECT_NEAR(grad_input(1, 0), -11 * unit, 1e-5);
  EXPECT_NEAR(grad_input(2, 0), -7 * unit, 1e-5);
  EXPECT_NEAR(grad_input(3, 0), 5 * unit, 1e-5);
  const std::vector<Parameter> parameters = batch_norm.parameters();
  EXPECT_NEAR((*parameters[0].gradient)(0), -2.0 / std::sqrt(3.5), 1e-5);  // dγ
  EXPECT_NEAR((*parameters[1].gradient)(0), 1.0, 1e-6);                    // dβ
}

TEST(BatchNormByHand, RunningStatisticsAfterKnownSteps) {
  BatchNorm batch_norm({1}, BatchNormSpec{});
  batch_norm.forward(worked_batch(), Mode::train);
  // running = 0.9·running + 0.1·batch, with the unbiased variance 14/3.
  EXPECT_NEAR(batch_norm.running_mean()(0), 0.1 * 3.0, 1e-6);
  EXPECT_NEAR(batch_norm.running_variance()(0), 0.9 * 1.0 + 0.1 * 14.0 / 3.0, 1e-6);
  // Second batch [0, 0, 4, 4]: μ = 2, unbiased σ² = 16/3.
  batch_norm.forward(column_tensor({0.0, 0.0, 4.0, 4.0}), Mode::train);
  EXPECT_NEAR(batch_norm.running_mean()(0), 0.9 * 0.3 + 0.1 * 2.0, 1e-6);
  EXPECT_NEAR(batch_norm.running_variance()(0), 0.9 * (0.9 + 0.1 * 14.0 / 3.0) + 0.1 * 16.0 / 3.0, 1e-5);
  ASSERT_EQ(batch_norm.buffers().size(), 3u);
  ASSERT_NE(batch_norm.buffers()[2].count, nullptr);  // num_batches_tracked: an exact integer
  EXPECT_EQ(*batch_norm.buffers()[2].count, 2);
  EXPECT_EQ(batch_norm.num_batches_tracked(), 2);
}

TEST(BatchNormByHand, CumulativeMomentumAveragesBatches) {
  BatchNormSpec spec;
  spec.cumulative = true;
  BatchNorm batch_norm({1}, spec);
  batch_norm.forward(worked_batch(), Mode::train);  // m = 1: overwrites the initial 0 / 1
  EXPECT_NEAR(batch_norm.running_mean()(0), 3.0, 1e-6);
  EXPECT_NEAR(batch_norm.running_variance()(0), 14.0 / 3.0, 1e-5);
  batch_norm.forward(column_tensor({0.0, 0.0, 4.0, 4.0}), Mode::train);  // m = 1/2
  EXPECT_NEAR(batch_norm.running_mean()(0), (3.0 + 2.0) / 2, 1e-6);
  EXPECT_NEAR(batch_norm.running_variance()(0), (14.0 / 3.0 + 16.0 / 3.0) / 2, 1e-5);
}

// A float counter stops at 2^24 (2^24 + 1 rounds back down), and cumulative momentum 1/count
// with it; PyTorch keeps num_batches_tracked as an int64, and so do we.
TEST(BatchNormByHand, BatchCountIsExactPastTwoToTheTwentyFour) {
  BatchNormSpec spec;
  spec.cumulative = true;
  BatchNorm batch_norm({1}, spec);
  *batch_norm.buffers()[2].count = std::int64_t{1} << 24;
  batch_norm.forward(worked_batch(), Mode::train);
  EXPECT_EQ(batch_norm.num_batches_tracked(), (std::int64_t{1} << 24) + 1);
  *batch_norm.buffers()[2].count = std::int64_t{1} << 40;
  batch_norm.forward(worked_batch(), Mode::train);
  batch_norm.forward(worked_batch(), Mode::train);
  EXPECT_EQ(batch_norm.num_batches_tracked(), (std::int64_t{1} << 40) + 2);
  // The first forward moved the mean from 0 by m·3 with m = 1/(2^24 + 1); at 2^40 batches the
  // next two move it by about 3/2^40 each, far below this tolerance.
  EXPECT_NEAR(batch_norm.running_mean()(0), 3.0 / ((1 << 24) + 1), 1e-9);
}

TEST(BatchNormModes, EvalUsesRunningStatisticsAndLeavesThemAlone) {
  BatchNorm batch_norm({1}, BatchNormSpec{});
  batch_norm.running_mean() = vector_tensor({1.0});
  batch_norm.running_variance() = vector_tensor({4.0});
  const Tensor& output = batch_norm.forward(column_tensor({3.0, 5.0}), Mode::eval);
  EXPECT_NEAR(output(0, 0), (3.0 - 1.0) / std::sqrt(4.0 + 1e-5), 1e-6);
  EXPECT_NEAR(output(1, 0), (5.0 - 1.0) / std::sqrt(4.0 + 1e-5), 1e-6);
  EXPECT_EQ(batch_norm.running_mean()(0), 1.0f);
  EXPECT_EQ(batch_norm.running_variance()(0), 4.0f);
}

TEST(BatchNormModes, EvalWorksOnOneSampleButTrainRefusesIt) {
  BatchNorm batch_norm({3}, BatchNormSpec{});
  const Tensor single = matrix_tensor({{1, 2, 3}});
  EXPECT_NO_THROW(batch_norm.forward(single, Mode::eval));
  try {
    batch_norm.forward(single, Mode::train);
    FAIL() << "a batch of one must be refused in training";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("expected more than 1 value per channel"), std::string::npos)
        << error.what();
  }
}

TEST(BatchNormModes, ClassicBugTrainModeAtTestTimeDependsOnTheBatch) {
  // Evaluating in train mode normalizes each test batch by its own statistics: the same
  // sample gets a different output depending on its batch-mates. Eval mode does not.
  BatchNorm batch_norm({1}, BatchNormSpec{});
  for (int step = 0; step < 50; ++step) batch_norm.forward(worked_batch(), Mode::train);
  const Tensor first = column_tensor({2, 3, 4});
  const Tensor second = column_tensor({2, 30, 40});
  const float train_first = batch_norm.forward(first, Mode::train)(0, 0);
  const float train_second = batch_norm.forward(second, Mode::train)(0, 0);
  EXPECT_GT(std::abs(train_first - train_second), 0.01f);
  const float eval_first = batch_norm.forward(first, Mode::eval)(0, 0);
  const float eval_second = batch_norm.forward(second, Mode::eval)(0, 0);
  EXPECT_EQ(eval_first, eval_second);
}

TEST(BatchNormModes, WithoutRunningStatisticsEvalUsesTheBatch) {
  BatchNormSpec spec;
  spec.track_running_stats = false;
  BatchNorm batch_norm({1}, spec);
  EXPECT_TRUE(batch_norm.buffers().empty());
  const Tensor& output = batch_norm.forward(worked_batch(), Mode::eval);
  EXPECT_NEAR(output(0, 0), -2.0 / std::sqrt(3.5), 1e-5);
}

TEST(BatchNormModes, StatisticsArePerChannelOverSamplesAndPositions) {
  // (N, C, L) = (2, 2, 2). Channel 0 holds 1, 3 | 5, 7 → μ = 4, σ² = (9+1+1+9)/4 = 5.
  // Channel 1 holds 10, 10 | 10, 14 → μ = 11, σ² = (1+1+1+9)/4 = 3.
  BatchNorm batch_norm({2, 2}, BatchNormSpec{});
  Tensor input = vector_tensor({1, 3, 10, 10, 5, 7, 10, 14});
  input.reshape({2, 2, 2});
  const Tensor& output = batch_norm.forward(input, Mode::train);
  EXPECT_NEAR(output(0, 0, 0), (1.0 - 4.0) / std::sqrt(5.0), 1e-5);
  EXPECT_NEAR(output(1, 1, 1), (14.0 - 11.0) / std::sqrt(3.0), 1e-5);
  // Unbiased running variance uses M = N·L = 4: 0.9 + 0.1·5·4/3.
  EXPECT_NEAR(batch_norm.running_variance()(0), 0.9 + 0.1 * 5.0 * 4.0 / 3.0, 1e-5);
  EXPECT_NEAR(batch_norm.running_mean()(1), 0.1 * 11.0, 1e-5);
}

TEST(BatchNormModes, WrongInputShapeIsAClearError) {
  BatchNorm batch_norm({3}, BatchNormSpec{});
  try {
    batch_norm.forward(matrix_tensor({{1, 2}, {3, 4}}), Mode::train);
    FAIL();
  } catch (const UsageError& error) {
    EXPECT_STREQ(error.what(), "batchnorm: expected input of shape [batch, 3], got [2, 2]");
  }
}

}  // namespace
}  // namespace bnlab
