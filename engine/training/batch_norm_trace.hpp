#pragma once
// The BN step-through: what one BatchNorm layer does to one unit on the mini-batch the next
// training step will use — the batch's values, μ_B, σ²_B, x̂, γ·x̂ + β, and the running
// estimates before and after — computed on a copy of the network, so nothing of the run
// changes. "Step once" then trains exactly that batch, and the real layer's running estimates
// become the trace's "after" values (tested), so the learner can check every number.
// (With dropout in front of the layer the copy draws other masks: the values then differ.)

#include <cstdint>
#include <vector>

#include "training/run.hpp"

namespace bnlab {

struct BatchNormTrace {
  std::size_t step = 0;         // the training step that will use this batch
  std::size_t layer_index = 0;  // in model.layers
  std::size_t unit = 0;         // feature (dense) or channel (conv)
  std::size_t samples = 0;      // in the batch
  std::size_t positions = 1;    // values per sample and unit: H·W for a channel, 1 for a feature
  std::vector<double> inputs;      // samples × positions, the unit's input (row-major)
  double mean = 0.0;               // μ_B
  double biased_variance = 0.0;    // σ²_B, what normalizes
  double unbiased_variance = 0.0;  // σ²_B·M/(M − 1), what the running estimate takes
  double epsilon = 0.0;
  std::vector<double> normalized;  // x̂ = (x − μ_B)/√(σ²_B + ε)
  double gamma = 1.0;
  double beta = 0.0;
  std::vector<double> outputs;     // γ·x̂ + β, read from the layer's own output
  bool tracks_running_statistics = false;
  double momentum = 0.0;           // the m of this update (1/count for "cumulative")
  double running_mean_before = 0.0, running_mean_after = 0.0;
  double running_variance_before = 0.0, running_variance_after = 0.0;
  std::int64_t batches_tracked_before = 0;
};

// UsageError when `layer_index` is not a batchnorm layer of the run's model, `unit` is beyond
// its width, or the run has no next step (finished or diverged).
BatchNormTrace trace_batch_norm(Run& run, std::size_t layer_index, std::size_t unit);

}  // namespace bnlab
