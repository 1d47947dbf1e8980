#include "cli/model_experiment.hpp"

namespace bnlab::cli {

std::optional<Experiment> experiment_for_model(const ModelFile& model, const Arguments& arguments) {
  std::optional<Experiment> experiment;
  if (arguments.has("--experiment")) {
    experiment = load_experiment_file(arguments.value("--experiment"));
  } else if (!model.experiment.is_null()) {
    // Paths inside an embedded experiment resolve against the working directory.
    experiment = parse_experiment(model.experiment, "");
  } else {
    return experiment;
  }
  experiment->model = model.model;
  experiment->compare = false;
  experiment->training.evaluate_every = 0;  // the command evaluates once, itself
  experiment->probes.every = 0;
  return experiment;
}

}  // namespace bnlab::cli
