// Whole-network gradient check of a small CNN with the loss on top, in train mode: every
// parameter of conv → channel BN → tanh → maxpool → conv → avgpool → flatten → dense.
#include "network/initialization.hpp"
#include "network/network.hpp"
#include "support/gradient_check.hpp"
#include "support/model_builders.hpp"

namespace bnlab {
namespace {

TEST(CnnNetworkGradients, ConvBatchNormPoolingFlattenDense) {
  using testing::conv_layer;
  using testing::layer_of;
  using testing::pool_layer;
  const ModelSpec model{{2, 7, 7},
                        {conv_layer(3, 3, 1, 1, false), layer_of<BatchNormOptions>(),
                         layer_of<TanhOptions>(), pool_layer<MaxPool2dOptions>(2),
                         conv_layer(4, 2, 1, 0, true), pool_layer<AvgPool2dOptions>(2),
                         layer_of<FlattenOptions>(), testing::dense_layer(3)}};
  Network network(model, 3);
  initialize_parameters(network, InitSpec{InitScheme::xavier_normal, 0.0}, 11);
  const Tensor inputs = testing::random_tensor({4, 2, 7, 7}, 31);
  const std::vector<std::int32_t> labels{0, 2, 1, 2};
  ASSERT_EQ(network.parameters().size(), 7u);  // conv weight; γ, β; conv weight, bias; dense weight, bias
  testing::expect_network_gradients(network, inputs, labels);
}

}  // namespace
}  // namespace bnlab
