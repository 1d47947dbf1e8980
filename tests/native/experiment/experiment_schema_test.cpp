// The published JSON Schema against the parser it describes: for every object of the schema,
// the parser takes exactly the schema's properties (its own unknown-field error lists what it
// reads), and every integer bound the schema states is where the parser starts to refuse.
// A field or bound added to one side only fails here.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "experiment/experiment.hpp"
#include "experiment/validate_experiment.hpp"

namespace bnlab {
namespace {

Json base_experiment() {
  return Json::parse(R"({
    "dataset": {"kind": "spirals", "samples": 200},
    "split": {},
    "model": {"layers": [{"type": "dense", "units": 2}]},
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "learning_rate": 0.1},
    "training": {"batch_size": 16, "steps": 10},
    "probes": {"every": 5}
  })");
}

std::set<std::string> keys_of(const Json& properties) {
  std::set<std::string> keys;
  for (const auto& [key, value] : properties.items()) keys.insert(key);
  return keys;
}

// The object schemas of a property: itself, or each alternative of its oneOf.
std::vector<Json> alternatives(const Json& schema) {
  if (schema.contains("oneOf")) return schema["oneOf"].get<std::vector<Json>>();
  return {schema};
}

// A value the schema accepts, to fill required fields: a const, an integer's minimum, a
// number inside its range, a string, the first alternative.
Json sample_value(const Json& schema) {
  if (schema.contains("const")) return schema["const"];
  if (schema.contains("default")) return schema["default"];
  if (schema.contains("enum")) return schema["enum"][0];
  if (schema.contains("properties") && schema["properties"].contains("kind") &&
      schema["properties"]["kind"].value("const", "") == "inline") {
    return Json::parse(R"({"kind": "inline", "inputs": [[0.5], [1.5]], "labels": [0, 1]})");
  }
  const std::string type = schema.value("type", "");
  if (schema.contains("oneOf") && type != "object") return sample_value(schema["oneOf"][0]);
  if (type == "integer") return schema["minimum"];
  if (type == "number") return schema.contains("minimum") ? schema["minimum"].get<double>() : 0.5;
  if (type == "string") return "data/file.idx";
  if (type == "boolean") return false;
  if (type == "array") return Json::array({sample_value(schema["items"])});
  if (type == "object") {
    Json object = Json::object();
    std::vector<std::string> required = schema.value("required", std::vector<std::string>{});
    // An object-level oneOf of required sets (training: steps or epochs): take the first.
    if (schema.contains("oneOf")) {
      for (const std::string& key : schema["oneOf"][0]["required"]) required.push_back(key);
    }
    for (const std::string& key : required) object[key] = sample_value(schema["properties"][key]);
    return object;
  }
  return nullptr;
}

struct Place {
  Json::json_pointer pointer;  // where the object sits in the document
  std::string path;            // how problems name it
};

bool has_problem_at(const Json& document, const std::string& path) {
  const std::vector<ConfigProblem> problems = validate_experiment(document);
  return std::any_of(problems.begin(), problems.end(), [&](const ConfigProblem& p) { return p.path == path; });
}

// Checks one object schema at `place` of a document built from `document`.
void check_object(Json document, const Place& place, const Json& schema) {
  ASSERT_EQ(schema["type"], "object");
  const Json& properties = schema["properties"];
  document[place.pointer] = sample_value(schema);
  const std::string prefix = place.path.empty() ? "" : place.path + ".";
  SCOPED_TRACE(place.path + " " + document[place.pointer].dump());
  ASSERT_FALSE(has_problem_at(document, place.path)) << "the schema's own sample is refused";

  // The parser reads exactly the schema's keys.
  Json with_extra = document;
  with_extra[place.pointer]["not_a_field"] = 1;
  const std::vector<ConfigProblem> problems = validate_experiment(with_extra);
  const auto unknown = std::find_if(problems.begin(), problems.end(),
                                    [&](const ConfigProblem& p) { return p.path == prefix + "not_a_field"; });
  ASSERT_NE(unknown, problems.end());
  std::set<std::string> allowed;
  for (const Json& key : unknown->params["allowed"]) allowed.insert(key.get<std::string>());
  EXPECT_EQ(allowed, keys_of(properties));

  // Integer bounds: the maximum is taken, one more is refused; the minimum too.
  for (const auto& [key, property] : properties.items()) {
    for (const Json& alternative : alternatives(property)) {
      if (alternative.value("type", "") != "integer") continue;
      Json edited = document;
      // steps and epochs exclude each other: test each alone.
      if (key == "steps") edited[place.pointer].erase("epochs");
      if (key == "epochs") edited[place.pointer].erase("steps");
      const std::uint64_t maximum = alternative["maximum"].get<std::uint64_t>();
      const std::uint64_t minimum = alternative["minimum"].get<std::uint64_t>();
      edited[place.pointer][key] = maximum;
      EXPECT_FALSE(has_problem_at(edited, prefix + key)) << key << " = " << maximum;
      edited[place.pointer][key] = maximum + 1;
      EXPECT_TRUE(has_problem_at(edited, prefix + key)) << key << " = " << maximum + 1;
      edited[place.pointer][key] = minimum;
      EXPECT_FALSE(has_problem_at(edited, prefix + key)) << key << " = " << minimum;
      if (minimum > 0) {
        edited[place.pointer][key] = minimum - 1;
        EXPECT_TRUE(has_problem_at(edited, prefix + key)) << key << " = " << minimum - 1;
      }
    }
  }
}

