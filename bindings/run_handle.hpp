#pragma once
// The one adapter between Embind and the engine: owns a bnlab::Run and exposes it with
// JavaScript-friendly argument and result types. No maths here; every method forwards to the
// engine inside `guarded` (outcome.hpp), so it returns an outcome object and never throws.
//
// Lifecycle: JavaScript creates an empty handle (`new RunHandle()`), then `open` (one run) or
// `open_pair` (the with/without-BN runs of a compare pair, moved into two handles). The
// JavaScript object that created the handle is its only owner and calls `delete()`.

#include <memory>
#include <string>

#include <emscripten/val.h>

#include "training/records.hpp"
#include "training/run.hpp"

namespace bnlab::bindings {

// What progress() and step() report.
struct Progress {
  std::size_t steps_done = 0;
  std::size_t total_steps = 0;
  std::size_t steps_per_epoch = 0;
  std::size_t epoch = 0;
  std::size_t taken = 0;  // steps taken by the call that returned this (0 for progress())
  RunStatus status = RunStatus::training;
  bool finalized = false;
  // The run's Divergence, flattened for Embind (bnlab.mjs rebuilds the object); when the run
  // has not diverged, divergence_message is empty.
  std::size_t divergence_step = 0;
  std::string divergence_cause;
  double divergence_last_loss = 0.0;  // NaN when the first step diverged
  std::string divergence_tensor;
  std::string divergence_message;
};

class RunHandle {
 public:
  // experiment_text: the experiment file's JSON. initial_model_text: a model file's JSON or
  // "" for the seed's weights. variant: which variant of the experiment to train
  // ("as_written", "without_batchnorm", "batchnorm_before_activation",
  // "batchnorm_after_activation"; engine/training/variants.hpp).
  emscripten::val open(const std::string& experiment_text, const std::string& initial_model_text,
                       const std::string& variant);
  // Builds a compare pair and moves its two runs into the two (empty) handles. The value is
  // whether they start from the same weights in every common layer.
  static emscripten::val open_pair(const std::string& experiment_text, RunHandle& with_batch_norm,
                                   RunHandle& without_batch_norm);

  // The digest of the initial weights every variant shares (taken when the run opened).
  emscripten::val initial_weights_digest() const;

  emscripten::val step(double count);
  emscripten::val progress() const;
  emscripten::val finalize();
  emscripten::val evaluate(SplitName split);

  emscripten::val losses(double first) const;
  emscripten::val evaluations(double first) const;
  emscripten::val probes(double first) const;
  emscripten::val running_statistics(double first) const;
  emscripten::val mode_gaps(double first) const;
  emscripten::val decision_grids(double first) const;
  emscripten::val confusions(double first) const;
  // Samples of one split as the run sees them (preprocessed), for drawing them (record_arrays.hpp).
  emscripten::val samples(SplitName split, double first, double count) const;
  // The BN step-through of one unit on the next mini-batch, computed on a copy of the network.
  emscripten::val trace_batch_norm(double layer, double unit) const;
  // BN folding for inference on the current weights (network/fold_batch_norm.hpp), checked on
  // the test split (or train) in eval mode (network/fold_check.hpp); the run is unchanged.
  emscripten::val fold_batch_norm() const;

  // Model file JSON text (the format of docs/MODEL_FORMAT.md) and loading one.
  emscripten::val model_text();
  emscripten::val load_model(const std::string& model_text);
  emscripten::val tensors() const;

  // The CLI's "start" and "summary" records, as JSON text.
  emscripten::val start_text() const;
  emscripten::val summary_text() const;

 private:
  Run& run() const;  // throws UsageError before open
  // The run for a call that changes it; throws UsageError once an earlier change failed.
  Run& changeable_run() const;
  // Runs `change` (a call that updates the run) and, if it throws, marks the run as stopped:
  // an error in the middle of a step (out of memory) can leave the network's buffers half
  // resized, and stepping again would compute on them.
  template <typename Change>
  auto change_run(Change&& change);
  Progress progress_after(std::size_t taken) const;

  std::unique_ptr<Run> run_;
  std::string stopped_by_;  // the error that stopped the run, or empty
  std::string shared_weights_digest_;
};

}  // namespace bnlab::bindings
