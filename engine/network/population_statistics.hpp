#pragma once
// After training, replaces every BatchNorm's running estimates by statistics of the whole
// training set (the lecture notes' "code 2"): mean and biased variance (1/n) of each
// channel's input over all training samples, with the network in eval mode. BatchNorm
// layers are processed in order, so a later one sees the output of earlier ones that
// already use population statistics — exactly what inference will see.

#include <cstddef>

#include "data/dataset.hpp"
#include "network/network.hpp"

namespace bnlab {

void recompute_population_statistics(Network& network, const Dataset& train, std::size_t batch_size);

}  // namespace bnlab
