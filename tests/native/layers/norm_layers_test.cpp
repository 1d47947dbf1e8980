// LayerNorm and GroupNorm worked by hand, and the PyTorch conventions they follow
// (torch.nn.LayerNorm / torch.nn.GroupNorm; docs/SEMANTICS.md, "LayerNorm and GroupNorm").
// The expected values are arithmetic written out in the comments, ε = 1e-5 unless said.
#include <cmath>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "layers/batch_norm.hpp"
#include "layers/group_norm.hpp"
#include "layers/layer_norm.hpp"
#include "network/network.hpp"
#include "support/model_builders.hpp"
#include "support/tensors.hpp"

namespace bnlab {
namespace {

using testing::matrix_tensor;
using testing::vector_tensor;

std::vector<double> values_of(const Tensor& tensor) { return {tensor.begin(), tensor.end()}; }

// One sample of four features, x = [1, 2, 3, 6]: μ = 3, biased σ² = (4 + 1 + 0 + 9)/4 = 3.5
// (the unbiased estimate would be 14/3), x̂ = (x − 3)/√(3.5 + ε) = [−1.069043, −0.534522, 0, 1.603565].
const double root_of_3_5 = std::sqrt(3.5 + 1e-5);

TEST(LayerNormByHand, ForwardNormalizesEachSampleOverItsFeatures) {
  LayerNorm layer_norm({4}, LayerNormOptions{});
  layer_norm.gamma() = vector_tensor({1.0, 2.0, 0.5, 1.0});
  layer_norm.beta() = vector_tensor({0.0, 0.5, 0.0, -1.0});
  const Tensor& output = layer_norm.forward(matrix_tensor({{1, 2, 3, 6}}), Mode::train);
  // y_j = γ_j·x̂_j + β_j
  EXPECT_NEAR(output(0, 0), 1.0 * -2.0 / root_of_3_5, 1e-6);        // −1.069043
  EXPECT_NEAR(output(0, 1), 2.0 * -1.0 / root_of_3_5 + 0.5, 1e-6);  // −0.569043
  EXPECT_NEAR(output(0, 2), 0.0, 1e-6);
  EXPECT_NEAR(output(0, 3), 1.0 * 3.0 / root_of_3_5 - 1.0, 1e-6);   //  0.603565
}

TEST(LayerNormByHand, EverySampleHasItsOwnStatistics) {
  // Sample 2 is sample 1 × 10: μ = 30, σ² = 350, so x̂ is the same up to ε
  // ((x − 30)/√(350 + ε) = [−1.069045, −0.534522, 0, 1.603567]).
  LayerNorm layer_norm({4}, LayerNormOptions{});
  const Tensor& output = layer_norm.forward(matrix_tensor({{1, 2, 3, 6}, {10, 20, 30, 60}}), Mode::train);
  const double root_of_350 = std::sqrt(350 + 1e-5);
  EXPECT_NEAR(output(0, 3), 3.0 / root_of_3_5, 1e-6);
  EXPECT_NEAR(output(1, 0), -20.0 / root_of_350, 1e-6);
  EXPECT_NEAR(output(1, 1), -10.0 / root_of_350, 1e-6);
  EXPECT_NEAR(output(1, 3), 30.0 / root_of_350, 1e-6);
}

TEST(LayerNormByHand, BackwardOfOneHotGradient) {
  // dy = [1, 0, 0, 0], γ = 2: g = dy·γ = [2, 0, 0, 0]; with r = 1/√3.5 and M = 4,
  // dx_i = r·(g_i − mean(g) − x̂_i·mean(g·x̂)), mean(g) = 1/2, mean(g·x̂) = 2·(−2r)/4 = −r:
  //   dx₀ = r·(2 − 1/2 − (−2r)(−r))  = r·(3/2 − 2/3.5)  = 13/(14√3.5) =  0.496342
  //   dx₁ = r·(0 − 1/2 − (−r)(−r))   = r·(−1/2 − 1/3.5) = −11/(14√3.5) = −0.419982
  //   dx₂ = r·(−1/2)                                     = −7/(14√3.5) = −0.267261
  //   dx₃ = r·(−1/2 + 3/3.5)                             =  5/(14√3.5) =  0.190901
  // (the numbers of BatchNorm's worked batch, batch_norm_test.cpp: the same values, here
  // along one sample instead of down one feature). dγ = dy·x̂ = [−2r, 0, 0, 0], dβ = dy.
  LayerNorm layer_norm({4}, LayerNormOptions{});
  layer_norm.gamma() = vector_tensor({2.0, 2.0, 2.0, 2.0});
  layer_norm.forward(matrix_tensor({{1, 2, 3, 6}}), Mode::train);
  const Tensor& grad_input = layer_norm.backward(matrix_tensor({{1, 0, 0, 0}}));
  const double root = std::sqrt(3.5);
  EXPECT_NEAR(grad_input(0, 0), 13.0 / (14.0 * root), 1e-5);
  EXPECT_NEAR(grad_input(0, 1), -11.0 / (14.0 * root), 1e-5);
  EXPECT_NEAR(grad_input(0, 2), -7.0 / (14.0 * root), 1e-5);
  EXPECT_NEAR(grad_input(0, 3), 5.0 / (14.0 * root), 1e-5);
  const std::vector<Parameter> parameters = layer_norm.parameters();
  ASSERT_EQ(parameters.size(), 2u);
  EXPECT_EQ(parameters[0].role, "gamma");
  EXPECT_NEAR((*parameters[0].gradient)(0), -2.0 / root, 1e-5);
  EXPECT_NEAR((*parameters[0].gradient)(1), 0.0, 1e-7);
  EXPECT_EQ(values_of(*parameters[1].gradient), (std::vector<double>{1, 0, 0, 0}));
}

TEST(GroupNormByHand, ForwardNormalizesEachGroupOfChannels) {
  // C = 4 features in G = 2 groups, x = [1, 3 | 10, 14]:
  // group 0: μ = 2, σ² = 1, x̂ = ∓1/√(1 + ε); group 1: μ = 12, σ² = 4, x̂ = ∓2/√(4 + ε).
  // γ = [1, 2, 3, 4], β = [0, 0, 1, 1]: y = [−1/√(1+ε), 2/√(1+ε), −6/√(4+ε) + 1, 8/√(4+ε) + 1]
  //                                         = [−0.999995, 1.999990, −1.999996, 4.999995].
  GroupNormOptions options;
  options.groups = 2;
  GroupNorm group_norm({4}, options);
  group_norm.gamma() = vector_tensor({1, 2, 3, 4});
  group_norm.beta() = vector_tensor({0, 0, 1, 1});
  const Tensor& output = group_norm.forward(matrix_tensor({{1, 3, 10, 14}}), Mode::train);
  EXPECT_NEAR(output(0, 0), -1.0 / std::sqrt(1 + 1e-5), 1e-6);
  EXPECT_NEAR(output(0, 1), 2.0 / std::sqrt(1 + 1e-5), 1e-6);
  EXPECT_NEAR(output(0, 2), -6.0 / std::sqrt(4 + 1e-5) + 1, 1e-6);
  EXPECT_NEAR(output(0, 3), 8.0 / std::sqrt(4 + 1e-5) + 1, 1e-6);
}

TEST(GroupNormByHand, BackwardOverChannelsAndPositions) {
  // One sample of C = 2 channels × L = 2 positions, [[1, 2], [3, 6]], in one group: the
  // statistics of LayerNorm's worked sample, so with γ = [2, 2] and dy one-hot at (0, 0) the
  // input gradient is the one above; dγ_c = Σ_l dy·x̂ = [−2/√3.5, 0], dβ_c = Σ_l dy = [1, 0].
  GroupNormOptions options;
  options.groups = 1;
  GroupNorm group_norm({2, 2}, options);
  group_norm.gamma() = vector_tensor({2, 2});
  Tensor input = Tensor::from_shape({1, 2, 2});
  input(0, 0, 0) = 1, input(0, 0, 1) = 2, input(0, 1, 0) = 3, input(0, 1, 1) = 6;
  group_norm.forward(input, Mode::train);
  Tensor grad_output = xt::zeros<Scalar>({1, 2, 2});
  grad_output(0, 0, 0) = 1;
  const Tensor& grad_input = group_norm.backward(grad_output);
  const double root = std::sqrt(3.5);
  EXPECT_NEAR(grad_input(0, 0, 0), 13.0 / (14.0 * root), 1e-5);
  EXPECT_NEAR(grad_input(0, 0, 1), -11.0 / (14.0 * root), 1e-5);
  EXPECT_NEAR(grad_input(0, 1, 0), -7.0 / (14.0 * root), 1e-5);
  EXPECT_NEAR(grad_input(0, 1, 1), 5.0 / (14.0 * root), 1e-5);
  EXPECT_NEAR(group_norm.parameters()[0].gradient->operator()(0), -2.0 / root, 1e-5);
  EXPECT_NEAR(group_norm.parameters()[0].gradient->operator()(1), 0.0, 1e-6);
  EXPECT_EQ(values_of(*group_norm.parameters()[1].gradient), (std::vector<double>{1, 0}));
}

TEST(NormConventions, VarianceIsBiasedAndEpsilonIsInsideTheSquareRoot) {
  // x = [1, 3], ε = 1: μ = 2, biased σ² = 1, x̂ = ±1/√(1 + 1) = ±0.707107. The unbiased σ² (2)
  // would give ±1/√3 = ±0.577; ε outside the root, ±1/(1 + 1) = ±0.5.
  LayerNormOptions layer_options;
  layer_options.epsilon = 1.0;
  LayerNorm layer_norm({2}, layer_options);
  EXPECT_NEAR(layer_norm.forward(matrix_tensor({{1, 3}}), Mode::train)(0, 1), 1.0 / std::sqrt(2.0), 1e-6);
  GroupNormOptions group_options;
  group_options.groups = 1;
  group_options.epsilon = 1.0;
  GroupNorm group_norm({2}, group_options);
  EXPECT_NEAR(group_norm.forward(matrix_tensor({{1, 3}}), Mode::train)(0, 0), -1.0 / std::sqrt(2.0), 1e-6);
}

TEST(NormConventions, GammaAndBetaHaveTorchShapes) {
  // nn.LayerNorm(normalized_shape=(2, 3, 4)).weight has shape (2, 3, 4);
  // nn.GroupNorm(2, 4).weight has shape (4,), whatever the spatial size.
  LayerNorm layer_norm({2, 3, 4}, LayerNormOptions{});
  EXPECT_EQ(shape_of(layer_norm.gamma()), (Shape{2, 3, 4}));
  EXPECT_EQ(shape_of(layer_norm.beta()), (Shape{2, 3, 4}));
  EXPECT_EQ(values_of(layer_norm.gamma()), std::vector<double>(24, 1.0));
  EXPECT_EQ(values_of(layer_norm.beta()), std::vector<double>(24, 0.0));
  GroupNormOptions options;
  options.groups = 2;
  GroupNorm group_norm({4, 3, 5}, options);
  EXPECT_EQ(shape_of(group_norm.gamma()), (Shape{4}));
  EXPECT_EQ(shape_of(group_norm.beta()), (Shape{4}));
  EXPECT_EQ(LayerTraits<LayerNormOptions>::parameter_count(LayerNormOptions{}, {2, 3, 4}), 48u);
  EXPECT_EQ(LayerTraits<GroupNormOptions>::parameter_count(options, {4, 3, 5}), 8u);
  LayerNormOptions without_affine;
  without_affine.affine = false;
  EXPECT_TRUE(LayerNorm({3}, without_affine).parameters().empty());
  EXPECT_EQ(LayerTraits<LayerNormOptions>::parameter_count(without_affine, {3}), 0u);
  EXPECT_TRUE(LayerNorm({3}, LayerNormOptions{}).buffers().empty());  // no running statistics
  EXPECT_TRUE(GroupNorm({4}, options).buffers().empty());
}

TEST(NormConventions, TrainAndEvalGiveTheSameOutput) {
  const Tensor input = testing::normal_tensor({3, 4, 2, 2}, 7, 1, 0.5, 2.0);
  LayerNorm layer_norm({4, 2, 2}, LayerNormOptions{});
  layer_norm.gamma() = testing::normal_tensor({4, 2, 2}, 8, 1, 1.0, 0.3);
  const Tensor train_layer = layer_norm.forward(input, Mode::train);
  EXPECT_EQ(layer_norm.forward(input, Mode::eval), train_layer);
  GroupNormOptions options;
  options.groups = 2;
  GroupNorm group_norm({4, 2, 2}, options);
  group_norm.beta() = vector_tensor({0.1, -0.2, 0.3, 0.4});
  const Tensor train_group = group_norm.forward(input, Mode::train);
  EXPECT_EQ(group_norm.forward(input, Mode::eval), train_group);
}

TEST(NormConventions, ABatchOfOneWorksAndEverySampleIsIndependentOfItsBatch) {
  // BatchNorm refuses one sample in training (one value per feature); LayerNorm and
  // GroupNorm normalize within the sample, so its output is the same alone or in a batch.
  const Tensor batch = matrix_tensor({{1, 2, 3, 6}, {0.5, -1, 4, 2}, {9, 9, 8, 7}});
  const Tensor alone = matrix_tensor({{0.5, -1, 4, 2}});
  BatchNorm batch_norm({4}, BatchNormSpec{});
  EXPECT_THROW(batch_norm.forward(alone, Mode::train), UsageError);

  LayerNorm layer_norm({4}, LayerNormOptions{});
  const Tensor layer_in_batch = layer_norm.forward(batch, Mode::train);
  const Tensor layer_alone = layer_norm.forward(alone, Mode::train);
  GroupNormOptions options;
  options.groups = 2;
  GroupNorm group_norm({4}, options);
  const Tensor group_in_batch = group_norm.forward(batch, Mode::train);
  const Tensor group_alone = group_norm.forward(alone, Mode::train);
  for (std::size_t feature = 0; feature < 4; ++feature) {
    EXPECT_EQ(layer_alone(0, feature), layer_in_batch(1, feature));
    EXPECT_EQ(group_alone(0, feature), group_in_batch(1, feature));
  }
  EXPECT_NO_THROW(layer_norm.backward(matrix_tensor({{1, 0, 0, 0}})));
}

TEST(NormConventions, GroupsOfOneAndOfAllChannelsAreInstanceAndLayerNorm) {
  // G = 1 normalizes the whole sample (LayerNorm with per-channel γ/β: equal at γ = 1, β = 0);
  // G = C normalizes each channel over its positions (InstanceNorm): channel 0 of
  // [[1, 3], [10, 14]] is ∓1/√(1+ε), channel 1 ∓2/√(4+ε).
  const Tensor input = testing::normal_tensor({2, 3, 2, 2}, 9, 1, 1.0, 1.5);
  GroupNormOptions one_group;
  one_group.groups = 1;
  GroupNorm group_norm({3, 2, 2}, one_group);
  LayerNorm layer_norm({3, 2, 2}, LayerNormOptions{});
  EXPECT_LT(testing::largest_difference(group_norm.forward(input, Mode::train), layer_norm.forward(input, Mode::train)), 1e-6);

  GroupNormOptions per_channel;
  per_channel.groups = 2;
  GroupNorm instance_norm({2, 2}, per_channel);
  Tensor planes = Tensor::from_shape({1, 2, 2});
  planes(0, 0, 0) = 1, planes(0, 0, 1) = 3, planes(0, 1, 0) = 10, planes(0, 1, 1) = 14;
  const Tensor& output = instance_norm.forward(planes, Mode::train);
  EXPECT_NEAR(output(0, 0, 0), -1.0 / std::sqrt(1 + 1e-5), 1e-6);
  EXPECT_NEAR(output(0, 1, 1), 2.0 / std::sqrt(4 + 1e-5), 1e-6);
}

TEST(NormErrors, WrongInputShapeIsAClearError) {
  LayerNorm layer_norm({3}, LayerNormOptions{});
  try {
    layer_norm.forward(matrix_tensor({{1, 2}, {3, 4}}), Mode::train);
    ADD_FAILURE() << "accepted a batch of the wrong shape";
  } catch (const UsageError& error) {
    EXPECT_EQ(std::string(error.what()), "layernorm: expected input of shape [batch, 3], got [2, 2]");
  }
  GroupNormOptions options;
  options.groups = 3;
  GroupNorm group_norm({3}, options);
  EXPECT_THROW(group_norm.forward(matrix_tensor({{1, 2}}), Mode::train), UsageError);
}

TEST(NormErrors, GroupsMustDivideTheChannelsAndTheErrorSaysSo) {
  GroupNormOptions options;
  options.groups = 4;
  try {
    infer_shapes(ModelSpec{{6}, {testing::dense_layer(6), options, testing::dense_layer(2)}});
    ADD_FAILURE() << "4 groups of 6 channels were accepted";
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()),
              "model.layers[1].groups: expected a number of groups that divides the input's 6 channels "
              "(input shape [6]), got 4");
    EXPECT_EQ(error.code(), "groups_not_dividing_channels");
    EXPECT_EQ(error.params(), (Json{{"groups", 4}, {"channels", 6}}));
  }
  // After a convolution the channels are dimension 1 of the batch: 8 channels, 4 groups.
  options.groups = 4;
  EXPECT_EQ(infer_shapes(ModelSpec{{8, 3, 3}, {options}}).back(), (Shape{8, 3, 3}));
}

}  // namespace
}  // namespace bnlab
