#pragma once
// One training run: an experiment's network, optimizer, loss and data, stepped a few
// updates at a time (the CLI loops; the web worker steps between messages). It records
// losses and evaluations, and its instruments record probes; it never prints.
//
//   auto data = prepare_data(experiment);
//   Run run(experiment, data);
//   while (run.status() == RunStatus::training) run.step(100);
//   run.finalize();  // population statistics if asked, final evaluation

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "data/dataset.hpp"
#include "experiment/experiment.hpp"
#include "losses/loss.hpp"
#include "model_file/model_file.hpp"
#include "network/network.hpp"
#include "optimizers/optimizer.hpp"
#include "training/instruments/instruments.hpp"
#include "training/records.hpp"

namespace bnlab {

// Loads, splits and preprocesses the experiment's dataset (once; a compare pair shares it).
std::shared_ptr<const DatasetSplits> prepare_data(const Experiment& experiment);

class Run {
 public:
  // Builds the network for the data's sample shape and initializes it from the seed, or
  // from `initial_model` when given. Checks everything that depends on the data (output
  // width, loss vs task, batch size) and throws ConfigError naming the field.
  Run(Experiment experiment, std::shared_ptr<const DatasetSplits> data,
      const ModelFile* initial_model = nullptr);

  // Takes up to `count` updates; returns how many were taken. Stops early when the run
  // reaches its total or diverges.
  std::size_t step(std::size_t count);
  // Ends training: recomputes population statistics when the experiment asks for them and
  // evaluates every split once more (records flagged final). Safe to call twice.
  void finalize();
  // Evaluates one split now, in eval mode, without recording it. While the weights are a
  // model file's (from `initial_model` or load_model_tensors, before any step), a loss that
  // is not finite throws ModelFileError naming the file: finite weights such as 1e38 can still
  // overflow float arithmetic, and `bnlab eval` and the JavaScript API must both refuse that
  // model instead of reporting a null loss. (A trained run's loss is reported as it is.)
  EvaluationRecord evaluate(SplitName split);
  // Replaces the network's tensors by a model file's (apply_model_tensors; the caller checks
  // the architecture first) and names `what` in evaluate()'s errors until the next step.
  void load_model_tensors(const ModelFile& file, const std::string& what);

  RunStatus status() const { return status_; }
  std::size_t steps_done() const { return steps_done_; }
  std::size_t total_steps() const { return total_steps_; }
  std::size_t steps_per_epoch() const { return steps_per_epoch_; }
  std::size_t epoch() const { return steps_per_epoch_ ? steps_done_ / steps_per_epoch_ : 0; }
  // Set once the run has diverged: the step, what became non-finite, and its message.
  const std::optional<Divergence>& divergence() const { return divergence_; }
  bool finalized() const { return finalized_; }

  const Experiment& experiment() const { return experiment_; }
  const DatasetSplits& data() const { return *data_; }
  Network& network() { return *network_; }
  const Network& network() const { return *network_; }
  const std::vector<StepRecord>& losses() const { return losses_; }
  const std::vector<EvaluationRecord>& evaluations() const { return evaluations_; }
  const std::vector<ProbeRecord>& probes() const { return instruments_->probes(); }
  // Every instrument's records (probes, running statistics, mode gap, decision grid, confusion).
  const Instruments& instruments() const { return *instruments_; }

  Json model_json() { return model_to_json(*network_, steps_done_, experiment_.source); }

  // The mini-batch the next step will train on, without taking it: the epoch's shuffle is
  // computed on a copy of the batch-order stream, so the run goes on exactly as before.
  void peek_next_batch(Batch& batch) const;

 private:
  void train_one_step();
  void diverge(std::size_t step, DivergenceCause cause, const std::string& tensor, bool not_a_number);
  // The first non-finite buffer, gradient or parameter after a step, if any (records it).
  bool check_buffers(std::size_t step);
  bool check_gradients(std::size_t step);
  bool check_parameters(std::size_t step);
  EvaluationRecord evaluate_recorded(SplitName split);
  void evaluate_all(bool final);
  void begin_epoch();

  Experiment experiment_;
  std::shared_ptr<const DatasetSplits> data_;
  std::unique_ptr<Network> network_;
  std::unique_ptr<Loss> loss_;
  std::unique_ptr<Optimizer> optimizer_;
  Rng batch_order_stream_;
  std::vector<std::uint32_t> epoch_order_;
  std::size_t position_in_epoch_ = 0;
  Batch batch_;
  Batch evaluation_batch_;
  std::size_t steps_done_ = 0;
  std::size_t total_steps_ = 0;
  std::size_t steps_per_epoch_ = 0;
  RunStatus status_ = RunStatus::training;
  bool finalized_ = false;
  std::optional<Divergence> divergence_;
  // The model file the weights came from, until a step is taken (see evaluate()).
  std::optional<std::string> model_origin_;
  double previous_loss_ = std::nan("");  // the last step's loss (divergence reports it)
  std::vector<StepRecord> losses_;
  std::vector<EvaluationRecord> evaluations_;
  std::unique_ptr<Instruments> instruments_;
};

}  // namespace bnlab
