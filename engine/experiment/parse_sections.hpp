#pragma once
// Section parsers used by parse_experiment (one file per group of sections).

#include "experiment/experiment.hpp"

namespace bnlab {

void parse_dataset_section(JsonObjectReader& reader, const std::string& base_directory,
                           DatasetSpec& spec, bool& shuffle);
void parse_split_section(JsonObjectReader& reader, SplitSpec& spec);
OptimizerSpec parse_optimizer_section(JsonObjectReader& reader);
TrainingSpec parse_training_section(JsonObjectReader& reader);
ProbeSpec parse_probe_section(JsonObjectReader& reader);

// The JSON Schema fragments of those sections, each written beside its parser with the same
// bounds and names (experiment_schema() puts them together).
Json dataset_schema();
Json split_schema();
Json layers_schema();
Json probes_schema();

}  // namespace bnlab
