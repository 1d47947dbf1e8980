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

struct FoldResult {
  std::unique_ptr<Network> network;  // eval-mode equivalent of the source network
  std::size_t folded_count = 0;
  std::vector<std::string> notes;    // one line per BatchNorm kept, saying why
};

FoldResult fold_batch_norm(Network& source);

}  // namespace bnlab
