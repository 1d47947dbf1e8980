#include "experiment/json_path.hpp"

#include "core/errors.hpp"

namespace bnlab {

namespace {

bool is_name_character(char character) { return character != '.' && character != '[' && character != ']'; }

[[noreturn]] void not_a_path(const std::string& text, const std::string& where) {
  throw_expected(where, "expected_json_path", "a field path such as \"optimizer.learning_rate\" or \"model.layers[0].units\"",
                 Json(text));
}

}  // namespace

std::vector<JsonPathSegment> parse_json_path(const std::string& text, const std::string& where) {
  std::vector<JsonPathSegment> segments;
  std::size_t position = 0;
  while (position < text.size()) {
    if (text[position] == '[') {
      const std::size_t close = text.find(']', position);
      if (close == std::string::npos || close == position + 1 || close - position > 10) not_a_path(text, where);
      std::size_t index = 0;
      for (std::size_t digit = position + 1; digit < close; ++digit) {
        if (text[digit] < '0' || text[digit] > '9') not_a_path(text, where);
        index = index * 10 + static_cast<std::size_t>(text[digit] - '0');
      }
      segments.emplace_back(index);
      position = close + 1;
      continue;
    }
    // A name: the first segment starts bare, later ones after a dot.
    if (!segments.empty()) {
      if (text[position] != '.') not_a_path(text, where);
      ++position;
    }
    const std::size_t start = position;
    while (position < text.size() && is_name_character(text[position])) ++position;
    if (position == start) not_a_path(text, where);
    segments.emplace_back(text.substr(start, position - start));
  }
  if (segments.empty()) not_a_path(text, where);
  return segments;
}

void set_json_path(Json& document, const std::string& path, Json value, const std::string& where) {
  const std::vector<JsonPathSegment> segments = parse_json_path(path, where);
  const auto not_found = [&]() {
    throw ConfigError(where, "json_path_not_found", Json{{"path", path}},
                      path + " is not a field of the experiment (every part but the last must exist)");
  };
  Json* current = &document;
  for (std::size_t index = 0; index < segments.size(); ++index) {
    const bool last = index + 1 == segments.size();
    if (const std::string* key = std::get_if<std::string>(&segments[index])) {
      if (!current->is_object()) not_found();
      if (!last && !current->contains(*key)) not_found();
      current = &(*current)[*key];
    } else {
      const std::size_t position = std::get<std::size_t>(segments[index]);
      if (!current->is_array() || position >= current->size()) not_found();
      current = &(*current)[position];
    }
  }
  *current = std::move(value);
}

}  // namespace bnlab
