#include "run_handle.hpp"

#include <cmath>
#include <optional>
#include <string>

#include "core/errors.hpp"
#include "network/fold_batch_norm.hpp"
#include "network/fold_check.hpp"
#include "outcome.hpp"
#include "record_arrays.hpp"
#include "training/batch_norm_trace.hpp"
#include "training/compare_pair.hpp"
#include "training/record_json.hpp"
#include "training/variants.hpp"

namespace bnlab::bindings {

using emscripten::val;

namespace {

// Counts and indices arrive as JavaScript numbers; refuse what is not a non-negative integer
// instead of letting a conversion wrap it around.
std::size_t to_count(double value, const char* what) {
  if (!(value >= 0.0) || value > 4294967295.0 || std::floor(value) != value) {
    throw UsageError(std::string(what) + ": expected a non-negative integer");
  }
  return static_cast<std::size_t>(value);
}

Experiment parse_experiment_text(const std::string& experiment_text) {
  return parse_experiment(parse_json_text(experiment_text, "experiment"));
}

}  // namespace

Run& RunHandle::run() const {
  if (!run_) throw UsageError("this run has no experiment (open it first)");
  return *run_;
}

Run& RunHandle::changeable_run() const {
  Run& current = run();
  if (!stopped_by_.empty()) {
    throw UsageError("this run stopped at an error (" + stopped_by_ + ") and cannot continue; "
                     "its records can still be read; delete it");
  }
  return current;
}

template <typename Change>
auto RunHandle::change_run(Change&& change) {
  Run& current = changeable_run();
  try {
    return change(current);
  } catch (const std::bad_alloc&) {
    stopped_by_ = "out of memory";
    throw;
  } catch (const std::exception& error) {
    stopped_by_ = error.what();
    throw;
  }
}

val RunHandle::open(const std::string& experiment_text, const std::string& initial_model_text,
                    const std::string& variant_name) {
  return guarded([&] {
    if (run_) throw UsageError("this run is already open");
    Experiment experiment = parse_experiment_text(experiment_text);
    std::unique_ptr<ModelFile> initial_model;
    if (!initial_model_text.empty()) {
      initial_model = std::make_unique<ModelFile>(parse_model_text(initial_model_text, "initial model"));
    }
    const Variant variant = parse_choice(Json(variant_name), "variant", variant_names());
    experiment = make_variant(experiment, variant);
    experiment.compare = false;
    std::shared_ptr<const DatasetSplits> data = prepare_data(experiment);
    run_ = std::make_unique<Run>(std::move(experiment), std::move(data), initial_model.get());
    shared_weights_digest_ = shared_weights_digest(run_->network());
    return val::undefined();
  });
}

val RunHandle::open_pair(const std::string& experiment_text, RunHandle& with_batch_norm,
                         RunHandle& without_batch_norm) {
  return guarded([&] {
    if (with_batch_norm.run_ || without_batch_norm.run_) throw UsageError("these runs are already open");
    if (&with_batch_norm == &without_batch_norm) throw UsageError("a compare pair needs two run handles");
    const Experiment experiment = parse_experiment_text(experiment_text);
    ComparePair pair = make_compare_pair(experiment, prepare_data(experiment));
    const bool shares_initial_weights = pair_shares_initial_weights(pair);
    with_batch_norm.run_ = std::move(pair.with_batch_norm);
    without_batch_norm.run_ = std::move(pair.without_batch_norm);
    with_batch_norm.shared_weights_digest_ = shared_weights_digest(with_batch_norm.run_->network());
    without_batch_norm.shared_weights_digest_ = shared_weights_digest(without_batch_norm.run_->network());
    return val(shares_initial_weights);
  });
}

Progress RunHandle::progress_after(std::size_t taken) const {
  const Run& current = run();
  Progress progress;
  progress.steps_done = current.steps_done();
  progress.total_steps = current.total_steps();
  progress.steps_per_epoch = current.steps_per_epoch();
  progress.epoch = current.epoch();
  progress.taken = taken;
  progress.status = current.status();
  progress.finalized = current.finalized();
  if (const std::optional<Divergence>& divergence = current.divergence()) {
    progress.divergence_step = divergence->step;
    progress.divergence_cause = divergence_cause_name(divergence->cause);
    progress.divergence_last_loss = divergence->last_loss;
    progress.divergence_tensor = divergence->tensor;
    progress.divergence_message = divergence->message();
  }
  return progress;
}

val RunHandle::step(double count) {
  return guarded([&] {
    const std::size_t steps = to_count(count, "step count");
    const std::size_t taken = change_run([&](Run& current) { return current.step(steps); });
    return val(progress_after(taken));
  });
}

val RunHandle::initial_weights_digest() const {
  return guarded([&] {
    run();  // throws before open
    return val(shared_weights_digest_);
  });
}

val RunHandle::progress() const {
  return guarded([&] { return val(progress_after(0)); });
}

val RunHandle::finalize() {
  return guarded([&] {
    change_run([](Run& current) { current.finalize(); });
    return val(progress_after(0));
  });
}

val RunHandle::evaluate(SplitName split) {
  return guarded([&] {
    // Run::evaluate refuses a loaded model whose loss is not finite only after evaluating,
    // which leaves the run as it was: that refusal must not stop the run as another error
    // inside change_run does (the caller can still set another model, or train).
    std::optional<std::string> refused;
    const EvaluationRecord record = change_run([&](Run& current) {
      try {
        return current.evaluate(split);
      } catch (const ModelFileError& error) {
        refused = error.what();
        return EvaluationRecord{};
      }
    });
    if (refused) throw ModelFileError(*refused);
    return val(record);
  });
}

val RunHandle::losses(double first) const {
  return guarded([&] { return loss_columns(run().losses(), to_count(first, "first record")); });
}

val RunHandle::evaluations(double first) const {
  return guarded([&] { return evaluation_columns(run().evaluations(), to_count(first, "first record")); });
}

val RunHandle::probes(double first) const {
  return guarded([&] {
    const Run& current = run();
    return probe_columns(current.probes(), to_count(first, "first record"), current.network());
  });
}

val RunHandle::running_statistics(double first) const {
  return guarded([&] {
    return running_statistics_columns(run().instruments().running_statistics(), to_count(first, "first record"));
  });
}

val RunHandle::mode_gaps(double first) const {
  return guarded([&] { return mode_gap_columns(run().instruments().mode_gaps(), to_count(first, "first record")); });
}

val RunHandle::decision_grids(double first) const {
  return guarded([&] {
    return decision_grid_columns(run().instruments().decision_grids(), to_count(first, "first record"));
  });
}

val RunHandle::confusions(double first) const {
  return guarded([&] { return confusion_columns(run().instruments().confusions(), to_count(first, "first record")); });
}

val RunHandle::model_text() {
  return guarded([&] { return val(run().model_json().dump()); });
}

val RunHandle::load_model(const std::string& model_text) {
  return guarded([&] {
    const ModelFile file = parse_model_text(model_text, "model");
    Network& network = changeable_run().network();
    // apply_model_tensors assigns tensors as it checks them. Trying the file on a scratch
    // network of the same architecture first means a refused file changes nothing.
    check_model_architecture(file, network.spec());
    Network scratch(network.spec(), 0);
    apply_model_tensors(scratch, file, "model");
    change_run([&](Run& current) { current.load_model_tensors(file, "model"); });
    return val::undefined();
  });
}

val RunHandle::samples(SplitName split, double first, double count) const {
  return guarded([&] {
    const DatasetSplits& data = run().data();
    const Dataset& part = split == SplitName::train ? data.train : split == SplitName::validation ? data.validation : data.test;
    return sample_arrays(part, to_count(first, "first sample"), to_count(count, "sample count"));
  });
}

val RunHandle::trace_batch_norm(double layer, double unit) const {
  return guarded([&] {
    return batch_norm_trace_object(
        bnlab::trace_batch_norm(run(), to_count(layer, "traceBatchNorm: layer"), to_count(unit, "traceBatchNorm: unit")));
  });
}

val RunHandle::fold_batch_norm() const {
  return guarded([&] {
    Run& current = run();
    const FoldResult folded = bnlab::fold_batch_norm(current.network());
    const bool has_test = current.data().test.size() > 0;
    const FoldComparison comparison =
        compare_folded_outputs(current.network(), *folded.network, has_test ? current.data().test : current.data().train);
    Json kept_layers = Json::array();
    for (const KeptBatchNorm& kept : folded.kept) kept_layers.push_back({{"layer", kept.layer}, {"because", kept.code}});
    Json answer{{"folded", folded.folded_count},
                {"kept", folded.notes},
                {"keptLayers", kept_layers},
                {"layersBefore", current.network().layer_count()},
                {"layersAfter", folded.network->layer_count()},
                {"split", has_test ? "test" : "train"},
                {"samples", comparison.samples},
                {"outputsFinite", comparison.unfolded_finite && comparison.folded_finite},
                {"maxAbsOutputDifference", comparison.max_abs_output_difference},
                {"unfoldedSeconds", comparison.unfolded_seconds},
                {"foldedSeconds", comparison.folded_seconds}};
    return val(answer.dump());
  });
}

val RunHandle::tensors() const {
  return guarded([&] { return tensor_arrays(run().network()); });
}

val RunHandle::start_text() const {
  return guarded([&] { return val(run_start_to_json(run(), "main").dump()); });
}

val RunHandle::summary_text() const {
  return guarded([&] { return val(run_summary_to_json(run(), "main").dump()); });
}

}  // namespace bnlab::bindings
