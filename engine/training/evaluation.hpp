#pragma once
// Loss and metrics of a network over a whole dataset, in eval mode, batch by batch.

#include "data/dataset.hpp"
#include "losses/loss.hpp"
#include "network/network.hpp"
#include "training/records.hpp"

namespace bnlab {

// Samples per forward pass while evaluating or collecting statistics: at most 1000, fewer
// when a sample is large (see max_values_per_batch). Bounds memory, not results.
std::size_t evaluation_chunk(const ModelSpec& model);

// How a pass over a dataset runs. The default is the ordinary evaluation: eval mode, every
// sample, chunks of evaluation_chunk().
struct EvaluationPass {
  Mode mode = Mode::eval;
  std::size_t samples = 0;    // the first n samples; 0: all
  std::size_t chunk = 0;      // samples per forward; 0: evaluation_chunk()
  // One sample per batch. Each sample is sent as a batch of two copies of itself, which has
  // exactly the batch statistics of a batch of one (mean = the sample, variance 0) without
  // tripping BatchNorm's guard against a single value per channel; in train mode every
  // BatchNorm then outputs β (docs/SEMANTICS.md).
  bool one_at_a_time = false;
};

// Loss and metrics over `data`. In train mode BatchNorm uses (and updates) batch statistics
// and dropout drops: run it on a copy of the network (the instruments do).
EvaluationRecord evaluate_network(Network& network, Loss& loss, const Dataset& data,
                                  SplitName split, std::size_t step, Batch& scratch,
                                  const EvaluationPass& pass = {});

// Tells the Targets a loss reads for a batch of this task.
Targets targets_of(const Batch& batch, TaskKind task);

}  // namespace bnlab
