#pragma once
// Records as JSON objects: one line each in the CLI's JSONL output (docs/OUTPUT_FORMAT.md).
// NaN (e.g. accuracy of a regression run) is written as null.

#include <string>

#include "experiment/json_reader.hpp"
#include "network/network.hpp"
#include "training/records.hpp"

namespace bnlab {

class Run;

Json step_to_json(const StepRecord& record, const std::string& run_name);
Json evaluation_to_json(const EvaluationRecord& record, const std::string& run_name);
Json probe_to_json(const ProbeRecord& record, const Network& network, const std::string& run_name);
Json run_start_to_json(const Run& run, const std::string& run_name);
Json run_summary_to_json(const Run& run, const std::string& run_name);

}  // namespace bnlab
