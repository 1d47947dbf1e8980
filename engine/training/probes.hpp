#pragma once
// The instruments the lesson plots, read from a network right after a training step.
// Reading them costs nothing unless probes are switched on in the experiment.

#include <vector>

#include "core/tensor.hpp"
#include "experiment/experiment.hpp"
#include "network/network.hpp"
#include "training/records.hpp"

namespace bnlab {

// Percentiles by linear interpolation between closest ranks (NumPy's default method).
// Reorders `values`.
std::vector<double> percentiles_of(std::vector<double>& values, const std::vector<double>& percents);

// Reads every probe the spec asks for. Call after forward and backward of a training step.
ProbeRecord read_probes(const Network& network, const ProbeSpec& spec, std::size_t step);

// Checks probes.unit against every watched layer before training starts.
void check_probe_spec(const Network& network, const ProbeSpec& spec);

}  // namespace bnlab
