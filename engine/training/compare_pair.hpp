#pragma once
// The headline experiment: the same model trained with and without its BatchNorm layers,
// on the same data, from the same initial weights of every common layer, seeing the same
// mini-batches in the same order — so the only difference is BatchNorm.
//
// The without-BN variant is the with-BN layer list minus its batchnorm layers. A dense or
// conv2d layer written with "bias": false because a batchnorm follows it (β replaces the
// bias) gets its bias back in the variant, where nothing replaces it.
//
// Identical initial weights follow from the initialization design (each dense or conv2d layer
// draws from its own stream, keyed by its position among the layers of its kind) and the same
// seed; the batch order from the shared "batches" stream. pair_shares_initial_weights checks
// the first.

#include <memory>

#include "training/run.hpp"

namespace bnlab {

Experiment without_batch_norm(const Experiment& experiment);

struct ComparePair {
  std::unique_ptr<Run> with_batch_norm;
  std::unique_ptr<Run> without_batch_norm;
};

// Both runs share `data`. Call before stepping if you want to check the initial weights.
ComparePair make_compare_pair(const Experiment& experiment, std::shared_ptr<const DatasetSplits> data);

// True when every layer of the without-BN run holds exactly the parameters of its
// counterpart in the with-BN run (weights, and the same bias where both have one).
bool pair_shares_initial_weights(ComparePair& pair);

}  // namespace bnlab
