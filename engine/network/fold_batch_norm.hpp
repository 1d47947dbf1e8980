#pragma once
// Folding BatchNorm into the Dense or Conv2d layer before it, for inference. With the running
// statistics μ, σ² and s = γ/√(σ²+ε), eval-mode BN is the affine map y = s·x + (β − s·μ) per
// channel; applied to x = W·in + b it gives one layer of the same kind with
//   W' = diag(s)·W,   b' = s·(b − μ) + β
// (for Conv2d, W'[o] = s_o·W[o] scales output channel o's whole C_in × k_h × k_w kernel).
// A BatchNorm that does not directly follow a Dense or Conv2d (placed after the activation)
// or that has no running statistics cannot be folded this way; it is kept and reported.

#include <memory>
#include <string>
#include <vector>

#include "network/network.hpp"

namespace bnlab {

// Why a BatchNorm was kept: a code the page words in its language (fold.keptBecause.* in
// web/src/i18n/), next to the English line the CLI prints.
struct KeptBatchNorm {
  std::size_t layer;  // index in model.layers
  std::string code;   // "not_after_dense_or_conv2d" or "no_running_statistics"
};

struct FoldResult {
  std::unique_ptr<Network> network;  // eval-mode equivalent of the source network
  std::size_t folded_count = 0;
  std::vector<KeptBatchNorm> kept;   // one per BatchNorm kept, in layer order
  std::vector<std::string> notes;    // the same, one English line each
};

FoldResult fold_batch_norm(Network& source);

}  // namespace bnlab
