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
// probes.layers against the model: every index names one of model.layers (whether it is an
// activation or batchnorm layer is checked when the network is built). Without this, a
// variant that removes batchnorm layers would drop an out-of-range index silently.
void check_probe_layers_exist(const ProbeSpec& probes, const ModelSpec& model);

// The JSON Schema fragments of those sections, each written beside its parser with the same
// bounds and names (experiment_schema() puts them together).
Json dataset_schema();
Json split_schema();
Json layers_schema();
Json probes_schema();

}  // namespace bnlab
