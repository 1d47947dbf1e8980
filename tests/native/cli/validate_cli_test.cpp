// `bnlab validate` and `bnlab schema`, run as a user would.
#include <sstream>

#include <gtest/gtest.h>

#include "experiment/experiment.hpp"
#include "support/cli_runner.hpp"

namespace bnlab {
namespace {

using testing::run_cli;

TEST(validate_cli, a_shipped_example_is_valid_and_prints_nothing) {
  const auto outcome = run_cli("validate " + std::string(BNLAB_SOURCE_DIR) + "/examples/spirals-compare.json");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_EQ(outcome.output, "");
}

TEST(validate_cli, prints_every_problem_as_a_json_line_and_exits_1) {
  testing::TemporaryDirectory folder;
  Json experiment = parse_json_text(testing::read_text(std::string(BNLAB_SOURCE_DIR) + "/examples/spirals-compare.json"), "x");
  experiment["training"]["batch_size"] = 0;
  experiment["optimizer"]["momentum"] = 0.9;  // sgd takes no momentum
  const std::string path = folder.write("bad.json", experiment.dump());
  const auto outcome = run_cli("validate " + path);
  EXPECT_EQ(outcome.exit_code, 1);
  std::istringstream lines(outcome.output);
  std::vector<Json> problems;
  for (std::string line; std::getline(lines, line);) problems.push_back(Json::parse(line));
  ASSERT_EQ(problems.size(), 2u) << outcome.output;
  EXPECT_EQ(problems[0]["path"], "optimizer.momentum");
  EXPECT_EQ(problems[0]["code"], "unknown_field");
  EXPECT_EQ(problems[1]["path"], "training.batch_size");
  EXPECT_EQ(problems[1]["message"], "training.batch_size: expected a positive integer, got 0");
}

TEST(validate_cli, schema_prints_the_engines_schema) {
  const auto outcome = run_cli("schema");
  ASSERT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(Json::parse(outcome.output), experiment_schema());
}

}  // namespace
}  // namespace bnlab
