#pragma once
// A shipped sweep run through `bnlab sweep` as a learner's command line runs it, and its
// results by (cell, variant): what the lessons' claim tests assert on.

#include <map>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"

namespace bnlab::testing {

struct SweepResult {
  Json values;  // the cell's values by axis path
  bool stable = false;
  std::string status;
  double test_accuracy = 0.0;  // 0 when the run has none (diverged)
  Json final_metrics;          // the summary's "final": {split: {metric: value}}, {} when diverged
  std::size_t divergence_step = 0;  // the step that diverged; 0 when the run completed
};

// (cell, variant) -> result. Records a test failure when the command fails.
inline std::map<std::pair<std::size_t, std::string>, SweepResult> run_shipped_sweep(const std::string& name) {
  TemporaryDirectory folder;
  const std::string sweep = std::string(BNLAB_SOURCE_DIR) + "/examples/sweeps/" + name;
  const Outcome outcome = run_cli("sweep " + sweep + " --out " + folder.file("results.jsonl") + " --quiet");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  std::map<std::pair<std::size_t, std::string>, SweepResult> results;
  if (outcome.exit_code != 0) return results;
  for (const Json& record : read_records(folder.file("results.jsonl"))) {
    if (record["type"] != "sweep_result") continue;
    SweepResult result;
    result.values = record["values"];
    result.stable = record.value("stable", false);
    result.status = record["status"].get<std::string>();
    result.final_metrics = record["final"];
    if (record.contains("divergence")) result.divergence_step = record["divergence"]["step"].get<std::size_t>();
    const Json& final_metrics = result.final_metrics;
    if (final_metrics.contains("test") && final_metrics["test"]["accuracy"].is_number()) {
      result.test_accuracy = final_metrics["test"]["accuracy"].get<double>();
    }
    results[{record["cell"].get<std::size_t>(), record["variant"].get<std::string>()}] = result;
  }
  return results;
}

}  // namespace bnlab::testing
