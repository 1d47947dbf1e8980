#include "network/fold_check.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace bnlab {

namespace {

constexpr std::size_t batch_size = 1000;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

FoldComparison compare_folded_outputs(Network& unfolded, Network& folded, const Dataset& samples) {
  FoldComparison comparison;
  comparison.samples = samples.size();
  std::vector<std::uint32_t> order(samples.size());
  for (std::uint32_t index = 0; index < order.size(); ++index) order[index] = index;
  Batch batch;
  for (std::size_t begin = 0; begin < samples.size(); begin += batch_size) {
    gather_batch(samples, order, begin, std::min(begin + batch_size, samples.size()), batch);
    auto start = std::chrono::steady_clock::now();
    const Tensor& unfolded_output = unfolded.forward(batch.inputs, Mode::eval);
    comparison.unfolded_seconds += seconds_since(start);
    start = std::chrono::steady_clock::now();
    const Tensor& folded_output = folded.forward(batch.inputs, Mode::eval);
    comparison.folded_seconds += seconds_since(start);
    // NaN-aware: std::max(0, NaN) is 0, so a NaN output would read as "no difference".
    comparison.unfolded_finite = comparison.unfolded_finite && as_vector(unfolded_output).allFinite();
    comparison.folded_finite = comparison.folded_finite && as_vector(folded_output).allFinite();
    if (!comparison.unfolded_finite || !comparison.folded_finite) continue;
    for (std::size_t index = 0; index < unfolded_output.size(); ++index) {
      comparison.max_abs_output_difference =
          std::max(comparison.max_abs_output_difference,
                   std::abs(double(unfolded_output.data()[index]) - folded_output.data()[index]));
    }
  }
  return comparison;
}

}  // namespace bnlab
