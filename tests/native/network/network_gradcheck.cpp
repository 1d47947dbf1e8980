// Whole-network gradient checks: dense + batchnorm + activation chains with the loss on top,
// for both placements of batchnorm (before and after the activation), in train mode.
#include "losses/loss.hpp"
#include "network/initialization.hpp"
#include "network/network.hpp"
#include "support/gradient_check.hpp"
#include "support/model_builders.hpp"

namespace bnlab {
namespace {

LayerSpec dense(std::size_t units, bool bias = true) { return testing::dense_layer(units, bias); }
LayerSpec of_kind(LayerKind kind) { return testing::layer_of_kind(kind); }

// d(loss)/d(every parameter) of loss(network(inputs)) against central differences.
void expect_network_gradients(const ModelSpec& model, const Tensor& inputs,
                              const std::vector<std::int32_t>& labels) {
  Network network(model, 3);
  initialize_parameters(network, InitSpec{InitScheme::xavier_normal, 0.0}, 11);
  const auto loss = make_loss(LossKind::cross_entropy);
  const Targets targets{&labels, nullptr};
  const auto evaluate = [&] { return loss->forward(network.forward(inputs, Mode::train), targets); };
  evaluate();
  network.backward(loss->backward());
  std::vector<Tensor> analytic;
  for (const Parameter& parameter : network.parameters()) analytic.push_back(*parameter.gradient);

  const testing::Tolerance tolerance;
  for (std::size_t which = 0; which < network.parameters().size(); ++which) {
    Tensor& value = *network.parameters()[which].value;
    for (std::size_t index = 0; index < value.size(); ++index) {
      const double saved = value.data()[index];
      value.data()[index] = saved + tolerance.step;
      const double plus = evaluate();
      value.data()[index] = saved - tolerance.step;
      const double minus = evaluate();
      value.data()[index] = saved;
      testing::check_close(analytic[which].data()[index], (plus - minus) / (2 * tolerance.step),
                           tolerance, network.named_parameters()[which].name + "[" + std::to_string(index) + "]");
    }
  }
}

TEST(NetworkGradients, BatchNormBeforeActivation) {
  const ModelSpec model{{4},
                        {dense(5, false), of_kind(LayerKind::batch_norm), of_kind(LayerKind::sigmoid),
                         dense(5, false), of_kind(LayerKind::batch_norm), of_kind(LayerKind::tanh),
                         dense(3)}};
  expect_network_gradients(model, testing::random_tensor({6, 4}, 21), {0, 1, 2, 0, 1, 2});
}

TEST(NetworkGradients, BatchNormAfterActivation) {
  const ModelSpec model{{4},
                        {dense(5), of_kind(LayerKind::sigmoid), of_kind(LayerKind::batch_norm),
                         dense(5), of_kind(LayerKind::leaky_relu), of_kind(LayerKind::batch_norm),
                         dense(3)}};
  expect_network_gradients(model, testing::random_tensor({6, 4}, 22), {2, 1, 0, 0, 1, 2});
}

TEST(NetworkGradients, BatchNormOnTwoSamples) {
  const ModelSpec model{{3}, {dense(4, false), of_kind(LayerKind::batch_norm), of_kind(LayerKind::prelu), dense(2)}};
  expect_network_gradients(model, testing::random_tensor({2, 3}, 23), {0, 1});
}

}  // namespace
}  // namespace bnlab
