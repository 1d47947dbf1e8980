#include "layers/option_fields.hpp"

#include "experiment/enum_names.hpp"
#include "experiment/limits.hpp"
#include "experiment/schema_builders.hpp"

namespace bnlab {

namespace {

bool takes_std(InitScheme scheme) { return scheme == InitScheme::uniform || scheme == InitScheme::normal; }

}  // namespace

Extent2d parse_extent(const Json& value, const std::string& path, std::size_t minimum) {
  const std::string expected = minimum == 0 ? "a non-negative integer or [height, width]"
                                            : "a positive integer or [height, width]";
  if (value.is_array()) {
    if (value.size() != 2) throw_expected(path, "expected_extent", Json{{"minimum", minimum}}, expected, value);
    return {read_count(value[0], path + "[0]", minimum, limits::max_window_extent),
            read_count(value[1], path + "[1]", minimum, limits::max_window_extent)};
  }
  if (!value.is_number()) throw_expected(path, "expected_extent", Json{{"minimum", minimum}}, expected, value);
  const std::size_t extent = read_count(value, path, minimum, limits::max_window_extent);
  return {extent, extent};
}

Json extent_to_json(const Extent2d& extent) {
  if (extent.height == extent.width) return extent.height;
  return Json::array({extent.height, extent.width});
}

Json extent_schema(std::size_t minimum) {
  const Json one = schema::integer(minimum, limits::max_window_extent);
  return Json{{"oneOf", {one, {{"type", "array"}, {"items", one}, {"minItems", 2}, {"maxItems", 2}}}}};
}

InitSpec parse_init(const Json& init, const std::string& path) {
  JsonObjectReader reader(init, path);
  InitSpec spec;
  spec.scheme = reader.required_choice("scheme", init_scheme_names());
  if (takes_std(spec.scheme)) spec.std = reader.number("std", spec.std, option_ranges::init_std);
  reader.finish();
  return spec;
}

Json init_to_json(const InitSpec& init) {
  Json json{{"scheme", name_of(init.scheme, init_scheme_names())}};
  if (takes_std(init.scheme)) json["std"] = init.std;
  return json;
}

Json init_schema() {
  // Only uniform and normal take a std (parse_init reads it for them alone).
  Json with_std = Json::array();
  Json without_std = Json::array();
  for (const auto& [scheme, name] : init_scheme_names()) (takes_std(scheme) ? with_std : without_std).push_back(name);
  return {{"oneOf",
           {schema::object({{"scheme", {{"enum", with_std}}},
                            {"std", schema::number(option_ranges::init_std, InitSpec{}.std)}},
                           {"scheme"}),
            schema::object({{"scheme", {{"enum", without_std}}}}, {"scheme"})}}};
}

}  // namespace bnlab
