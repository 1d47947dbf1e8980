// Registry completeness, part (a): every registered layer kind passes the finite-difference
// check, built through the registry (the network's construction and initialization) from
// its example in layer_examples.hpp. A kind with no example fails here by name.

#include <gtest/gtest.h>

#include "layers/layer_examples.hpp"
#include "network/initialization.hpp"
#include "network/network.hpp"
#include "support/gradient_check.hpp"

namespace bnlab {
namespace {

using testing::LayerExample;

TEST(LayerRegistryGradients, EveryKindPassesTheFiniteDifferenceCheck) {
  std::size_t checked = 0;
  for_each_layer_kind([&checked](auto traits, auto options) {
    using Options = decltype(options);
    SCOPED_TRACE(decltype(traits)::name);
    if constexpr (!testing::has_layer_example<Options>::value) {
      ADD_FAILURE() << decltype(traits)::name << " has no example in layer_examples.hpp, so no gradient check";
    } else {
      Network network(ModelSpec{LayerExample<Options>::input(), {LayerExample<Options>::options()}}, 3);
      initialize_parameters(network, InitSpec{}, 11);
      Layer& layer = network.layer(0);
      layer.set_input_gradient_needed(true);  // the network turns it off for its first layer
      Shape batch_shape{4};
      for (const std::size_t extent : LayerExample<Options>::input()) batch_shape.push_back(extent);
      testing::expect_layer_gradients(layer, testing::random_tensor(batch_shape, 21), Mode::train, {},
                                      [&layer] { LayerExample<Options>::before_forward(layer); });
      ++checked;
    }
  });
  EXPECT_EQ(checked, std::variant_size_v<LayerOptions>);
}

}  // namespace
}  // namespace bnlab
