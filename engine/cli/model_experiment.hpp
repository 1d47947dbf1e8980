#pragma once
// eval and fold need data: the experiment embedded in the model file, or one given with
// --experiment. The model file's own architecture always wins over the experiment's.

#include <optional>

#include "cli/command_line.hpp"
#include "experiment/experiment.hpp"
#include "model_file/model_file.hpp"

namespace bnlab::cli {

// The experiment to take data from, or nothing when neither source has one.
std::optional<Experiment> experiment_for_model(const ModelFile& model, const Arguments& arguments);

}  // namespace bnlab::cli
