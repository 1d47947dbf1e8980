#pragma once
// The statistics the instruments take of one layer's tensor: percentiles, fixed-bin
// histograms, dead units. Pure functions of their arguments, so tests can compare them with
// a direct computation on known tensors.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/tensor.hpp"

namespace bnlab {

// Percentiles by linear interpolation between closest ranks (NumPy's default method).
// Reorders `values`.
std::vector<double> percentiles_of(std::vector<double>& values, const std::vector<double>& percents);

// The values of one unit/channel of an (N, C, ...) tensor over all samples and positions, or
// every value when `unit` is empty.
std::vector<double> unit_values(const Tensor& tensor, const std::optional<std::size_t>& unit);

// Fixed histogram bins. The rule (docs/SEMANTICS.md): chosen once, from the first reading's
// smallest and largest finite value, widened by half their distance on each side, so later
// readings that spread out still mostly fall inside; [v − 1, v + 1] when all values equal v.
struct HistogramBins {
  double lower = 0.0;
  double upper = 0.0;
  std::size_t count = 0;
};
HistogramBins choose_histogram_bins(const std::vector<double>& first_reading, std::size_t count);

// counts[0]: values below lower; counts[1 + b]: values in bin b = [lower + b·w, lower + (b+1)·w)
// with w = (upper − lower)/count (upper itself goes to the last bin); counts[count + 1]: values
// above upper. NaN is counted nowhere.
std::vector<std::uint32_t> histogram_counts(const std::vector<double>& values, const HistogramBins& bins);

// Fraction of the units (channels) of an (N, C, ...) tensor whose every value is <= 0: ReLU
// units that passed no signal (and get no gradient) for any sample of the batch.
double dead_unit_fraction(const Tensor& input);

}  // namespace bnlab
