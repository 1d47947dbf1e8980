// JSON paths, as errors, links and sweep axes write them.
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "experiment/json_path.hpp"
#include "support/error_message.hpp"

namespace bnlab {
namespace {

TEST(JsonPath, ParsesNamesAndIndices) {
  const std::vector<JsonPathSegment> segments = parse_json_path("model.layers[3].units", "axes[0].path");
  ASSERT_EQ(segments.size(), 4u);
  EXPECT_EQ(std::get<std::string>(segments[0]), "model");
  EXPECT_EQ(std::get<std::string>(segments[1]), "layers");
  EXPECT_EQ(std::get<std::size_t>(segments[2]), 3u);
  EXPECT_EQ(std::get<std::string>(segments[3]), "units");
}

TEST(JsonPath, RefusesTextThatIsNotAPath) {
  for (const char* bad : {"", ".training", "training.", "a..b", "layers[", "layers[]", "layers[x]", "a]b", "layers[1]x"}) {
    try {
      parse_json_path(bad, "axes[0].path");
      ADD_FAILURE() << bad << " was accepted";
    } catch (const ConfigError& error) {
      EXPECT_EQ(error.code(), "expected_json_path") << bad;
      EXPECT_EQ(error.path(), "axes[0].path") << bad;
    }
  }
}

TEST(JsonPath, SetsExistingFieldsAndAddsALastKey) {
  Json document = Json::parse(R"({"training": {"steps": 10}, "model": {"layers": [{"type": "dense", "units": 4}]}})");
  set_json_path(document, "training.steps", 20, "where");
  set_json_path(document, "training.batch_size", 8, "where");  // a field left at its default
  set_json_path(document, "model.layers[0].units", 16, "where");
  EXPECT_EQ(document["training"]["steps"], 20);
  EXPECT_EQ(document["training"]["batch_size"], 8);
  EXPECT_EQ(document["model"]["layers"][0]["units"], 16);
}

TEST(JsonPath, RefusesPathsThroughMissingParts) {
  const Json original = Json::parse(R"({"training": {"steps": 10}, "model": {"layers": [{"type": "dense"}]}})");
  for (const char* bad : {"optimizer.learning_rate", "model.layers[1].units", "training.steps.value", "model[0]"}) {
    Json document = original;
    try {
      set_json_path(document, bad, 1, "axes[1].path");
      ADD_FAILURE() << bad << " was accepted";
    } catch (const ConfigError& error) {
      EXPECT_EQ(error.code(), "json_path_not_found") << bad;
      EXPECT_EQ(std::string(error.what()), std::string("axes[1].path: ") + bad +
                                               " is not a field of the experiment (every part but the last must exist)");
    }
  }
}

}  // namespace
}  // namespace bnlab
