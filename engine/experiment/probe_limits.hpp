#pragma once
// Every bound the "probes" section's parser enforces (engine/experiment/parse_probes.cpp),
// named so that a schema can be generated from them.

#include <cstddef>

#include "experiment/limits.hpp"

namespace bnlab::probe_limits {

constexpr std::size_t min_every = 1;
constexpr std::size_t max_every = limits::max_steps;
constexpr std::size_t max_percentiles = 99;
constexpr double min_percentile = 0.0;
constexpr double max_percentile = 100.0;
constexpr std::size_t max_unit = limits::max_units - 1;
constexpr std::size_t max_watched_layers = limits::max_layers;
constexpr std::size_t max_sources = 3;  // the training batch, validation, test
constexpr std::size_t min_probe_samples = 1;
constexpr std::size_t max_probe_samples = limits::max_samples;
constexpr std::size_t min_histogram_bins = 2;
constexpr std::size_t max_histogram_bins = 1'000;
constexpr std::size_t min_grid_size = 2;
constexpr std::size_t max_grid_size = 500;

}  // namespace bnlab::probe_limits
