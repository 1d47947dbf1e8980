// `bnlab sweep`, run as a user would: the records, shards that merge into the whole sweep, and
// the refusals.
#include <map>

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"

namespace bnlab {
namespace {

using testing::read_records;
using testing::run_cli;

const char* const small_experiment = R"({
  "seed": 5,
  "dataset": {"kind": "spirals", "samples": 200, "noise": 0.1},
  "split": {"test": 0.25},
  "preprocessing": "standardize",
  "loss": "cross_entropy",
  "model": {"layers": [{"type": "dense", "units": 8, "bias": false}, {"type": "batchnorm"},
                       {"type": "relu"}, {"type": "dense", "units": 2}]},
  "optimizer": {"type": "sgd", "learning_rate": 0.1},
  "training": {"batch_size": 16, "steps": 30},
  "compare": true
})";

// The experiment by path, relative to the sweep file; 3 learning rates × 2 variants.
std::string write_sweep(testing::TemporaryDirectory& folder) {
  folder.write("experiment.json", small_experiment);
  return folder.write("sweep.json", R"({
    "name": "lr",
    "experiment": "experiment.json",
    "axes": [{"path": "optimizer.learning_rate", "values": [0.01, 1, 1000000]}],
    "variants": ["as_written", "without_batchnorm"]
  })");
}

// (cell, variant) -> the result record.
std::map<std::pair<int, std::string>, Json> results_of(const std::vector<Json>& records) {
  std::map<std::pair<int, std::string>, Json> results;
  for (const Json& record : records) {
    if (record["type"] == "sweep_result") results[{record["cell"].get<int>(), record["variant"].get<std::string>()}] = record;
  }
  return results;
}

TEST(SweepCli, RunsEveryCellForEveryVariant) {
  testing::TemporaryDirectory folder;
  const std::string sweep = write_sweep(folder);
  const auto outcome = run_cli("sweep " + sweep + " --out " + folder.file("all.jsonl") + " --quiet");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_EQ(outcome.output, "");  // --quiet
  const std::vector<Json> records = read_records(folder.file("all.jsonl"));
  ASSERT_EQ(records.size(), 1u + 6u);
  EXPECT_EQ(records[0]["type"], "sweep");
  EXPECT_EQ(records[0]["cells"], 3);
  EXPECT_EQ(records[0]["variants"], Json::array({"as_written", "without_batchnorm"}));
  EXPECT_EQ(records[0]["shard"]["cells"], Json::array({0, 1, 2}));
  const auto results = results_of(records);
  ASSERT_EQ(results.size(), 6u);
  const Json& gentle = results.at({0, "as_written"});
  EXPECT_EQ(gentle["values"], (Json{{"optimizer.learning_rate", 0.01}}));
  EXPECT_EQ(gentle["status"], "complete");
  EXPECT_EQ(gentle["steps"], 30);
  EXPECT_TRUE(gentle["final"]["test"]["accuracy"].is_number());
  // At a learning rate of 10^6 the plain network diverges: a result, reported with its step.
  const Json& wild = results.at({2, "without_batchnorm"});
  EXPECT_EQ(wild["status"], "diverged");
  EXPECT_GE(wild["divergence"]["step"].get<int>(), 1);
  EXPECT_LE(wild["divergence"]["step"].get<int>(), 30);
}

TEST(SweepCli, ShardsMergeIntoTheWholeSweep) {
  testing::TemporaryDirectory folder;
  const std::string sweep = write_sweep(folder);
  ASSERT_EQ(run_cli("sweep " + sweep + " --out " + folder.file("all.jsonl") + " --quiet").exit_code, 0);
  ASSERT_EQ(run_cli("sweep " + sweep + " --shard 1/2 --out " + folder.file("one.jsonl") + " --quiet").exit_code, 0);
  ASSERT_EQ(run_cli("sweep " + sweep + " --shard 2/2 --out " + folder.file("two.jsonl") + " --quiet").exit_code, 0);
  const std::vector<Json> one = read_records(folder.file("one.jsonl"));
  const std::vector<Json> two = read_records(folder.file("two.jsonl"));
  EXPECT_EQ(one[0]["shard"]["cells"], Json::array({0, 2}));
  EXPECT_EQ(two[0]["shard"]["cells"], Json::array({1}));
  std::vector<Json> merged = one;
  merged.insert(merged.end(), two.begin(), two.end());
  // Bit-identical results: a cell's runs do not depend on which other cells ran before them.
  EXPECT_EQ(results_of(merged), results_of(read_records(folder.file("all.jsonl"))));
}

TEST(SweepCli, RefusesABadShardAndABadSweepFile) {
  testing::TemporaryDirectory folder;
  const std::string sweep = write_sweep(folder);
  const auto bad_shard = run_cli("sweep " + sweep + " --shard 3/2");
  EXPECT_EQ(bad_shard.exit_code, 2);
  EXPECT_EQ(bad_shard.output, "bnlab sweep: --shard: expected i/n with 1 ≤ i ≤ n, e.g. 2/5, got \"3/2\"\n");
  const std::string bad = folder.write("bad.json", R"({"experiment": "experiment.json",
    "axes": [{"path": "training.batch_size", "values": [8, 0]}]})");
  const auto refused = run_cli("sweep " + bad);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.output, "bnlab sweep: error: " + bad +
                                ": axes[0].values[1]: training.batch_size = 0: expected a positive integer, got 0\n");
}

}  // namespace
}  // namespace bnlab
