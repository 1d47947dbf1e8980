#include "training/run.hpp"

#include <cmath>
#include <numeric>
#include <sstream>

#include "core/errors.hpp"
#include "core/finite.hpp"
#include "experiment/enum_names.hpp"
#include "network/initialization.hpp"
#include "network/population_statistics.hpp"
#include "training/evaluation.hpp"

namespace bnlab {

std::shared_ptr<const DatasetSplits> prepare_data(const Experiment& experiment) {
  auto splits = std::make_shared<DatasetSplits>(load_splits(experiment.dataset, experiment.split, experiment.seed));
  preprocess(*splits, experiment.preprocessing);
  // A model.input with the samples' element count but another shape views the same values in
  // that shape, e.g. flat MNIST rows (784) as [1, 28, 28] images for a convolution. Row-major
  // order makes this a reshape, not a copy. A different count is left for Run to report.
  const Shape& input_shape = experiment.model.input_shape;
  for (Dataset* part : {&splits->train, &splits->validation, &splits->test}) {
    if (input_shape.empty() || part->inputs.dimension() == 0) continue;
    const Shape sample_shape = part->sample_shape();
    if (sample_shape == input_shape || element_count(sample_shape) != element_count(input_shape)) continue;
    Shape batch_shape{part->size()};
    batch_shape.insert(batch_shape.end(), input_shape.begin(), input_shape.end());
    part->inputs.reshape(batch_shape);
  }
  return splits;
}

namespace {

void check_loss_fits_task(LossKind loss, const Dataset& train) {
  const bool classification = train.task == TaskKind::classification;
  if (classification && loss != LossKind::cross_entropy) {
    throw ConfigError("loss", "loss_needs_targets", Json{{"loss", name_of(loss, loss_kind_names())}},
                      std::string("\"") + name_of(loss, loss_kind_names()) +
                                  "\" needs regression targets, but the dataset has class labels; "
                                  "use \"cross_entropy\"");
  }
  if (!classification && loss == LossKind::cross_entropy) {
    throw ConfigError("loss", "loss_needs_labels", Json{{"loss", "cross_entropy"}}, "\"cross_entropy\" needs class labels, but the dataset has regression "
                              "targets; use \"mse\" or \"l1\"");
  }
}

// Where an output-width error points: the option of the last layer that sets a width.
std::string last_layer_path(const ModelSpec& model) {
  for (std::size_t index = model.layers.size(); index-- > 0;) {
    if (const char* option = output_width_option(model.layers[index])) {
      return layer_path(index) + "." + option;
    }
  }
  return "model.layers";
}


}  // namespace

Run::Run(Experiment experiment, std::shared_ptr<const DatasetSplits> data, const ModelFile* initial_model)
    : experiment_(std::move(experiment)),
      data_(std::move(data)),
      batch_order_stream_(Rng::for_purpose(experiment_.seed, "batches")) {
  const Dataset& train = data_->train;
  if (train.size() == 0) throw ConfigError("split", "no_training_samples", Json::object(), "no samples are left for training");
  const Shape sample_shape = train.sample_shape();
  ModelSpec& model = experiment_.model;
  if (model.input_shape.empty()) {
    model.input_shape = sample_shape;
  } else if (model.input_shape != sample_shape) {
    throw ConfigError("model.input", "input_shape_mismatch",
                      Json{{"expected", shape_to_string(sample_shape)}, {"got", shape_to_string(model.input_shape)}},
                      "expected " + shape_to_string(sample_shape) +
                                         " to match the dataset's samples, got " +
                                         shape_to_string(model.input_shape));
  }
  check_loss_fits_task(experiment_.loss, train);

  network_ = std::make_unique<Network>(model, experiment_.seed);
  const Shape expected_output{train.output_width()};
  if (network_->output_shape() != expected_output) {
    throw ConfigError(last_layer_path(model), "output_width_mismatch",
                      Json{{"expected", train.output_width()}, {"got", shape_to_string(network_->output_shape())}},
                      "the model must end with " + std::to_string(train.output_width()) +
                          " outputs (" + (train.task == TaskKind::classification
                                              ? std::to_string(train.num_classes) + " classes"
                                              : std::string("the target width")) +
                          "), but it ends with " + shape_to_string(network_->output_shape()));
  }
  if (initial_model != nullptr) {
    check_model_architecture(*initial_model, model);
    apply_model_tensors(*network_, *initial_model, initial_model->origin);
    model_origin_ = initial_model->origin;
  } else {
    initialize_parameters(*network_, experiment_.init, experiment_.seed);
  }

  const TrainingSpec& training = experiment_.training;
  if (training.batch_size > train.size()) {
    throw ConfigError("training.batch_size", "batch_size_too_large",
                      Json{{"maximum", train.size()}, {"got", training.batch_size}}, "expected at most the " + std::to_string(train.size()) +
                                                 " training samples, got " +
                                                 std::to_string(training.batch_size));
  }
  const std::uint64_t peak = peak_values_per_sample(model);
  if (static_cast<std::uint64_t>(training.batch_size) * peak > max_values_per_batch) {
    throw ConfigError("training.batch_size", "batch_too_many_values",
                      Json{{"maximum", max_values_per_batch / peak}, {"got", training.batch_size}},
                      "batches of " + std::to_string(training.batch_size) + " samples need tensors of " +
                          std::to_string(static_cast<std::uint64_t>(training.batch_size) * peak) +
                          " values (" + std::to_string(peak) + " per sample), more than the limit of " +
                          std::to_string(max_values_per_batch) + "; use a batch of at most " +
                          std::to_string(max_values_per_batch / peak) + " samples");
  }
  const std::size_t remainder = train.size() % training.batch_size;
  steps_per_epoch_ = train.size() / training.batch_size + (training.drop_last || remainder == 0 ? 0 : 1);
  if (!training.drop_last && remainder == 1 && has_batch_norm(model)) {
    throw ConfigError("training.batch_size", "batch_norm_last_batch_of_one",
                      Json{{"samples", train.size()}, {"got", training.batch_size}},
                      "with " + std::to_string(train.size()) + " training samples and batches of " +
                          std::to_string(training.batch_size) +
                          ", the last mini-batch of every epoch holds 1 sample, which batchnorm "
                          "cannot normalize; change the batch size or set training.drop_last");
  }
  total_steps_ = training.steps != 0 ? training.steps : training.epochs * steps_per_epoch_;
  instruments_ = std::make_unique<Instruments>(experiment_, *network_, data_);

  loss_ = make_loss(experiment_.loss);
  optimizer_ = make_optimizer(experiment_.optimizer);
  if (training.evaluate_every > 0) evaluate_all(false);
}

void Run::begin_epoch() {
  const auto count = static_cast<std::uint32_t>(data_->train.size());
  if (experiment_.shuffle) {
    batch_order_stream_.permutation_into(count, epoch_order_);
  } else if (epoch_order_.size() != count) {
    epoch_order_.resize(count);
    std::iota(epoch_order_.begin(), epoch_order_.end(), 0u);
  }
}

void Run::peek_next_batch(Batch& batch) const {
  const TrainingSpec& training = experiment_.training;
  const Dataset& train = data_->train;
  std::vector<std::uint32_t> order = epoch_order_;
  if (position_in_epoch_ == 0) {
    // What begin_epoch() will do, on copies.
    const auto count = static_cast<std::uint32_t>(train.size());
    if (experiment_.shuffle) {
      Rng stream = batch_order_stream_;
      stream.permutation_into(count, order);
    } else if (order.size() != count) {
      order.resize(count);
      std::iota(order.begin(), order.end(), 0u);
    }
  }
  const std::size_t begin = position_in_epoch_ * training.batch_size;
  const std::size_t end = std::min(begin + training.batch_size, train.size());
  gather_batch(train, order, begin, end, batch);
}

std::size_t Run::step(std::size_t count) {
  std::size_t taken = 0;
  while (taken < count && status_ == RunStatus::training) {
    train_one_step();
    if (status_ == RunStatus::diverged) break;
    ++taken;
    if (steps_done_ >= total_steps_) status_ = RunStatus::complete;
  }
  return taken;
}

void Run::train_one_step() {
  // From the first step on, the weights and buffers are what training made of the model file
  // (a diverging step reports its own record): evaluate() no longer refuses them as the file's.
  model_origin_.reset();
  const TrainingSpec& training = experiment_.training;
  const Dataset& train = data_->train;
  if (position_in_epoch_ == 0) begin_epoch();
  const std::size_t begin = position_in_epoch_ * training.batch_size;
  const std::size_t end = std::min(begin + training.batch_size, train.size());
  gather_batch(train, epoch_order_, begin, end, batch_);

  const std::size_t step_number = steps_done_ + 1;
  const Tensor& prediction = network_->forward(batch_.inputs, Mode::train);
  const double loss = loss_->forward(prediction, targets_of(batch_, train.task));
  // A step that produces any non-finite value ends the run as diverged, and is not counted:
  // the loss alone is not enough (a BN network at a huge learning rate can keep a finite loss
  // while its weights and running statistics are already NaN).
  if (!std::isfinite(loss)) {
    diverge(step_number, DivergenceCause::loss_not_finite, "", std::isnan(loss));
    return;
  }
  if (check_buffers(step_number)) return;
  network_->backward(loss_->backward());
  if (check_gradients(step_number)) return;
  instruments_->after_backward(*network_, step_number);
  // The optimizer watched every value it wrote (optimizers/optimizer.hpp): the parameters are
  // read again only to name the first one that is not finite.
  const bool parameters_finite = optimizer_->step(network_->parameters());
  if (!parameters_finite && check_parameters(step_number)) return;
  previous_loss_ = loss;

  if (step_number == 1 || step_number % training.log_every == 0 || step_number == total_steps_) {
    losses_.push_back({step_number, epoch(), loss});
  }
  steps_done_ = step_number;
  position_in_epoch_ = (position_in_epoch_ + 1) % steps_per_epoch_;
  if (training.evaluate_every > 0 && steps_done_ % training.evaluate_every == 0) evaluate_all(false);
}

namespace {

// NaN or infinity: what the first non-finite value of the tensor is.
bool first_non_finite_is_nan(const Tensor& tensor) {
  for (const Scalar value : tensor) {
    if (!std::isfinite(value)) return std::isnan(value);
  }
  return false;
}

}  // namespace

void Run::diverge(std::size_t step, DivergenceCause cause, const std::string& tensor, bool not_a_number) {
  divergence_ = Divergence{step, cause, previous_loss_, tensor, not_a_number};
  status_ = RunStatus::diverged;
}

bool Run::check_buffers(std::size_t step) {
  for (const NamedBuffer& named : network_->named_buffers()) {
    if (named.buffer.value == nullptr) continue;  // a counter is an integer: always finite
    if (!all_finite(*named.buffer.value)) {
      diverge(step, DivergenceCause::buffer_not_finite, named.name, first_non_finite_is_nan(*named.buffer.value));
      return true;
    }
  }
  return false;
}

bool Run::check_gradients(std::size_t step) {
  for (const NamedParameter& named : network_->named_parameters()) {
    if (!all_finite(*named.parameter.gradient)) {
      diverge(step, DivergenceCause::gradient_not_finite, named.name,
              first_non_finite_is_nan(*named.parameter.gradient));
      return true;
    }
  }
  return false;
}

bool Run::check_parameters(std::size_t step) {
  for (const NamedParameter& named : network_->named_parameters()) {
    if (!all_finite(*named.parameter.value)) {
      diverge(step, DivergenceCause::parameter_not_finite, named.name,
              first_non_finite_is_nan(*named.parameter.value));
      return true;
    }
  }
  return false;
}

EvaluationRecord Run::evaluate(SplitName split) {
  EvaluationRecord record = evaluate_recorded(split);
  if (model_origin_ && record.samples > 0 && !std::isfinite(record.loss)) {
    throw ModelFileError(*model_origin_ + ": the model's loss on the " + split_name(split) +
                         " split is not finite (its weights overflow float arithmetic)");
  }
  return record;
}

void Run::load_model_tensors(const ModelFile& file, const std::string& what) {
  apply_model_tensors(*network_, file, what);
  model_origin_ = what;
}

// What evaluate() computes, without its check: the records of a run in progress keep a
// non-finite loss as null (training reports divergence on its own terms).
EvaluationRecord Run::evaluate_recorded(SplitName split) {
  const Dataset& data = split == SplitName::train        ? data_->train
                        : split == SplitName::validation ? data_->validation
                                                         : data_->test;
  return evaluate_network(*network_, *loss_, data, split, steps_done_, evaluation_batch_);
}

void Run::evaluate_all(bool final) {
  static const std::vector<SplitName> every_split{SplitName::train, SplitName::validation, SplitName::test};
  // The final evaluation reads every split (the summary table); the periodic ones the chosen.
  for (const SplitName split : final ? every_split : experiment_.training.evaluate_splits) {
    const bool empty = split == SplitName::validation ? data_->validation.size() == 0
                       : split == SplitName::test     ? data_->test.size() == 0
                                                      : false;
    if (empty) continue;
    EvaluationRecord record = evaluate_recorded(split);
    record.final = final;
    evaluations_.push_back(record);
  }
}

void Run::finalize() {
  if (finalized_) return;
  finalized_ = true;
  if (status_ == RunStatus::diverged) return;
  if (experiment_.training.inference_statistics == InferenceStatistics::population) {
    recompute_population_statistics(*network_, data_->train, evaluation_chunk(network_->spec()));
  }
  evaluate_all(true);
}

}  // namespace bnlab