TEST(experiment_schema, is_a_draft_2020_12_schema_of_an_object) {
  const Json schema = experiment_schema();
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema["type"], "object");
  EXPECT_EQ(schema["required"], Json::parse(R"(["dataset", "model", "loss", "optimizer", "training"])"));
}

TEST(experiment_schema, top_level_and_plain_sections_match_the_parser) {
  const Json schema = experiment_schema();
  const Json base = base_experiment();
  {
    SCOPED_TRACE("top level: the parser names unknown top-level keys by their key alone");
    Json with_extra = base;
    with_extra["not_a_field"] = 1;
    const std::vector<ConfigProblem> problems = validate_experiment(with_extra);
    ASSERT_FALSE(problems.empty());
    std::set<std::string> allowed;
    for (const Json& key : problems.back().params["allowed"]) allowed.insert(key.get<std::string>());
    EXPECT_EQ(allowed, keys_of(schema["properties"]));
  }
  check_object(base, {Json::json_pointer("/training"), "training"}, schema["properties"]["training"]);
  check_object(base, {Json::json_pointer("/probes"), "probes"}, schema["properties"]["probes"]);
  check_object(base, {Json::json_pointer("/split"), "split"}, schema["properties"]["split"]);
  check_object(base, {Json::json_pointer("/model"), "model"}, schema["properties"]["model"]);
  for (const Json& init : schema["properties"]["init"]["oneOf"]) {
    check_object(base, {Json::json_pointer("/init"), "init"}, init);
  }
}

TEST(experiment_schema, every_dataset_kind_matches_the_parser) {
  const Json kinds = experiment_schema()["properties"]["dataset"]["oneOf"];
  ASSERT_GE(kinds.size(), 10u);
  for (const Json& kind : kinds) {
    check_object(base_experiment(), {Json::json_pointer("/dataset"), "dataset"}, kind);
  }
}

TEST(experiment_schema, every_optimizer_type_matches_the_parser) {
  const Json types = experiment_schema()["properties"]["optimizer"]["oneOf"];
  ASSERT_EQ(types.size(), 6u);
  for (const Json& type : types) {
    check_object(base_experiment(), {Json::json_pointer("/optimizer"), "optimizer"}, type);
  }
}

TEST(experiment_schema, every_layer_type_matches_the_parser) {
  const Json types = experiment_schema()["properties"]["model"]["properties"]["layers"]["items"]["oneOf"];
  ASSERT_GE(types.size(), 13u);
  for (const Json& type : types) {
    check_object(base_experiment(), {Json::json_pointer("/model/layers/0"), "model.layers[0]"}, type);
  }
}

TEST(experiment_schema, choices_are_the_parser_tables) {
  const Json schema = experiment_schema();
  EXPECT_EQ(schema["properties"]["loss"]["enum"], Json::parse(R"(["cross_entropy", "mse", "l1"])"));
  Json layer_types = Json::array();
  for (const Json& type : schema["properties"]["model"]["properties"]["layers"]["items"]["oneOf"]) {
    layer_types.push_back(type["properties"]["type"]["const"]);
  }
  Json document = base_experiment();
  document["model"]["layers"][0]["type"] = "no_such_layer";
  const std::vector<ConfigProblem> problems = validate_experiment(document);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].params["choices"], layer_types);
}

}  // namespace
}  // namespace bnlab
