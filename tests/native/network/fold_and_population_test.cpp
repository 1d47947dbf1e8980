// BatchNorm folding and population statistics, checked against the unfolded network and
// against statistics computed independently in the test.
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "layers/batch_norm.hpp"
#include "layers/dense.hpp"
#include "network/fold_batch_norm.hpp"
#include "network/fold_check.hpp"
#include "network/initialization.hpp"
#include "network/population_statistics.hpp"
#include "support/model_builders.hpp"
#include "support/networks.hpp"
#include "support/tensors.hpp"

namespace bnlab {
namespace {

using testing::dense_layer;
using testing::layer_of;
using testing::warm_up_batch_norm;

// 2·N(0, 1) + 1 per value.
Tensor random_inputs(std::size_t samples, std::size_t features, std::uint64_t seed) {
  return testing::normal_tensor({samples, features}, seed, 1, 1.0, 2.0);
}

TEST(FoldBatchNorm, FoldedAndUnfoldedEvalOutputsAgree) {
  const ModelSpec model{{6},
                        {dense_layer(8, false), layer_of<BatchNormOptions>(), layer_of<ReluOptions>(),
                         dense_layer(8, true), layer_of<BatchNormOptions>(), layer_of<SigmoidOptions>(),
                         dense_layer(3)}};
  Network network(model, 1);
  initialize_parameters(network, InitSpec{}, 2);
  const Tensor inputs = random_inputs(40, 6, 3);
  warm_up_batch_norm(network, inputs);

  FoldResult folded = fold_batch_norm(network);
  EXPECT_EQ(folded.folded_count, 2u);
  EXPECT_TRUE(folded.notes.empty());
  ASSERT_EQ(folded.network->layer_count(), 5u);  // dense relu dense sigmoid dense
  const Tensor expected = network.forward(inputs, Mode::eval);
  const Tensor actual = folded.network->forward(inputs, Mode::eval);
  ASSERT_EQ(shape_of(expected), shape_of(actual));
  EXPECT_LT(testing::largest_difference(expected, actual), 1e-5);
  // And folding really changed the weights (the check above is not comparing a copy).
  auto& original_dense = static_cast<Dense&>(network.layer(0));
  auto& folded_dense = static_cast<Dense&>(folded.network->layer(0));
  EXPECT_NE(original_dense.weight()(0, 0), folded_dense.weight()(0, 0));
  EXPECT_TRUE(folded_dense.has_bias());
}

// The check `bnlab fold` and Run.foldBatchNorm report: over every sample (in batches of
// 1 000, so 2 500 samples are three batches), the largest output difference, and the time of
// each pass (a figure: only that it was measured is checked).
TEST(FoldBatchNorm, TheComparisonCoversEverySampleAndTimesBothPasses) {
  const ModelSpec model{{6},
                        {dense_layer(8, false), layer_of<BatchNormOptions>(), layer_of<ReluOptions>(),
                         dense_layer(3)}};
  Network network(model, 1);
  initialize_parameters(network, InitSpec{}, 2);
  warm_up_batch_norm(network, random_inputs(40, 6, 3));
  FoldResult folded = fold_batch_norm(network);
  Dataset samples;
  samples.inputs = random_inputs(2500, 6, 5);
  samples.labels.assign(2500, 0);
  samples.num_classes = 3;
  const FoldComparison comparison = compare_folded_outputs(network, *folded.network, samples);
  EXPECT_EQ(comparison.samples, 2500u);
  EXPECT_TRUE(comparison.unfolded_finite);
  EXPECT_TRUE(comparison.folded_finite);
  EXPECT_GT(comparison.max_abs_output_difference, 0.0);  // float: folding rounds differently
  EXPECT_LT(comparison.max_abs_output_difference, 1e-5);
  EXPECT_GT(comparison.unfolded_seconds, 0.0);
  EXPECT_GT(comparison.folded_seconds, 0.0);
  // A real difference is found: shifting one folded output bias by 0.5 reads as 0.5.
  auto& folded_dense = static_cast<Dense&>(folded.network->layer(2));
  folded_dense.bias().data()[0] += 0.5f;
  EXPECT_NEAR(compare_folded_outputs(network, *folded.network, samples).max_abs_output_difference, 0.5, 1e-5);
}

// The other side of the NaN-aware check: the source network's outputs are finite but the
// folded ones are not. A running variance of 0 makes s = γ/√ε ≈ 3.2e9, and s·W overflows float
// for weights of 1e32 (W' = ±inf), while the unfolded network subtracts first: with equal
// inputs, W·x = 1e32·v − 1e32·v = 0 and BN returns β. Folded: inf·v − inf·v = NaN. Without the
// check, std::max(0, NaN) would keep the difference at 0 and `fold` would report agreement.
TEST(FoldBatchNorm, FoldingThatOverflowsIsReportedAsNotFinite) {
  const ModelSpec model{{2}, {dense_layer(1, false), layer_of<BatchNormOptions>()}};
  Network network(model, 1);
  auto& dense = static_cast<Dense&>(network.layer(0));
  dense.weight()(0, 0) = 1e32f;
  dense.weight()(0, 1) = -1e32f;
  auto& batch_norm = static_cast<BatchNorm&>(network.layer(1));
  batch_norm.gamma()(0) = 1e7f;
  batch_norm.beta()(0) = 0.5f;
  batch_norm.set_running_statistics(testing::vector_tensor({0.0}), testing::vector_tensor({0.0}));
  FoldResult folded = fold_batch_norm(network);
  ASSERT_EQ(folded.folded_count, 1u);
  // The overflow is in the folded weights themselves, not in the comparison.
  EXPECT_TRUE(std::isinf(static_cast<Dense&>(folded.network->layer(0)).weight()(0, 0)));

  Dataset samples;
  samples.inputs = testing::matrix_tensor({{-1, -1}, {0, 0}, {1, 1}});
  samples.labels.assign(3, 0);
  samples.num_classes = 1;
  const Tensor unfolded_output = network.forward(samples.inputs, Mode::eval);
  for (std::size_t sample = 0; sample < 3; ++sample) EXPECT_EQ(unfolded_output(sample, 0), 0.5f);

  const FoldComparison comparison = compare_folded_outputs(network, *folded.network, samples);
  EXPECT_EQ(comparison.samples, 3u);
  EXPECT_TRUE(comparison.unfolded_finite);
  EXPECT_FALSE(comparison.folded_finite);
  // No difference is computed from NaN outputs (callers must read folded_finite, not this).
  EXPECT_EQ(comparison.max_abs_output_difference, 0.0);
}

TEST(FoldBatchNorm, BatchNormWithoutRunningStatisticsIsKeptAndReported) {
  BatchNormOptions no_running_statistics;
  no_running_statistics.track_running_stats = false;
  const ModelSpec model{{4}, {dense_layer(5), LayerSpec{no_running_statistics}, layer_of<TanhOptions>(), dense_layer(2)}};
  Network network(model, 1);
  initialize_parameters(network, InitSpec{}, 2);
  FoldResult folded = fold_batch_norm(network);
  EXPECT_EQ(folded.folded_count, 0u);
  ASSERT_EQ(folded.kept.size(), 1u);
  EXPECT_EQ(folded.kept[0].layer, 1u);
  EXPECT_EQ(folded.kept[0].code, "no_running_statistics");
  EXPECT_EQ(folded.notes.at(0), "model.layers[1] (batchnorm) kept: it has no running statistics (track_running_stats is false)");
}

TEST(FoldBatchNorm, BatchNormAfterTheActivationIsKeptAndReported) {
  const ModelSpec model{{4},
                        {dense_layer(5), layer_of<TanhOptions>(), layer_of<BatchNormOptions>(),
                         dense_layer(2)}};
  Network network(model, 1);
  initialize_parameters(network, InitSpec{}, 2);
  const Tensor inputs = random_inputs(10, 4, 4);
  warm_up_batch_norm(network, inputs);
  FoldResult folded = fold_batch_norm(network);
  EXPECT_EQ(folded.folded_count, 0u);
  ASSERT_EQ(folded.notes.size(), 1u);
  EXPECT_EQ(folded.notes[0], "model.layers[2] (batchnorm) kept: it does not directly follow a dense or conv2d layer");
  ASSERT_EQ(folded.kept.size(), 1u);  // the same, as a code the page words in its language
  EXPECT_EQ(folded.kept[0].layer, 2u);
  EXPECT_EQ(folded.kept[0].code, "not_after_dense_or_conv2d");
  const Tensor expected = network.forward(inputs, Mode::eval);
  const Tensor actual = folded.network->forward(inputs, Mode::eval);
  for (std::size_t index = 0; index < expected.size(); ++index) {
    EXPECT_EQ(expected.data()[index], actual.data()[index]);
  }
}

TEST(PopulationStatistics, MatchTheWholeTrainingSetStatistics) {
  const ModelSpec model{{3},
                        {dense_layer(4, false), layer_of<BatchNormOptions>(), layer_of<SigmoidOptions>(),
                         dense_layer(4, false), layer_of<BatchNormOptions>(), layer_of<SigmoidOptions>(),
                         dense_layer(2)}};
  Network network(model, 1);
  initialize_parameters(network, InitSpec{}, 5);
  Dataset train;
  train.inputs = random_inputs(250, 3, 6);
  train.labels.assign(250, 0);
  train.num_classes = 2;
  warm_up_batch_norm(network, train.inputs);
  recompute_population_statistics(network, train, 64);  // 64 does not divide 250: last batch 58

  // Independent check: the first BN's input is dense(x) for all 250 samples at once.
  auto& first_dense = static_cast<Dense&>(network.layer(0));
  const Tensor pre_activation = first_dense.forward(train.inputs, Mode::eval);
  auto& first_batch_norm = static_cast<BatchNorm&>(network.layer(1));
  for (std::size_t unit = 0; unit < 4; ++unit) {
    double sum = 0.0;
    for (std::size_t sample = 0; sample < 250; ++sample) sum += pre_activation(sample, unit);
    const double mean = sum / 250.0;
    double squares = 0.0;
    for (std::size_t sample = 0; sample < 250; ++sample) {
      squares += (pre_activation(sample, unit) - mean) * (pre_activation(sample, unit) - mean);
    }
    EXPECT_NEAR(first_batch_norm.running_mean()(unit), mean, 1e-4);
    EXPECT_NEAR(first_batch_norm.running_variance()(unit), squares / 250.0, 1e-4);  // 1/n, "code 2"
  }
  // The second BN sees the first one's eval output (with population statistics).
  const Tensor& second_input = network.forward_prefix(train.inputs, 4, Mode::eval);
  auto& second_batch_norm = static_cast<BatchNorm&>(network.layer(4));
  double sum = 0.0;
  for (std::size_t sample = 0; sample < 250; ++sample) sum += second_input(sample, 2);
  EXPECT_NEAR(second_batch_norm.running_mean()(2), sum / 250.0, 1e-4);
}

}  // namespace
}  // namespace bnlab
