#pragma once
// JSON paths as the engine writes them in its problems ("training.batch_size",
// "model.layers[3].units"): the same syntax the page's links use (web/src/experiment/
// json_path.js), so a sweep axis, a link and an error message all name a field one way.

#include <string>
#include <variant>
#include <vector>

#include "experiment/json_reader.hpp"

namespace bnlab {

using JsonPathSegment = std::variant<std::string, std::size_t>;  // a key, or an array index

// "model.layers[3].units" -> {"model", "layers", 3, "units"}. A ConfigError at `where`
// (code "expected_json_path") for text that is not a path: empty, empty segments, an
// unclosed bracket.
std::vector<JsonPathSegment> parse_json_path(const std::string& text, const std::string& where);

// Sets the value at `path` inside `document`. Every step but the last must exist (an object
// for a key, an array long enough for an index); the last may add a key that the object does
// not have yet (a field left at its default). A ConfigError at `where` otherwise (code
// "json_path_not_found", params {"path"}).
void set_json_path(Json& document, const std::string& path, Json value, const std::string& where);

}  // namespace bnlab
