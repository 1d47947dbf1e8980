#include "experiment_checks.hpp"

#include "experiment/experiment.hpp"
#include "experiment/validate_experiment.hpp"

namespace bnlab::bindings {

std::string validate_experiment_json(const std::string& experiment_text) {
  // replace: a value cut inside a UTF-8 sequence must not make the answer itself fail.
  return problems_to_json(validate_experiment_text(experiment_text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string experiment_schema_json() { return experiment_schema().dump(); }

}  // namespace bnlab::bindings
