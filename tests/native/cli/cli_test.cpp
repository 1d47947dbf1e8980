// The bnlab command line, run as a user would: exit codes, records, messages.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "experiment/json_reader.hpp"
#include "support/cli_runner.hpp"
#include "support/temporary_directory.hpp"

namespace bnlab {
namespace {

using testing::Outcome;
using testing::read_records;
using testing::run_cli;

const std::string example = std::string(BNLAB_SOURCE_DIR) + "/examples/spirals-compare.json";

TEST(Cli, TrainsTheSpiralsCompareExampleAndPrintsBothRuns) {
  testing::TemporaryDirectory folder;
  const Outcome outcome = run_cli("train " + example + " --out " + folder.file("records.jsonl"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("[with_batchnorm] step 3000/3000 final test: loss"), std::string::npos);
  EXPECT_NE(outcome.output.find("[without_batchnorm] step 3000/3000 final test: loss"), std::string::npos);
  std::map<std::string, Json> summaries;
  std::size_t step_records = 0;
  for (const Json& record : read_records(folder.file("records.jsonl"))) {
    if (record["type"] == "summary") summaries[record["run"]] = record;
    if (record["type"] == "step") ++step_records;
  }
  ASSERT_EQ(summaries.size(), 2u);
  for (const auto& [name, summary] : summaries) {
    EXPECT_EQ(summary["status"], "complete") << name;
    EXPECT_GT(summary["final"]["test"]["accuracy"].get<double>(), 0.8) << name;
  }
  EXPECT_EQ(step_records, 2u * (1 + 3000 / 10));  // log_every 10, plus step 1
}

TEST(Cli, SavedModelEvaluatesToItsFinalMetricsAndFoldsExactly) {
  testing::TemporaryDirectory folder;
  Json experiment = Json::parse(testing::read_text(example));
  experiment["compare"] = false;
  experiment["training"]["steps"] = 300;
  const std::string experiment_path = folder.write("experiment.json", experiment.dump());
  const std::string model = folder.file("model.json");
  const Outcome trained = run_cli("train " + experiment_path + " --quiet --save " + model + " --out " +
                                  folder.file("train.jsonl"));
  ASSERT_EQ(trained.exit_code, 0) << trained.output;
  Json final_test;
  for (const Json& record : read_records(folder.file("train.jsonl"))) {
    if (record["type"] == "summary") final_test = record["final"]["test"];
  }
  const Outcome evaluated = run_cli("eval " + model + " --split test --out " + folder.file("eval.jsonl"));
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.output;
  const std::vector<Json> evaluation = read_records(folder.file("eval.jsonl"));
  ASSERT_EQ(evaluation.size(), 1u);
  EXPECT_EQ(evaluation[0]["accuracy"], final_test["accuracy"]);
  EXPECT_NEAR(evaluation[0]["loss"].get<double>(), final_test["loss"].get<double>(), 1e-6);

  const Outcome folded = run_cli("fold " + model + " --save " + folder.file("folded.json") + " --out " +
                                 folder.file("fold.jsonl"));
  ASSERT_EQ(folded.exit_code, 0) << folded.output;
  const Json fold = read_records(folder.file("fold.jsonl")).at(0);
  EXPECT_EQ(fold["folded"], 3);
  EXPECT_LT(fold["max_abs_output_difference"].get<double>(), 1e-4);
  const Outcome folded_evaluation = run_cli("eval " + folder.file("folded.json") + " --split test --out " +
                                            folder.file("eval-folded.jsonl"));
  ASSERT_EQ(folded_evaluation.exit_code, 0) << folded_evaluation.output;
  EXPECT_EQ(read_records(folder.file("eval-folded.jsonl")).at(0)["accuracy"], final_test["accuracy"]);
}

TEST(Cli, BadInputsGetClearMessagesAndExitCodes) {
  testing::TemporaryDirectory folder;
  Json experiment = Json::parse(testing::read_text(example));
  experiment["model"]["layers"][3]["units"] = -4;
  const Outcome bad_field = run_cli("train " + folder.write("bad.json", experiment.dump()));
  EXPECT_EQ(bad_field.exit_code, 1);
  EXPECT_NE(bad_field.output.find("bnlab train: error: model.layers[3].units: expected a positive integer, got -4"),
            std::string::npos)
      << bad_field.output;

  const Outcome missing = run_cli("train " + folder.file("absent.json"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("absent.json: cannot open the experiment file"), std::string::npos) << missing.output;

  const Outcome damaged_model = run_cli("eval " + folder.write("model.json", "{\"format\": \"bnlab-model\", \"vers"));
  EXPECT_EQ(damaged_model.exit_code, 1);
  EXPECT_NE(damaged_model.output.find("not valid JSON (damaged or truncated at byte"), std::string::npos);

  const Outcome unknown_option = run_cli("train " + example + " --fast");
  EXPECT_EQ(unknown_option.exit_code, 2);
  EXPECT_NE(unknown_option.output.find("unknown option --fast"), std::string::npos);

  const Outcome unknown_command = run_cli("fit " + example);
  EXPECT_EQ(unknown_command.exit_code, 2);

  const Outcome help = run_cli("train --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("--loss-every-step"), std::string::npos);
}

TEST(Cli, DivergenceIsReportedAndExitsWithThree) {
  testing::TemporaryDirectory folder;
  Json experiment = Json::parse(testing::read_text(example));
  // ReLU units do not saturate, so a huge step size blows the weights up (sigmoids would
  // saturate instead and keep the loss finite).
  for (const int index : {2, 5, 8}) experiment["model"]["layers"][index]["type"] = "relu";
  experiment["optimizer"]["learning_rate"] = 1e6;
  const Outcome outcome = run_cli("train " + folder.write("diverging.json", experiment.dump()) + " --out " +
                                  folder.file("records.jsonl"));
  EXPECT_EQ(outcome.exit_code, 3) << outcome.output;
  EXPECT_NE(outcome.output.find("[without_batchnorm] diverged at step "), std::string::npos) << outcome.output;
  bool summary_names_step = false;
  for (const Json& record : read_records(folder.file("records.jsonl"))) {
    if (record["type"] == "summary" && record["run"] == "without_batchnorm") {
      EXPECT_EQ(record["status"], "diverged");
      summary_names_step = record.contains("divergence") &&
                           record["divergence"]["message"].get<std::string>().rfind("diverged at step ", 0) == 0 &&
                           record["divergence"]["step"].get<std::size_t>() == record["steps"].get<std::size_t>() + 1;
    }
    // Issue 14, defect 2: the BN run at lr 1e6 no longer says "complete" with NaN weights.
    if (record["type"] == "summary" && record["run"] == "with_batchnorm") {
      EXPECT_EQ(record["status"], "diverged") << record.dump();
      EXPECT_EQ(record["divergence"]["tensor"].get<std::string>().rfind("layers.", 0), 0u) << record.dump();
    }
  }
  EXPECT_TRUE(summary_names_step);
}

}  // namespace
}  // namespace bnlab
