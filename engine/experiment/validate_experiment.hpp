#pragma once
// Every problem of an experiment file at once, for editors and the page: the page shows each
// at its field, in the learner's language, from its code and params (docs/ERRORS.md).
//
//   for (const ConfigProblem& problem : validate_experiment_text(text)) show(problem.path, ...);
//
// The parser stops at the first problem, so the validator parses, sets the offending field
// aside, and parses again, until the file parses. A problem that cannot be set aside (a wrong
// or missing required field, an array element) puts a minimal valid stand-in in place of its
// top-level section, so later sections are still checked; a second such problem in the same
// section, or one in the whole file, ends the search. Problems that need the data (the batch
// size against the training split, the model's output width) are not found here: creating a
// run reports them with the same path/code/params.

#include <string>
#include <vector>

#include "experiment/json_reader.hpp"

namespace bnlab {

struct ConfigProblem {
  std::string path;     // "training.batch_size"; "" for the whole file
  std::string code;     // "expected_integer"
  Json params;          // {"minimum": 1, "maximum": 65536, "got": "0"}
  std::string message;  // the English message, starting with the path
};

// At most this many problems are reported; one typo rarely causes more.
constexpr std::size_t max_reported_problems = 32;

std::vector<ConfigProblem> validate_experiment(const Json& document);
// The same for JSON text; a syntax error is the one problem (code "json_syntax").
std::vector<ConfigProblem> validate_experiment_text(const std::string& text);

Json problems_to_json(const std::vector<ConfigProblem>& problems);

}  // namespace bnlab
