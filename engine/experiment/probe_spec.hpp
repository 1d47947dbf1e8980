#pragma once
// The experiment file's "probes" section, parsed: which instruments a run records and how
// often (docs/EXPERIMENT_FORMAT.md). Every instrument is off unless the file asks for it;
// the bounds the parser enforces are the named constants of experiment/probe_limits.hpp.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "training/records.hpp"

namespace bnlab {

// The first `samples` samples of a split (0: the whole split), read in eval mode.
struct ProbeSetSpec {
  SplitName split = SplitName::test;
  std::size_t samples = 0;
  std::string path;  // field path, for errors that need the data ("probes.source[1]")
};

struct RunningStatisticsSpec {
  std::size_t every = 0;  // 0: off
};

// Train-mode vs eval-mode evaluation of the same model at the same step.
struct ModeGapSpec {
  std::size_t every = 0;  // 0: off
  ProbeSetSpec data;
  bool batch_of_one = true;  // also evaluate in train mode one sample at a time
};

struct DecisionGridSpec {
  std::size_t every = 0;   // 0: off
  std::size_t size = 100;  // size × size points
  bool train_mode = false; // also predict the grid in train mode (batch statistics of the grid)
};

struct ConfusionSpec {
  std::size_t every = 0;  // 0: off
  ProbeSetSpec data;
};

struct ProbeSpec {
  std::size_t every = 0;  // 0: probes off
  std::vector<double> percentiles{15.0, 50.0, 85.0};
  std::optional<std::size_t> unit;  // watch one unit/channel instead of the whole layer
  // Watched layers (activation and batchnorm layers); empty optional: all of them.
  std::optional<std::vector<std::size_t>> layers;
  bool source_given = false;        // the file names probes.source (records then say theirs)
  bool train_batch = true;          // read the training mini-batch, in train mode
  std::vector<ProbeSetSpec> probe_sets;  // fixed probe sets, read in eval mode
  std::size_t histogram_bins = 0;        // 0: no histograms
  bool dead_units = false;               // fraction of dead ReLU units
  bool gradients = true;                 // L2 norm of every parameter's gradient
  bool layer_gradients = false;          // ... and of every layer's gradients together
  bool batch_norm = true;                // γ and β summaries (mean, min, max)
  bool batch_norm_units = false;         // γ and β of every unit
  RunningStatisticsSpec running_statistics;
  ModeGapSpec mode_gap;
  DecisionGridSpec decision_grid;
  ConfusionSpec confusion;
};

}  // namespace bnlab
