#include "cli/model_experiment.hpp"

#include "core/errors.hpp"

namespace bnlab::cli {

std::optional<Experiment> experiment_for_model(const ModelFile& model, const Arguments& arguments) {
  std::optional<Experiment> experiment;
  if (arguments.has("--experiment")) {
    experiment = load_experiment_file(arguments.value("--experiment"));
  } else if (!model.experiment.is_null()) {
    // Paths inside an embedded experiment resolve against the working directory. Its errors
    // name the model file and the field under "experiment", not the experiment's own top level.
    try {
      experiment = parse_experiment(model.experiment, "");
    } catch (const ConfigError& error) {
      const std::string message = error.what();
      const std::string problem =
          message.size() > error.path().size() + 2 ? message.substr(error.path().size() + 2) : message;
      const bool top_level = error.path().empty() || error.path() == "(top level)";
      throw ModelFileError(model.origin + ": experiment" + (top_level ? "" : "." + error.path()) + ": " + problem);
    }
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
