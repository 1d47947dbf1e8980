#pragma once
// Small builders for the JSON Schema (draft 2020-12) of the experiment file. Each parser
// section writes its schema fragment beside its parse function, with the same NumberRange,
// limits:: and EnumNames values, so the published schema cannot promise what the parser
// refuses; tests/native/experiment/experiment_schema_test.cpp probes every bound against the
// parser.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "experiment/json_reader.hpp"

namespace bnlab::schema {

Json integer(std::uint64_t minimum, std::uint64_t maximum, std::optional<std::uint64_t> fallback = {});
Json number(const NumberRange& range, std::optional<double> fallback = {});
Json boolean(bool fallback);
Json text(std::optional<std::string> fallback = {});
Json constant(const std::string& value);
// An object that takes exactly `properties` (additionalProperties: false).
Json object(Json properties, const std::vector<std::string>& required = {});

template <typename Enum>
Json choice(const EnumNames<Enum>& names, std::optional<Enum> fallback = {}) {
  Json values = Json::array();
  for (const auto& [entry, name] : names) values.push_back(name);
  Json result{{"enum", values}};
  if (fallback) result["default"] = name_of(*fallback, names);
  return result;
}

}  // namespace bnlab::schema
