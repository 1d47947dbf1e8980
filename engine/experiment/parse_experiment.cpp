// The top level of an experiment file, plus its optimizer and training sections (probes:
// parse_probes.cpp).
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "experiment/enum_names.hpp"
#include "experiment/experiment.hpp"
#include "experiment/limits.hpp"
#include "experiment/parse_sections.hpp"
#include "experiment/schema_builders.hpp"
#include "network/network.hpp"

namespace bnlab {

namespace {

const NumberRange learning_rate_range{0.0, limits::max_learning_rate, false, true,
                                      "a positive number (at most 1e6)"};
const NumberRange non_negative{0.0, 1e6, true, true, "a non-negative number"};
const NumberRange decay_rate{0.0, 1.0, true, false, "a number in [0, 1)"};
const NumberRange small_positive{0.0, 1.0, false, true, "a positive number (at most 1)"};
const NumberRange dampening_range{0.0, 1.0, true, true, "a number in [0, 1]"};

const EnumNames<InferenceStatistics>& inference_statistics_names() {
  static const EnumNames<InferenceStatistics> names{{InferenceStatistics::running, "running"},
                                                    {InferenceStatistics::population, "population"}};
  return names;
}

const EnumNames<SplitName>& evaluation_split_names() {
  static const EnumNames<SplitName> names{
      {SplitName::train, "train"}, {SplitName::validation, "validation"}, {SplitName::test, "test"}};
  return names;
}

// training.evaluate_splits: 1 to 3 distinct split names, kept in the order train, validation,
// test whatever order the file gives (the records come out in that order).
std::vector<SplitName> read_evaluate_splits(JsonObjectReader& reader) {
  const TrainingSpec defaults;
  const Json* value = reader.find("evaluate_splits");
  if (value == nullptr) return defaults.evaluate_splits;
  const std::string path = reader.path_of("evaluate_splits");
  if (!value->is_array() || value->empty() || value->size() > 3) {
    throw_expected(path, "expected_split_list", "an array of 1 to 3 of \"train\", \"validation\", \"test\"", *value);
  }
  std::vector<bool> named(3, false);
  for (std::size_t index = 0; index < value->size(); ++index) {
    const std::string element_path = path + "[" + std::to_string(index) + "]";
    const SplitName split = parse_choice((*value)[index], element_path, evaluation_split_names());
    const auto slot = static_cast<std::size_t>(split);
    if (named[slot]) {
      throw ConfigError(element_path, "duplicate_split", Json{{"split", name_of(split, evaluation_split_names())}},
                        "names the split \"" + std::string(name_of(split, evaluation_split_names())) + "\" twice");
    }
    named[slot] = true;
  }
  std::vector<SplitName> splits;
  for (const SplitName split : defaults.evaluate_splits) {
    if (named[static_cast<std::size_t>(split)]) splits.push_back(split);
  }
  return splits;
}

}  // namespace

OptimizerSpec parse_optimizer_section(JsonObjectReader& reader) {
  OptimizerSpec spec;
  spec.kind = reader.required_choice("type", optimizer_kind_names());
  spec.learning_rate =
      read_number(reader.require("learning_rate"), reader.path_of("learning_rate"), learning_rate_range);
  spec.weight_decay = reader.number("weight_decay", 0.0, non_negative);
  switch (spec.kind) {
    case OptimizerKind::sgd:
      break;
    case OptimizerKind::momentum:
      spec.momentum = reader.number("momentum", 0.9, decay_rate);
      spec.dampening = reader.number("dampening", 0.0, dampening_range);
      break;
    case OptimizerKind::nesterov:  // PyTorch: Nesterov momentum requires zero dampening
      spec.momentum = reader.number("momentum", 0.9, decay_rate);
      break;
    case OptimizerKind::adagrad:
      spec.epsilon = reader.number("epsilon", 1e-10, small_positive);
      spec.initial_accumulator = reader.number("initial_accumulator", 0.0, non_negative);
      break;
    case OptimizerKind::rmsprop:
      spec.alpha = reader.number("alpha", 0.99, decay_rate);
      spec.epsilon = reader.number("epsilon", 1e-8, small_positive);
      break;
    case OptimizerKind::adam:
      spec.beta1 = reader.number("beta1", 0.9, decay_rate);
      spec.beta2 = reader.number("beta2", 0.999, decay_rate);
      spec.epsilon = reader.number("epsilon", 1e-8, small_positive);
      break;
  }
  reader.finish();
  return spec;
}

TrainingSpec parse_training_section(JsonObjectReader& reader) {
  TrainingSpec spec;
  spec.batch_size = reader.required_count("batch_size", 1, limits::max_batch_size);
  const bool has_steps = reader.has("steps");
  const bool has_epochs = reader.has("epochs");
  if (has_steps == has_epochs) {
    throw ConfigError(reader.path(), "steps_or_epochs", Json::object(), "give exactly one of \"steps\" or \"epochs\"");
  }
  spec.steps = reader.count("steps", 0, 1, limits::max_steps);
  spec.epochs = reader.count("epochs", 0, 1, limits::max_epochs);
  spec.evaluate_every = reader.count("evaluate_every", 0, 0, limits::max_steps);
  spec.evaluate_splits = read_evaluate_splits(reader);
  spec.log_every = reader.count("log_every", 1, 1, limits::max_steps);
  spec.drop_last = reader.boolean("drop_last", false);
  spec.inference_statistics = reader.choice("batchnorm_statistics", inference_statistics_names(),
                                            InferenceStatistics::running);
  reader.finish();
  return spec;
}

Experiment parse_experiment(Json document, const std::string& base_directory) {
  Experiment experiment;
  // The document is moved, not copied, into the experiment (a copy would walk it recursively)
  // and read from there.
  experiment.source = std::move(document);
  JsonObjectReader reader(experiment.source, "");
  experiment.name = reader.text("name", "experiment");
  reader.text("description", "");
  experiment.seed = reader.seed("seed", 0);

  JsonObjectReader dataset = reader.object("dataset");
  parse_dataset_section(dataset, base_directory, experiment.dataset, experiment.shuffle);
  if (reader.has("split")) {
    JsonObjectReader split = reader.object("split");
    parse_split_section(split, experiment.split);
  }
  experiment.split.shuffle = experiment.shuffle;
  const SplitPart& test_part = experiment.split.test;
  if (has_own_test_set(experiment.dataset.kind) &&
      (test_part.is_fraction ? test_part.fraction > 0.0 : test_part.count > 0)) {
    throw ConfigError("split.test", "dataset_has_test_set",
                      Json{{"dataset", name_of(experiment.dataset.kind, dataset_kind_names())}},
                      std::string(name_of(experiment.dataset.kind, dataset_kind_names())) +
                                        " has its own test set; only split.validation can be set "
                                        "(dataset.test_samples limits the test set)");
  }
  experiment.preprocessing = reader.choice("preprocessing", preprocessing_names(), Preprocessing::none);

  JsonObjectReader model = reader.object("model");
  if (const Json* input = model.find("input")) {
    if (!input->is_array() || input->empty() || input->size() > 4) {
      throw_expected(model.path_of("input"), "expected_shape", Json{{"max_rank", 4}}, "an array of 1 to 4 sizes",
                     *input);
    }
    for (std::size_t axis = 0; axis < input->size(); ++axis) {
      experiment.model.input_shape.push_back(read_count(
          (*input)[axis], model.path_of("input") + "[" + std::to_string(axis) + "]", 1,
          limits::max_features));
    }
    if (element_count(experiment.model.input_shape) > max_values_per_sample) {
      throw ConfigError(model.path_of("input"), "too_many_values_per_sample",
                        Json{{"maximum", max_values_per_sample}, {"got", shape_to_string(experiment.model.input_shape)}},
                        "expected at most " + std::to_string(max_values_per_sample) +
                            " values per sample, got " + shape_to_string(experiment.model.input_shape));
    }
  }
  experiment.model.layers = parse_layers(model.require("layers"), model.path_of("layers"));
  model.finish();

  if (const Json* init = reader.find("init")) experiment.init = parse_init(*init, "init");
  experiment.loss = reader.required_choice("loss", loss_kind_names());
  JsonObjectReader optimizer = reader.object("optimizer");
  experiment.optimizer = parse_optimizer_section(optimizer);
  JsonObjectReader training = reader.object("training");
  experiment.training = parse_training_section(training);
  if (reader.has("probes")) {
    JsonObjectReader probes = reader.object("probes");
    experiment.probes = parse_probe_section(probes);
  }
  experiment.compare = reader.boolean("compare", false);
  reader.finish();

  if (experiment.compare) check_compare_has_batch_norm(experiment.model);
  check_probe_layers_exist(experiment.probes, experiment.model);
  return experiment;
}

void check_compare_has_batch_norm(const ModelSpec& model) {
  if (!has_batch_norm(model)) {
    throw ConfigError("compare", "compare_needs_batchnorm", Json::object(),
                      "compare trains the model with and without its batchnorm layers, but model.layers has none");
  }
}

Json parse_json_text(const std::string& text, const std::string& what) {
  return parse_strict_json(text, what);
}

Experiment load_experiment_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ConfigError(path, "cannot_open", Json::object(), "cannot open the experiment file");
  std::ostringstream text;
  text << file.rdbuf();
  const std::size_t slash = path.find_last_of('/');
  const std::string directory = slash == std::string::npos ? "." : path.substr(0, slash);
  return parse_experiment(parse_json_text(text.str(), path), directory);
}

