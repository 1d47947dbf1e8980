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

EvaluationRecord evaluate_network(Network& network, Loss& loss, const Dataset& data,
                                  SplitName split, std::size_t step, Batch& scratch);

// Tells the Targets a loss reads for a batch of this task.
Targets targets_of(const Batch& batch, TaskKind task);

}  // namespace bnlab
