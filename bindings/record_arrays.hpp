#pragma once
// A run's records as column-wise typed arrays (one array per field, one entry per record),
// which is what plots want and what crosses into JavaScript with one copy per column.
// Each function reads the records from index `first` on, so a caller that polls during
// training only receives what is new.

#include <cstddef>

#include <emscripten/val.h>

#include "network/network.hpp"
#include "training/records.hpp"

namespace bnlab::bindings {

// {step: Uint32Array, epoch: Uint32Array, loss: Float64Array}
emscripten::val loss_columns(const std::vector<StepRecord>& records, std::size_t first);

// {step, samples: Uint32Array; split: Uint8Array (SplitName values); final: Uint8Array (0/1);
//  loss, accuracy, mae, mse, rmse, rmsle, r2: Float64Array}
emscripten::val evaluation_columns(const std::vector<EvaluationRecord>& records, std::size_t first);

// {step: Uint32Array,
//  activations: [{layer, kind, percentiles: Float64Array (records × percents, row-major),
//                 mean: Float64Array, std: Float64Array}],
//  gradientNorms: {"layers.0.weight": Float64Array, ...},
//  batchNorms: [{layer, gammaMean, gammaMin, gammaMax, betaMean, betaMin, betaMax: Float64Array}]}
// Every record of a run watches the same layers, so the first record fixes the columns.
emscripten::val probe_columns(const std::vector<ProbeRecord>& records, std::size_t first,
                              const Network& network);

// {"layers.0.weight": {shape: number[], data: Float32Array}, ...}: parameters and buffers,
// copied out of the network.
emscripten::val tensor_arrays(const Network& network);

}  // namespace bnlab::bindings
