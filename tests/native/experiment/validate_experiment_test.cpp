// validate_experiment: every problem of a file at once, each with its path, code and params
// (docs/ERRORS.md), and nothing for the files the project ships.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "experiment/validate_experiment.hpp"

namespace bnlab {
namespace {

Json small_experiment() {
  return Json::parse(R"({
    "seed": 1,
    "dataset": {"kind": "spirals", "samples": 200},
    "model": {"layers": [{"type": "dense", "units": 8, "bias": false}, {"type": "batchnorm"},
                         {"type": "relu"}, {"type": "dense", "units": 2}]},
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "learning_rate": 0.1},
    "training": {"batch_size": 16, "steps": 10}
  })");
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(validate_experiment, a_valid_file_has_no_problems) {
  EXPECT_TRUE(validate_experiment(small_experiment()).empty());
}

TEST(validate_experiment, reports_every_independent_problem_with_path_code_and_params) {
  Json document = small_experiment();
  document["training"]["batch_size"] = 0;
  document["optimizer"]["learnig_rate"] = 0.1;
  document["model"]["layers"][3]["units"] = -4;
  document["dataset"]["noise"] = "high";
  const std::vector<ConfigProblem> problems = validate_experiment(document);
  ASSERT_EQ(problems.size(), 4u);
  // In the parser's order: dataset, model, optimizer, training.
  EXPECT_EQ(problems[0].path, "dataset.noise");
  EXPECT_EQ(problems[0].code, "expected_number");
  EXPECT_EQ(problems[0].params["got"], "\"high\"");
  EXPECT_EQ(problems[0].params["minimum"], 0.0);
  EXPECT_EQ(problems[0].params["maximum"], 100.0);
  EXPECT_EQ(problems[1].path, "model.layers[3].units");
  EXPECT_EQ(problems[1].code, "expected_integer");
  EXPECT_EQ(problems[1].message, "model.layers[3].units: expected a positive integer, got -4");
  EXPECT_EQ(problems[1].params["minimum"], 1);
  EXPECT_EQ(problems[2].path, "optimizer.learnig_rate");
  EXPECT_EQ(problems[2].code, "unknown_field");
  EXPECT_EQ(problems[2].params["field"], "learnig_rate");
  EXPECT_NE(std::find(problems[2].params["allowed"].begin(), problems[2].params["allowed"].end(), "learning_rate"),
            problems[2].params["allowed"].end());
  EXPECT_EQ(problems[3].path, "training.batch_size");
  EXPECT_EQ(problems[3].code, "expected_integer");
  EXPECT_EQ(problems[3].message, "training.batch_size: expected a positive integer, got 0");
}

TEST(validate_experiment, a_missing_required_field_is_reported_and_later_sections_still_checked) {
  Json document = small_experiment();
  document["optimizer"].erase("learning_rate");
  document["training"]["steps"] = 0;
  document["seed"] = -1;
  const std::vector<ConfigProblem> problems = validate_experiment(document);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].path, "seed");
  EXPECT_EQ(problems[1].path, "optimizer.learning_rate");
  EXPECT_EQ(problems[1].code, "missing_field");
  EXPECT_EQ(problems[2].path, "training.steps");
}

TEST(validate_experiment, a_stand_in_model_does_not_make_compare_a_problem) {
  Json document = small_experiment();
  document["compare"] = true;
  document["model"]["layers"][0]["type"] = "dens";
  const std::vector<ConfigProblem> problems = validate_experiment(document);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "model.layers[0].type");
}

// A watched layer that does not exist is found without the data, before any variant could
// renumber the layers and drop it (the without-batchnorm variant used to train on silently).
TEST(validate_experiment, a_watched_layer_beyond_the_model_is_a_problem) {
  Json document = small_experiment();
  document["probes"] = {{"every", 10}, {"layers", {2, 42}}};
  const std::vector<ConfigProblem> problems = validate_experiment(document);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "probes.layers[1]");
  EXPECT_EQ(problems[0].code, "layer_index_out_of_range");
  EXPECT_EQ(problems[0].message, "probes.layers[1]: expected a layer index below " +
                                     std::to_string(document["model"]["layers"].size()) + " (model.layers has " +
                                     std::to_string(document["model"]["layers"].size()) + " layers), got 42");
  // With the model itself wrong, the index says nothing: one problem, the model's.
  document["model"]["layers"] = 3;
  const std::vector<ConfigProblem> model_only = validate_experiment(document);
  ASSERT_EQ(model_only.size(), 1u);
  EXPECT_EQ(model_only[0].path, "model.layers");
}

TEST(validate_experiment, a_wrong_required_value_is_reported_once_not_again_as_missing) {
  Json document = small_experiment();
  document["loss"] = "hinge";
  const std::vector<ConfigProblem> problems = validate_experiment(document);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "expected_choice");
  EXPECT_EQ(problems[0].params["choices"], Json::parse(R"(["cross_entropy", "mse", "l1"])"));
}

TEST(validate_experiment, text_with_a_syntax_error_is_one_problem_naming_the_byte) {
  const std::vector<ConfigProblem> problems = validate_experiment_text("{\"seed\": 1,, }");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "json_syntax");
  EXPECT_EQ(problems[0].path, "");
  EXPECT_EQ(problems[0].params["byte"], 12);
}

TEST(validate_experiment, not_an_object_at_the_top) {
  const std::vector<ConfigProblem> problems = validate_experiment_text("[1, 2]");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "expected_type");
  EXPECT_EQ(problems[0].params["expected"], "object");
}

TEST(validate_experiment, every_shipped_example_is_valid) {
  std::size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(BNLAB_SOURCE_DIR) + "/examples")) {
    if (entry.path().extension() != ".json") continue;
    SCOPED_TRACE(entry.path().string());
    const std::vector<ConfigProblem> problems = validate_experiment_text(read_text(entry.path()));
    for (const ConfigProblem& problem : problems) ADD_FAILURE() << problem.message;
    ++checked;
  }
  EXPECT_GE(checked, 3u);
}

}  // namespace
}  // namespace bnlab
