#include "experiment_checks.hpp"

#include "experiment/experiment.hpp"
#include "experiment/validate_experiment.hpp"
#include "outcome.hpp"
#include "training/sweep.hpp"

namespace bnlab::bindings {

std::string validate_experiment_json(const std::string& experiment_text) {
  // replace: a value cut inside a UTF-8 sequence must not make the answer itself fail.
  return problems_to_json(validate_experiment_text(experiment_text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string experiment_schema_json() { return experiment_schema().dump(); }

emscripten::val expand_sweep_json(const std::string& sweep_text) {
  return guarded([&] {
    const Sweep sweep = parse_sweep(parse_strict_json(sweep_text, "sweep"));
    Json expanded = sweep_to_json(sweep);
    Json cells = Json::array();
    for (std::size_t cell = 0; cell < sweep.cell_count(); ++cell) {
      cells.push_back({{"cell", cell}, {"values", sweep_cell_values(sweep, cell)},
                       {"experiment", sweep_cell_document(sweep, cell)}});
    }
    expanded["cells"] = std::move(cells);
    return emscripten::val(expanded.dump(-1, ' ', false, Json::error_handler_t::replace));
  });
}

emscripten::val sweep_result_is_stable_json(const std::string& sweep_text, const std::string& summary_text) {
  return guarded([&] {
    const Sweep sweep = parse_sweep(parse_strict_json(sweep_text, "sweep"));
    return emscripten::val(sweep_result_is_stable(sweep, parse_strict_json(summary_text, "summary")));
  });
}

}  // namespace bnlab::bindings
