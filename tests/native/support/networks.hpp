#pragma once
// Helpers that act on whole networks in tests.

#include "core/rng.hpp"
#include "layers/batch_norm.hpp"
#include "network/network.hpp"

namespace bnlab::testing {

// Trains the BN statistics a little (20 train-mode forwards of `inputs`) so the running
// estimates are not the initial 0 / 1, and gives γ, β values away from 1 / 0.
inline void warm_up_batch_norm(Network& network, const Tensor& inputs) {
  for (int step = 0; step < 20; ++step) network.forward(inputs, Mode::train);
  Rng rng(9, 9);
  for (std::size_t index = 0; index < network.layer_count(); ++index) {
    if (auto* batch_norm = dynamic_cast<BatchNorm*>(&network.layer(index))) {
      for (auto& value : batch_norm->gamma()) value = static_cast<Scalar>(0.5 + rng.next_unit());
      for (auto& value : batch_norm->beta()) value = static_cast<Scalar>(rng.normal());
    }
  }
}

}  // namespace bnlab::testing
