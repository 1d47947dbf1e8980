#pragma once
// Checking a folded network against the one it came from (fold_batch_norm.hpp): both run in
// eval mode over the same samples, in batches of 1 000, and the largest output difference is
// reported with each network's time for the pass — folding removes a layer per BatchNorm, and
// the time is what the learner sees it buy (a figure, never a test bound). Used by `bnlab fold`
// and by the JavaScript API's Run.foldBatchNorm.

#include <cstddef>

#include "data/dataset.hpp"
#include "network/network.hpp"

namespace bnlab {

struct FoldComparison {
  std::size_t samples = 0;
  double max_abs_output_difference = 0.0;  // over every output of every sample
  bool unfolded_finite = true;             // false: the source network's outputs overflow
  bool folded_finite = true;               // false: folding overflowed (a variance near 0)
  double unfolded_seconds = 0.0;           // wall time of the eval-mode pass, forward only
  double folded_seconds = 0.0;
};

FoldComparison compare_folded_outputs(Network& unfolded, Network& folded, const Dataset& samples);

}  // namespace bnlab
