// Reading JSON text strictly (engine/experiment/json_reader.hpp: parse_strict_json) and the
// printable messages of engine errors (engine/core/errors.hpp) — issue 14, defects 1 and 5.
#include <string>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "experiment/experiment.hpp"
#include "experiment/json_reader.hpp"
#include "support/error_message.hpp"

namespace bnlab {
namespace {

using testing::error_message;

std::string nested_arrays(std::size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

TEST(StrictJson, SixtyFourLevelsAreReadAndSixtyFiveAreRefusedByName) {
  EXPECT_NO_THROW(parse_strict_json(nested_arrays(max_json_depth), "ok.json"));
  EXPECT_EQ(error_message<ConfigError>([] { parse_strict_json(nested_arrays(max_json_depth + 1), "deep.json"); }),
            "deep.json: " + std::string() + [] {
              std::string path;
              for (std::size_t level = 0; level < max_json_depth; ++level) path += "[0]";
              return path;
            }() + ": nested more than 64 levels deep (arrays and objects inside each other)");
}

TEST(StrictJson, AMillionLevelsDoNotCrash) {
  // Natively the recursive copy crashed at ~130 000 levels (~10 000 under ASan).
  const std::string text = nested_arrays(1000000);
  const std::string message = error_message<ConfigError>([&] { parse_experiment(parse_json_text(text, "run.json")); });
  EXPECT_EQ(message.rfind("run.json: [0][0]", 0), 0u) << message.substr(0, 80);
}

TEST(StrictJson, DuplicateKeysAreRefusedWithTheirPath) {
  EXPECT_EQ(error_message<ConfigError>([] { parse_strict_json(R"({"a": {"b": [1, {"c": 1, "c": 2}]}})", "x.json"); }),
            "x.json: a.b[1].c: duplicate key (an object may give each key only once)");
  EXPECT_EQ(error_message<ConfigError>([] { parse_strict_json(R"({"seed": 1, "seed": 1})", "x.json"); }),
            "x.json: seed: duplicate key (an object may give each key only once)");
  // The same key in two different objects is fine.
  EXPECT_NO_THROW(parse_strict_json(R"({"a": {"k": 1}, "b": {"k": 1}, "c": [{"k": 1}, {"k": 2}]})", "x.json"));
}

TEST(StrictJson, NumbersBeyondADoubleNameTheFieldAndTheFile) {
  EXPECT_EQ(error_message<ConfigError>([] { parse_strict_json(R"({"optimizer": {"learning_rate": 1e400}})", "x.json"); }),
            "x.json: optimizer.learning_rate: the number 1e400 is beyond the range of a double (about 1.8e308)");
  EXPECT_EQ(error_message<ConfigError>([] { parse_strict_json(R"({"data": [1, 2, -1e999]})", "m.json"); }),
            "m.json: data[2]: the number -1e999 is beyond the range of a double (about 1.8e308)");
}

TEST(StrictJson, SyntaxErrorsNameTheByte) {
  EXPECT_EQ(error_message<ConfigError>([] { parse_strict_json("{\"a\": 1,, }", "x.json"); }),
            "x.json: not valid JSON (at byte 9)");
  EXPECT_EQ(error_message<ConfigError>([] { parse_strict_json("{\"a\": \"\xC3\"}", "x.json", "damaged or truncated "); }),
            "x.json: not valid JSON (damaged or truncated at byte 9)");
}

TEST(ErrorMessages, ANulIsShownNotCutAndBrokenUtf8IsReplaced) {
  EXPECT_EQ(std::string(Error(std::string("a\0b", 3)).what()), "a\\u0000b");
  EXPECT_EQ(std::string(Error("caf\xC3").what()), "caf\xEF\xBF\xBD");
  EXPECT_EQ(std::string(Error("caf\xC3\xA9 \xF0\x9F\x99\x82").what()), "caf\xC3\xA9 \xF0\x9F\x99\x82");  // valid stays
  EXPECT_EQ(std::string(Error("\xC0\xAF").what()), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong "/"
  EXPECT_EQ(std::string(ConfigError(std::string("dataset.images", 14), "nul_in_path", Json::object(), std::string("x\0y", 3)).what()),
            "dataset.images: x\\u0000y");
}

TEST(ErrorMessages, LongStringValuesAreCutAtACharacterBoundary) {
  // 36 ASCII letters, then two-byte characters: the 37-byte cut falls inside one.
  const std::string value = std::string(35, 'a') + "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";
  const std::string described = describe_json(Json(value));
  EXPECT_EQ(described, "\"" + std::string(35, 'a') + "...\"");
  EXPECT_EQ(describe_json(Json(std::string("\xFF"))), "\"\xEF\xBF\xBD\"");  // no exception for invalid UTF-8
}

}  // namespace
}  // namespace bnlab
