#pragma once
// Strict, path-tracking reading of JSON objects. Every problem becomes a ConfigError whose
// message names the field path and what was expected, e.g.
//   model.layers[3].units: expected a positive integer, got -4
// finish() rejects keys nobody asked for, so a typo ("learnig_rate") is an error, not a
// silently ignored setting.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace bnlab {

using Json = nlohmann::json;

// Short rendering of a JSON value for messages: -4, "sgdd", an array of 3 values, ...
std::string describe_json(const Json& value);

struct NumberRange {
  double minimum;
  double maximum;
  bool minimum_inclusive = true;
  bool maximum_inclusive = true;
  const char* description;  // "a number in [0, 1)"
};

// Seeds stay below 2^53 so that JavaScript numbers carry them exactly.
constexpr std::uint64_t max_seed = (std::uint64_t{1} << 53) - 1;

// A name ↔ enum table; parsing an unknown name lists the known ones.
template <typename Enum>
using EnumNames = std::vector<std::pair<Enum, const char*>>;

class JsonObjectReader {
 public:
  JsonObjectReader(const Json& object, std::string path);

  const std::string& path() const { return path_; }
  std::string path_of(const std::string& key) const;
  bool has(const std::string& key) const;
  // The raw value (marks the key as read); nullptr when absent.
  const Json* find(const std::string& key);
  const Json& require(const std::string& key);

  std::size_t count(const std::string& key, std::size_t fallback, std::size_t minimum,
                    std::size_t maximum);
  std::size_t required_count(const std::string& key, std::size_t minimum, std::size_t maximum);
  double number(const std::string& key, double fallback, const NumberRange& range);
  bool boolean(const std::string& key, bool fallback);
  std::string text(const std::string& key, const std::string& fallback);
  std::string required_text(const std::string& key);
  std::uint64_t seed(const std::string& key, std::uint64_t fallback);

  template <typename Enum>
  Enum choice(const std::string& key, const EnumNames<Enum>& names, Enum fallback);
  template <typename Enum>
  Enum required_choice(const std::string& key, const EnumNames<Enum>& names);

  JsonObjectReader object(const std::string& key);

  // Throws for the first key that was never read; `allowed` explains what the object takes.
  void finish() const;

 private:
  const Json& object_;
  std::string path_;
  mutable std::set<std::string> read_keys_;
};

// Free-standing checks for values that are not object members (array elements).
// read_unsigned works in 64 bits whatever size_t is (32 bits in WebAssembly).
std::uint64_t read_unsigned(const Json& value, const std::string& path, std::uint64_t minimum,
                            std::uint64_t maximum);
std::size_t read_count(const Json& value, const std::string& path, std::size_t minimum,
                       std::size_t maximum);
double read_number(const Json& value, const std::string& path, const NumberRange& range);
// Throws ConfigError(path, code, params + {"got": ...}, "expected <expected>, got <got>").
// `code` names what was expected for the page's translations (docs/ERRORS.md).
[[noreturn]] void throw_expected(const std::string& path, const char* code, Json params,
                                 const std::string& expected, const Json& got);
[[noreturn]] void throw_expected(const std::string& path, const char* code,
                                 const std::string& expected, const Json& got);
// The params of a NumberRange, as the "expected_number" code carries them.
Json range_params(const NumberRange& range);

template <typename Enum>
Enum parse_choice(const Json& value, const std::string& path, const EnumNames<Enum>& names) {
  std::string known;
  Json choices = Json::array();
  for (const auto& [entry, name] : names) {
    known += (known.empty() ? "\"" : ", \"") + std::string(name) + "\"";
    choices.push_back(name);
  }
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    for (const auto& [entry, name] : names) {
      if (text == name) return entry;
    }
  }
  throw_expected(path, "expected_choice", Json{{"choices", choices}}, "one of " + known, value);
}

template <typename Enum>
const char* name_of(Enum value, const EnumNames<Enum>& names) {
  for (const auto& [entry, name] : names) {
    if (entry == value) return name;
  }
  return "?";
}

template <typename Enum>
Enum JsonObjectReader::choice(const std::string& key, const EnumNames<Enum>& names,
                              Enum fallback) {
  const Json* value = find(key);
  return value == nullptr ? fallback : parse_choice(*value, path_of(key), names);
}

template <typename Enum>
Enum JsonObjectReader::required_choice(const std::string& key, const EnumNames<Enum>& names) {
  return parse_choice(require(key), path_of(key), names);
}

}  // namespace bnlab
