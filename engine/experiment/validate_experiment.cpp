#include "experiment/validate_experiment.hpp"

#include <algorithm>
#include <set>

#include "core/errors.hpp"
#include "experiment/experiment.hpp"

namespace bnlab {

namespace {

// The object keys of a path like "model.layers[3].units" ("model", "layers", "[3]", "units").
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::string current;
  for (const char character : path) {
    if (character == '.' || character == '[') {
      if (!current.empty()) parts.push_back(current);
      current = character == '[' ? "[" : "";
    } else {
      current += character;
    }
  }
  if (!current.empty()) parts.push_back(current);
  return parts;
}

// Removes the field `path` names from `document`, so that parsing can go on past it. False
// when the path does not end in an object key that is present (then nothing changes).
bool set_aside(Json& document, const std::string& path) {
  const std::vector<std::string> parts = split_path(path);
  if (parts.empty() || parts.back().front() == '[') return false;
  Json* parent = &document;
  for (std::size_t index = 0; index + 1 < parts.size(); ++index) {
    const std::string& part = parts[index];
    if (part.front() == '[') {
      const std::size_t element = std::stoul(part.substr(1, part.size() - 2));
      if (!parent->is_array() || element >= parent->size()) return false;
      parent = &(*parent)[element];
    } else {
      if (!parent->is_object() || !parent->contains(part)) return false;
      parent = &(*parent)[part];
    }
  }
  if (!parent->is_object() || !parent->contains(parts.back())) return false;
  parent->erase(parts.back());
  return true;
}

// Minimal sections that parse, standing in for a section whose problem cannot be set aside
// (a wrong or missing required field), so that the sections after it are still checked.
const Json& stand_in_sections() {
  static const Json sections = Json::parse(R"({
    "dataset": {"kind": "spirals", "samples": 2},
    "model": {"layers": [{"type": "identity"}]},
    "loss": "mse",
    "optimizer": {"type": "sgd", "learning_rate": 0.1},
    "training": {"batch_size": 1, "steps": 1},
    "split": {}, "init": {"scheme": "pytorch_default"}, "probes": {"every": 1}
  })");
  return sections;
}

// True when `path` is `outer` or a field inside it ("training.steps" is within "training").
bool is_within(const std::string& path, const std::string& outer) {
  if (path == outer) return true;
  if (outer.empty() || path.compare(0, outer.size(), outer) != 0) return false;
  return path[outer.size()] == '.' || path[outer.size()] == '[';
}

std::string section_of(const std::string& path) {
  return path.substr(0, path.find_first_of(".["));
}

// Problems between sections ("compare" needs a batchnorm in the model, "split.test" depends on
// the dataset) say nothing once one of those sections is a stand-in.
bool relates_sections(const std::string& code) {
  return code == "compare_needs_batchnorm" || code == "dataset_has_test_set" || code == "layer_index_out_of_range";
}

}  // namespace

std::vector<ConfigProblem> validate_experiment(const Json& document) {
  std::vector<ConfigProblem> problems;
  std::set<std::string> stood_in;
  Json remaining = document;
  while (problems.size() < max_reported_problems) {
    try {
      parse_experiment(remaining);
      return problems;
    } catch (const ConfigError& error) {
      // Setting a field aside can cause a problem of its own: "missing" at the same path (it
      // was required), or one about its object ("give exactly one of steps or epochs"). The
      // first problem is the one to show.
      const bool seen = std::any_of(problems.begin(), problems.end(), [&](const ConfigProblem& problem) {
        return is_within(problem.path, error.path());
      });
      const bool spurious = !stood_in.empty() && relates_sections(error.code());
      if (!seen && !spurious) problems.push_back({error.path(), error.code(), error.params(), error.what()});
      if (!seen && set_aside(remaining, error.path())) continue;
      const std::string section = section_of(error.path());
      if (!remaining.is_object() || !stand_in_sections().contains(section) || stood_in.count(section)) {
        return problems;
      }
      remaining[section] = stand_in_sections()[section];
      stood_in.insert(section);
    }
  }
  return problems;
}

std::vector<ConfigProblem> validate_experiment_text(const std::string& text) {
  Json document;
  try {
    document = parse_json_text(text, "");
  } catch (const ConfigError& error) {
    return {{error.path(), error.code(), error.params(), error.what()}};
  }
  return validate_experiment(document);
}

Json problems_to_json(const std::vector<ConfigProblem>& problems) {
  Json array = Json::array();
  for (const ConfigProblem& problem : problems) {
    array.push_back({{"path", problem.path},
                     {"code", problem.code},
                     {"params", problem.params},
                     {"message", problem.message}});
  }
  return array;
}

}  // namespace bnlab
