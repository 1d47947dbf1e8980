#pragma once
// An experiment file, parsed and validated: everything a run needs. The page, the widgets,
// the CLI and the JavaScript API all read the same JSON (docs/EXPERIMENT_FORMAT.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/dataset_spec.hpp"
#include "experiment/json_reader.hpp"
#include "experiment/probe_spec.hpp"
#include "training/records.hpp"
#include "losses/loss.hpp"
#include "network/network.hpp"
#include "optimizers/optimizer.hpp"

namespace bnlab {

// Which statistics BatchNorm uses in eval mode at the end of training: the running averages
// kept during training, or population statistics recomputed over the whole training set.
enum class InferenceStatistics { running, population };

struct TrainingSpec {
  std::size_t batch_size = 32;
  std::size_t steps = 0;   // from "steps", or 0 when "epochs" is given (resolved by the run)
  std::size_t epochs = 0;  // 0 when "steps" is given
  std::size_t evaluate_every = 0;  // 0: only at the end
  // The splits the evaluations at step 0 and every evaluate_every steps read (the final
  // evaluation reads every split): Ioffe's Fig. 1 plots only test accuracy, and evaluating the
  // training split every 500 steps cost its preset ~12 % of a step.
  std::vector<SplitName> evaluate_splits{SplitName::train, SplitName::validation, SplitName::test};
  std::size_t log_every = 1;       // training loss record every k steps
  bool drop_last = false;          // skip the last, smaller mini-batch of each epoch
  InferenceStatistics inference_statistics = InferenceStatistics::running;
};

struct Experiment {
  std::string name;
  std::uint64_t seed = 0;
  DatasetSpec dataset;
  SplitSpec split;
  bool shuffle = true;  // false keeps the given sample order for the split and the batches
  Preprocessing preprocessing = Preprocessing::none;
  ModelSpec model;  // input_shape empty unless "model.input" was given; the run fills it
  InitSpec init;
  LossKind loss = LossKind::cross_entropy;
  OptimizerSpec optimizer;
  TrainingSpec training;
  ProbeSpec probes;
  bool compare = false;  // also train the variant without BatchNorm layers
  Json source;           // the file as written, kept with saved models
};

// Parses and validates; relative file paths resolve against base_directory.
Experiment parse_experiment(Json document, const std::string& base_directory = "");
Experiment load_experiment_file(const std::string& path);

// Parses text into JSON, turning syntax errors into a ConfigError that names `what`
// (a file name) and the byte offset.
Json parse_json_text(const std::string& text, const std::string& what);

// "compare" trains the model with and without its batchnorm layers: a ConfigError at
// "compare" when it has none (parse_experiment, and callers that ask for a pair directly).
void check_compare_has_batch_norm(const ModelSpec& model);

// The JSON Schema (draft 2020-12) of the experiment file: every field, its type, bounds,
// choices and default, built from the parser's own tables (docs/EXPERIMENT_SCHEMA.md).
Json experiment_schema();

// The model section's layers (shared with model files).
std::vector<LayerSpec> parse_layers(const Json& layers, const std::string& path);
Json layers_to_json(const std::vector<LayerSpec>& layers);

}  // namespace bnlab
