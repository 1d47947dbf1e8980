#include "experiment/schema_builders.hpp"

namespace bnlab::schema {

Json integer(std::uint64_t minimum, std::uint64_t maximum, std::optional<std::uint64_t> fallback) {
  Json result{{"type", "integer"}, {"minimum", minimum}, {"maximum", maximum}};
  if (fallback) result["default"] = *fallback;
  return result;
}

Json number(const NumberRange& range, std::optional<double> fallback) {
  Json result{{"type", "number"}, {"description", range.description}};
  // ±1e300 stands for "no bound" in the parser's ranges.
  if (range.minimum > -1e300) result[range.minimum_inclusive ? "minimum" : "exclusiveMinimum"] = range.minimum;
  if (range.maximum < 1e300) result[range.maximum_inclusive ? "maximum" : "exclusiveMaximum"] = range.maximum;
  if (fallback) result["default"] = *fallback;
  return result;
}

Json boolean(bool fallback) { return Json{{"type", "boolean"}, {"default", fallback}}; }

Json text(std::optional<std::string> fallback) {
  Json result{{"type", "string"}};
  if (fallback) result["default"] = *fallback;
  return result;
}

Json constant(const std::string& value) { return Json{{"const", value}}; }

Json object(Json properties, const std::vector<std::string>& required) {
  Json result{{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) result["required"] = required;
  return result;
}

}  // namespace bnlab::schema
