#pragma once
// Records as JSON objects: one line each in the CLI's JSONL output (docs/OUTPUT_FORMAT.md).
// NaN (e.g. accuracy of a regression run) is written as null.

#include <string>

#include "experiment/json_reader.hpp"
#include "experiment/probe_spec.hpp"
#include "network/network.hpp"
#include "training/records.hpp"

namespace bnlab {

class Run;

Json step_to_json(const StepRecord& record, const std::string& run_name);
Json evaluation_to_json(const EvaluationRecord& record, const std::string& run_name);
// `spec` says which optional parts the record has (docs/OUTPUT_FORMAT.md, "probe").
Json probe_to_json(const ProbeRecord& record, const Network& network, const ProbeSpec& spec,
                   const std::string& run_name);
Json running_statistics_to_json(const RunningStatisticsRecord& record, const std::string& run_name);
Json mode_gap_to_json(const ModeGapRecord& record, const std::string& run_name);
Json decision_grid_to_json(const DecisionGridRecord& record, const std::string& run_name);
Json confusion_to_json(const ConfusionRecord& record, const std::string& run_name);
Json run_start_to_json(const Run& run, const std::string& run_name);
Json run_summary_to_json(const Run& run, const std::string& run_name);

}  // namespace bnlab
