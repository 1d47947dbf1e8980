#pragma once
// The arithmetic LayerNorm and GroupNorm share. A batch is viewed as B contiguous blocks of
// M values each, and every block is normalized with its own mean and biased variance:
// LayerNorm has one block per sample (M = every value of the sample), GroupNorm one block per
// sample and group (M = C/G channels × their positions). Unlike BatchNorm's statistics
// (channel_statistics.hpp), no block holds values of two samples, so a sample's output never
// depends on the rest of its batch, in training as in evaluation.

#include <cstddef>

#include "core/scalar.hpp"

namespace bnlab {

struct BlockLayout {
  std::size_t blocks = 0;      // B
  std::size_t block_size = 0;  // M
};

// x̂ = (x − μ)·inverse_std per block, μ and the biased variance σ² summed in double
// (two passes: the mean first, then Σ(x − μ)², which loses no precision to cancellation);
// inverse_std[b] = 1/√(σ²_b + ε). x_hat and inverse_std are the caller's, of B·M and B values.
void normalize_blocks(const Scalar* input, const BlockLayout& layout, double epsilon, Scalar* x_hat,
                      Scalar* inverse_std);

// The input gradient of x̂, in place: `gradient` holds g = dL/dx̂ on entry and dL/dx on exit,
// dx = inverse_std/M · (M·g − Σg − x̂·Σ(g·x̂)) per block (the sums over the block).
void normalize_blocks_backward(const Scalar* x_hat, const Scalar* inverse_std, const BlockLayout& layout,
                               Scalar* gradient);

}  // namespace bnlab
