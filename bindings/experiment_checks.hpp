#pragma once
// What the page asks the engine about an experiment file without creating a run: every
// problem it has (for the editor) and the schema of the format (for the form).

#include <string>

#include <emscripten/val.h>

namespace bnlab::bindings {

// JSON text: [{path, code, params, message}, ...], empty when the file is valid.
std::string validate_experiment_json(const std::string& experiment_text);

// JSON text of the experiment file's JSON Schema.
std::string experiment_schema_json();

// A sweep file (JSON text, its experiment inline) validated and expanded: an outcome whose
// value is JSON text {name, axes, variants, cells: [{cell, values, experiment}]}, each
// experiment the file a worker runs for that cell (docs/SWEEP_FORMAT.md).
emscripten::val expand_sweep_json(const std::string& sweep_text);

// Whether a run's summary (run.summary(), as JSON text) passes the sweep's "stable" rule.
emscripten::val sweep_result_is_stable_json(const std::string& sweep_text, const std::string& summary_text);

}  // namespace bnlab::bindings
