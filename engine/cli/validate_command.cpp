// `bnlab validate` and `bnlab schema`: what the page asks the engine, from the command line
// (an editor or a CI job can check experiment files with the same rules).
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "experiment/experiment.hpp"
#include "experiment/validate_experiment.hpp"

namespace bnlab::cli {

const char* const validate_help = R"(usage: bnlab validate EXPERIMENT.json

Checks an experiment file without training and prints every problem found as one JSON line
{"path", "code", "params", "message"} (docs/ERRORS.md), or nothing when the file is valid.
Problems that depend on the data (the batch size against the training split, the model's
output width) are found by `bnlab train`.
Exit code 0 when the file is valid, 1 when it has problems.
)";

const char* const schema_help = R"(usage: bnlab schema

Prints the JSON Schema (draft 2020-12) of the experiment file: every field, its type, bounds,
choices and default, from the engine's own tables (docs/EXPERIMENT_SCHEMA.md).
)";

int validate_command(const std::vector<std::string>& words) {
  const Arguments arguments = parse_arguments(words, {}, {"--help"});
  if (arguments.has("--help")) {
    std::cout << validate_help;
    return exit_ok;
  }
  if (arguments.positional.size() != 1) throw CommandLineError("expected one experiment file (see --help)");
  std::ifstream file(arguments.positional[0], std::ios::binary);
  if (!file) throw ConfigError(arguments.positional[0], "cannot_open", Json::object(), "cannot open the experiment file");
  std::ostringstream text;
  text << file.rdbuf();
  const std::vector<ConfigProblem> problems = validate_experiment_text(text.str());
  for (const Json& problem : problems_to_json(problems)) std::cout << problem.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  return problems.empty() ? exit_ok : exit_input_error;
}

int schema_command(const std::vector<std::string>& words) {
  const Arguments arguments = parse_arguments(words, {}, {"--help"});
  if (arguments.has("--help")) {
    std::cout << schema_help;
    return exit_ok;
  }
  if (!arguments.positional.empty()) throw CommandLineError("schema takes no file (see --help)");
  std::cout << experiment_schema().dump(2) << '\n';
  return exit_ok;
}

}  // namespace bnlab::cli
