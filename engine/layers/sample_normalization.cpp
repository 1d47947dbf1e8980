#include "layers/sample_normalization.hpp"

#include <cmath>

namespace bnlab {

void normalize_blocks(const Scalar* input, const BlockLayout& layout, double epsilon, Scalar* x_hat,
                      Scalar* inverse_std) {
  const std::size_t size = layout.block_size;
  for (std::size_t block = 0; block < layout.blocks; ++block) {
    const Scalar* x = input + block * size;
    double sum = 0.0;
    for (std::size_t index = 0; index < size; ++index) sum += x[index];
    const double mean = sum / static_cast<double>(size);
    double squares = 0.0;
    for (std::size_t index = 0; index < size; ++index) {
      const double centered = x[index] - mean;
      squares += centered * centered;
    }
    const double biased_variance = squares / static_cast<double>(size);
    const double block_inverse_std = 1.0 / std::sqrt(biased_variance + epsilon);
    inverse_std[block] = static_cast<Scalar>(block_inverse_std);
    Scalar* normalized = x_hat + block * size;
    for (std::size_t index = 0; index < size; ++index) {
      normalized[index] = static_cast<Scalar>((x[index] - mean) * block_inverse_std);
    }
  }
}

void normalize_blocks_backward(const Scalar* x_hat, const Scalar* inverse_std, const BlockLayout& layout,
                               Scalar* gradient) {
  // x̂ = (x − μ)·r, r = 1/√(σ²+ε): dμ/dx_i = 1/M, dr/dx_i = −r²·x̂_i/M, so
  // dx_i = Σ_j g_j·dx̂_j/dx_i = r·(g_i − mean(g) − x̂_i·mean(g·x̂)).
  const std::size_t size = layout.block_size;
  for (std::size_t block = 0; block < layout.blocks; ++block) {
    const Scalar* normalized = x_hat + block * size;
    Scalar* g = gradient + block * size;
    double sum = 0.0;
    double sum_times_x_hat = 0.0;
    for (std::size_t index = 0; index < size; ++index) {
      sum += g[index];
      sum_times_x_hat += static_cast<double>(g[index]) * normalized[index];
    }
    const Scalar mean_gradient = static_cast<Scalar>(sum / static_cast<double>(size));
    const Scalar mean_gradient_times_x_hat = static_cast<Scalar>(sum_times_x_hat / static_cast<double>(size));
    const Scalar scale = inverse_std[block];
    for (std::size_t index = 0; index < size; ++index) {
      g[index] = scale * (g[index] - mean_gradient - normalized[index] * mean_gradient_times_x_hat);
    }
  }
}

}  // namespace bnlab
