#pragma once
// Initial weights. Every layer kind with weights (LayerTraits::has_weights: dense, conv2d)
// draws from its own random stream, keyed by the seed and its position among the layers of its
// kind only ("init.dense" k-th dense layer, "init.conv2d" k-th conv2d layer; not among all
// layers), so a network with BatchNorm layers and the same network without them start from
// identical weights.

#include <cstdint>

#include "layers/layer_spec.hpp"
#include "network/network.hpp"

namespace bnlab {

// Sets every weighted layer's weight (and bias) by its spec's init, or `default_init`.
// BatchNorm starts at γ = 1, β = 0 and PReLU at its initial α, set when they are built.
void initialize_parameters(Network& network, const InitSpec& default_init, std::uint64_t seed);

}  // namespace bnlab
