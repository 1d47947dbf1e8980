// The convolutional example trained from the command line, with and without BatchNorm, and
// its BatchNorm layers folded into the convolutions afterwards.
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

TEST(CnnCli, TrainsTheStripesExampleWithAndWithoutBatchNormAndFoldsIt) {
  testing::TemporaryDirectory folder;
  const std::string example = std::string(BNLAB_SOURCE_DIR) + "/examples/cnn-stripes-compare.json";
  const Outcome trained = run_cli("train " + example + " --out " + folder.file("records.jsonl") +
                                  " --save " + folder.file("model.json"));
  ASSERT_EQ(trained.exit_code, 0) << trained.output;
  EXPECT_NE(trained.output.find("[with_batchnorm] 1852 parameters, 352 steps"), std::string::npos) << trained.output;
  EXPECT_NE(trained.output.find("[without_batchnorm] 1828 parameters, 352 steps"), std::string::npos);
  std::map<std::string, Json> summaries;
  for (const Json& record : read_records(folder.file("records.jsonl"))) {
    if (record["type"] == "summary") summaries[record["run"]] = record;
  }
  ASSERT_EQ(summaries.size(), 2u);
  for (const auto& [name, summary] : summaries) {
    EXPECT_EQ(summary["status"], "complete") << name;
    EXPECT_GT(summary["final"]["test"]["accuracy"].get<double>(), 0.7) << name;  // 4 classes: chance 0.25
  }
  EXPECT_GT(summaries["with_batchnorm"]["final"]["test"]["accuracy"].get<double>(), 0.9);

  const Outcome folded = run_cli("fold " + folder.file("model.with_batchnorm.json") + " --out " +
                                 folder.file("fold.jsonl") + " --save " + folder.file("folded.json"));
  ASSERT_EQ(folded.exit_code, 0) << folded.output;
  const std::vector<Json> fold_records = read_records(folder.file("fold.jsonl"));
  ASSERT_EQ(fold_records.size(), 1u);
  EXPECT_EQ(fold_records[0]["folded"], 2);
  EXPECT_EQ(fold_records[0]["checked_samples"], 400);  // the test split: 20 % of 2000
  EXPECT_LT(fold_records[0]["max_abs_output_difference"].get<double>(), 1e-4);
  // The folded model (no batchnorm layers left) scores what the trained one scored.
  const Outcome evaluated = run_cli("eval " + folder.file("folded.json") + " --split test --out " +
                                    folder.file("eval.jsonl"));
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.output;
  const std::vector<Json> evaluations = read_records(folder.file("eval.jsonl"));
  ASSERT_EQ(evaluations.size(), 1u);
  EXPECT_NEAR(evaluations[0]["accuracy"].get<double>(),
              summaries["with_batchnorm"]["final"]["test"]["accuracy"].get<double>(), 1.0 / 400);
}

}  // namespace
}  // namespace bnlab
