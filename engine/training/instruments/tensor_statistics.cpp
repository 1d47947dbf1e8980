#include "training/instruments/tensor_statistics.hpp"

#include <algorithm>
#include <cmath>

namespace bnlab {

std::vector<double> percentiles_of(std::vector<double>& values, const std::vector<double>& percents) {
  std::vector<double> result;
  if (values.empty()) return result;
  // Only the order statistics the percents need are selected (nth_element, O(n) each) instead
  // of sorting everything: a 1000-sample probe set of a 100-unit layer has 10⁵ values.
  std::vector<std::size_t> ranks;
  for (const double percent : percents) {
    const double rank = percent / 100.0 * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(rank));
    ranks.push_back(below);
    ranks.push_back(std::min(below + 1, values.size() - 1));
  }
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  auto begin = values.begin();
  for (const std::size_t rank : ranks) {
    // Everything after the previous selected rank is at least as large as it, so selecting
    // in [previous + 1, end) gives the order statistic of the whole array.
    std::nth_element(begin, values.begin() + static_cast<std::ptrdiff_t>(rank), values.end());
    begin = values.begin() + static_cast<std::ptrdiff_t>(rank) + 1;
  }
  for (const double percent : percents) {
    const double rank = percent / 100.0 * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(rank));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double weight = rank - static_cast<double>(below);
    result.push_back(values[below] + weight * (values[above] - values[below]));
  }
  return result;
}

std::vector<double> unit_values(const Tensor& tensor, const std::optional<std::size_t>& unit) {
  std::vector<double> values;
  if (!unit) {
    values.assign(tensor.begin(), tensor.end());
    return values;
  }
  const std::size_t samples = tensor.shape()[0];
  const std::size_t channels = tensor.shape()[1];
  const std::size_t positions = tensor.size() / (samples * channels);
  values.reserve(samples * positions);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    const Scalar* first = tensor.data() + (sample * channels + *unit) * positions;
    values.insert(values.end(), first, first + positions);
  }
  return values;
}

HistogramBins choose_histogram_bins(const std::vector<double>& first_reading, std::size_t count) {
  double smallest = INFINITY;
  double largest = -INFINITY;
  for (const double value : first_reading) {
    if (!std::isfinite(value)) continue;
    smallest = std::min(smallest, value);
    largest = std::max(largest, value);
  }
  if (!std::isfinite(smallest)) return {-1.0, 1.0, count};  // nothing finite to go by
  if (largest == smallest) return {smallest - 1.0, largest + 1.0, count};
  const double margin = 0.5 * (largest - smallest);
  return {smallest - margin, largest + margin, count};
}

std::vector<std::uint32_t> histogram_counts(const std::vector<double>& values, const HistogramBins& bins) {
  std::vector<std::uint32_t> counts(bins.count + 2, 0);
  const double width = (bins.upper - bins.lower) / static_cast<double>(bins.count);
  for (const double value : values) {
    if (std::isnan(value)) continue;
    if (value < bins.lower) {
      ++counts[0];
    } else if (value > bins.upper) {
      ++counts[bins.count + 1];
    } else {
      const auto bin = static_cast<std::size_t>((value - bins.lower) / width);
      ++counts[1 + std::min(bin, bins.count - 1)];
    }
  }
  return counts;
}

double dead_unit_fraction(const Tensor& input) {
  const std::size_t samples = input.shape()[0];
  const std::size_t channels = input.shape()[1];
  const std::size_t positions = input.size() / (samples * channels);
  std::vector<bool> alive(channels, false);
  const Scalar* values = input.data();
  for (std::size_t sample = 0; sample < samples; ++sample) {
    for (std::size_t channel = 0; channel < channels; ++channel) {
      if (alive[channel]) continue;
      const Scalar* first = values + (sample * channels + channel) * positions;
      alive[channel] = std::any_of(first, first + positions, [](Scalar value) { return value > 0; });
    }
  }
  const auto dead = static_cast<double>(std::count(alive.begin(), alive.end(), false));
  return dead / static_cast<double>(channels);
}

}  // namespace bnlab