namespace {

Json optimizer_schema() {
  Json kinds = Json::array();
  for (const auto& [kind, name] : optimizer_kind_names()) {
    Json properties{{"type", schema::constant(name)},
                    {"learning_rate", schema::number(learning_rate_range)},
                    {"weight_decay", schema::number(non_negative, 0.0)}};
    switch (kind) {
      case OptimizerKind::sgd:
        break;
      case OptimizerKind::momentum:
        properties["momentum"] = schema::number(decay_rate, 0.9);
        properties["dampening"] = schema::number(dampening_range, 0.0);
        break;
      case OptimizerKind::nesterov:
        properties["momentum"] = schema::number(decay_rate, 0.9);
        break;
      case OptimizerKind::adagrad:
        properties["epsilon"] = schema::number(small_positive, 1e-10);
        properties["initial_accumulator"] = schema::number(non_negative, 0.0);
        break;
      case OptimizerKind::rmsprop:
        properties["alpha"] = schema::number(decay_rate, 0.99);
        properties["epsilon"] = schema::number(small_positive, 1e-8);
        break;
      case OptimizerKind::adam:
        properties["beta1"] = schema::number(decay_rate, 0.9);
        properties["beta2"] = schema::number(decay_rate, 0.999);
        properties["epsilon"] = schema::number(small_positive, 1e-8);
        break;
    }
    kinds.push_back(schema::object(properties, {"type", "learning_rate"}));
  }
  return {{"oneOf", kinds}};
}

Json evaluate_splits_schema() {
  Json names = Json::array();
  for (const auto& [split, name] : evaluation_split_names()) names.push_back(name);
  return {{"type", "array"}, {"minItems", 1}, {"maxItems", 3}, {"uniqueItems", true},
          {"items", schema::choice(evaluation_split_names())}, {"default", names}};
}

Json training_schema() {
  const TrainingSpec defaults;
  Json training = schema::object(
      {{"batch_size", schema::integer(1, limits::max_batch_size)},
       {"steps", schema::integer(1, limits::max_steps)},
       {"epochs", schema::integer(1, limits::max_epochs)},
       {"evaluate_every", schema::integer(0, limits::max_steps, defaults.evaluate_every)},
       {"evaluate_splits", evaluate_splits_schema()},
       {"log_every", schema::integer(1, limits::max_steps, defaults.log_every)},
       {"drop_last", schema::boolean(defaults.drop_last)},
       {"batchnorm_statistics", schema::choice(inference_statistics_names(), std::optional(defaults.inference_statistics))}},
      {"batch_size"});
  // Exactly one of steps and epochs.
  training["oneOf"] = {{{"required", {"steps"}}, {"not", {{"required", {"epochs"}}}}},
                       {{"required", {"epochs"}}, {"not", {{"required", {"steps"}}}}}};
  return training;
}

}  // namespace

Json experiment_schema() {
  const Json input{{"type", "array"}, {"minItems", 1}, {"maxItems", 4},
                   {"items", schema::integer(1, limits::max_features)}};
  Json document = schema::object(
      {{"name", schema::text("experiment")},
       {"description", schema::text()},
       {"seed", schema::integer(0, max_seed, 0)},
       {"dataset", dataset_schema()},
       {"split", split_schema()},
       {"preprocessing", schema::choice(preprocessing_names(), std::optional(Preprocessing::none))},
       {"model", schema::object({{"input", input}, {"layers", layers_schema()}}, {"layers"})},
       {"init", init_schema()},
       {"loss", schema::choice(loss_kind_names())},
       {"optimizer", optimizer_schema()},
       {"training", training_schema()},
       {"probes", probes_schema()},
       {"compare", schema::boolean(false)}},
      {"dataset", "model", "loss", "optimizer", "training"});
  document["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  document["$id"] = "urn:bnlab:experiment";
  document["title"] = "bnlab experiment file";
  return document;
}

}  // namespace bnlab
