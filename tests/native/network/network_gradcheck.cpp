// Whole-network gradient checks: dense + batchnorm + activation chains with the loss on top,
// for both placements of batchnorm (before and after the activation), in train mode.
#include "network/initialization.hpp"
#include "network/network.hpp"
#include "support/gradient_check.hpp"
#include "support/model_builders.hpp"

namespace bnlab {
namespace {

LayerSpec dense(std::size_t units, bool bias = true) { return testing::dense_layer(units, bias); }
template <typename Options>
LayerSpec of_kind() { return testing::layer_of<Options>(); }

// d(loss)/d(every parameter) of loss(network(inputs)) against central differences, for the
// network of `model` (seed 3, Xavier-normal weights from seed 11).
void expect_model_gradients(const ModelSpec& model, const Tensor& inputs,
                            const std::vector<std::int32_t>& labels) {
  Network network(model, 3);
  initialize_parameters(network, InitSpec{InitScheme::xavier_normal, 0.0}, 11);
  testing::expect_network_gradients(network, inputs, labels);
}

TEST(NetworkGradients, BatchNormBeforeActivation) {
  const ModelSpec model{{4},
                        {dense(5, false), of_kind<BatchNormOptions>(), of_kind<SigmoidOptions>(),
                         dense(5, false), of_kind<BatchNormOptions>(), of_kind<TanhOptions>(),
                         dense(3)}};
  expect_model_gradients(model, testing::random_tensor({6, 4}, 21), {0, 1, 2, 0, 1, 2});
}

TEST(NetworkGradients, BatchNormAfterActivation) {
  const ModelSpec model{{4},
                        {dense(5), of_kind<SigmoidOptions>(), of_kind<BatchNormOptions>(),
                         dense(5), of_kind<LeakyReluOptions>(), of_kind<BatchNormOptions>(),
                         dense(3)}};
  expect_model_gradients(model, testing::random_tensor({6, 4}, 22), {2, 1, 0, 0, 1, 2});
}

TEST(NetworkGradients, BatchNormOnTwoSamples) {
  const ModelSpec model{{3}, {dense(4, false), of_kind<BatchNormOptions>(), of_kind<PreluOptions>(), dense(2)}};
  expect_model_gradients(model, testing::random_tensor({2, 3}, 23), {0, 1});
}

}  // namespace
}  // namespace bnlab
