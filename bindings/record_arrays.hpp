#pragma once
// A run's records as column-wise typed arrays (one array per field, one entry per record),
// which is what plots want and what crosses into JavaScript with one copy per column.
// Each function reads the records from index `first` on, so a caller that polls during
// training only receives what is new.

#include <cstddef>

#include <emscripten/val.h>

#include "data/dataset.hpp"
#include "network/network.hpp"
#include "training/batch_norm_trace.hpp"
#include "training/records.hpp"

namespace bnlab::bindings {

// {step: Uint32Array, epoch: Uint32Array, loss: Float64Array}
emscripten::val loss_columns(const std::vector<StepRecord>& records, std::size_t first);

// {step, samples: Uint32Array; split: Uint8Array (SplitName values); final: Uint8Array (0/1);
//  loss, accuracy, mae, mse, rmse, rmsle, r2: Float64Array}
emscripten::val evaluation_columns(const std::vector<EvaluationRecord>& records, std::size_t first);

// {step: Uint32Array,
//  activations: [{layer, kind, percentiles: Float64Array (records × percents, row-major),
//                 mean, std, deadFraction: Float64Array}]   (the training batch's),
//  histograms: [{layer, tensor, lower, upper, bins, counts: Uint32Array (records × (bins + 2))}],
//  gradientNorms: {"layers.0.weight": Float64Array, ...},
//  layerGradientNorms: [{layer, norm: Float64Array}],
//  batchNorms: [{layer, gammaMean, gammaMin, gammaMax, betaMean, betaMin, betaMax: Float64Array,
//                units, gamma, beta: Float64Array (records × units)}],
//  probeSets: [{split (SplitName value), samples, activations: [...], histograms: [...]}]}
// Every record of a run watches the same layers, so the first record fixes the columns.
emscripten::val probe_columns(const std::vector<ProbeRecord>& records, std::size_t first,
                              const Network& network);

// {step: Uint32Array, layers: [{layer, units, runningMean, runningVariance, populationMean,
//  populationVariance: Float64Array (records × units)}]}
emscripten::val running_statistics_columns(const std::vector<RunningStatisticsRecord>& records,
                                           std::size_t first);

// {step, samples: Uint32Array; split: Uint8Array; evalLoss, evalAccuracy, trainLoss,
//  trainAccuracy, batchOfOneLoss, batchOfOneAccuracy: Float64Array}
emscripten::val mode_gap_columns(const std::vector<ModeGapRecord>& records, std::size_t first);

// {step: Uint32Array, size, classes, x: [min, max], y: [min, max],
//  eval, train: Float32Array (records × size × size × classes; train empty unless asked)}
emscripten::val decision_grid_columns(const std::vector<DecisionGridRecord>& records, std::size_t first);

// {step: Uint32Array, classes, split, matrix: Uint32Array (records × classes × classes),
//  misclassified: Uint32Array[] (one per record)}
emscripten::val confusion_columns(const std::vector<ConfusionRecord>& records, std::size_t first);

// {total, sampleShape: number[], inputs: Float32Array (count × sample values, row-major),
//  labels: Int32Array (count; empty for a regression set)}: samples [first, first + count) of
// one split as the run trains on them (preprocessing applied), copied out; count is clamped.
emscripten::val sample_arrays(const Dataset& split, std::size_t first, std::size_t count);

// The BN step-through of one unit (training/batch_norm_trace.hpp) as a plain object:
// {step, layer, unit, samples, positions, inputs, normalized, outputs: Float64Array, mean,
//  biasedVariance, unbiasedVariance, epsilon, gamma, beta, tracksRunningStatistics, momentum,
//  runningMeanBefore, runningMeanAfter, runningVarianceBefore, runningVarianceAfter, batchesTrackedBefore}
emscripten::val batch_norm_trace_object(const BatchNormTrace& trace);

// {"layers.0.weight": {shape: number[], data: Float32Array}, ...}: parameters and buffers,
// copied out of the network.
emscripten::val tensor_arrays(const Network& network);

}  // namespace bnlab::bindings
