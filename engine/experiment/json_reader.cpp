#include "experiment/json_reader.hpp"

#include <cmath>
#include <sstream>

#include "core/errors.hpp"

namespace bnlab {

namespace {

// Follows the parser's events to know the path of the value being read, and checks depth
// and duplicate keys as it goes (nlohmann's parser is iterative; the callback sees every
// container start and end, every key and every scalar value).
class JsonPathTracker {
 public:
  explicit JsonPathTracker(std::string what) : what_(std::move(what)) {}

  bool on_event(int depth, Json::parse_event_t event, const Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        if (static_cast<std::size_t>(depth) >= max_json_depth) {
          throw ConfigError(located(path()), "too_deep", Json{{"maximum", max_json_depth}}, "nested more than " + std::to_string(max_json_depth) +
                                                 " levels deep (arrays and objects inside each other)");
        }
        frames_.push_back(Frame{event == Json::parse_event_t::array_start, 0, {}, {}});
        break;
      case Json::parse_event_t::key: {
        Frame& frame = frames_.back();
        frame.key = parsed.get<std::string>();
        if (!frame.keys.insert(frame.key).second) {
          throw ConfigError(located(path()), "duplicate_key", Json{{"key", frame.key}}, "duplicate key (an object may give each key only once)");
        }
        break;
      }
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        frames_.pop_back();
        next_element();
        break;
      case Json::parse_event_t::value:
        next_element();
        break;
    }
    return true;
  }

  // "model.layers[3].units": where the parser is now.
  std::string path() const {
    std::string text;
    for (const Frame& frame : frames_) {
      if (frame.is_array) {
        text += "[" + std::to_string(frame.index) + "]";
      } else if (!frame.keys.empty()) {
        text += (text.empty() ? "" : ".") + frame.key;
      }
    }
    return text;
  }

  // "file: path", or the path alone when no file is named (validate_experiment_text, whose
  // problems carry the field path only): never a message that starts with ": ".
  std::string located(const std::string& path) const {
    if (what_.empty()) return path;
    return path.empty() ? what_ : what_ + ": " + path;
  }

 private:
  struct Frame {
    bool is_array;
    std::size_t index;
    std::string key;
    std::set<std::string> keys;
  };

  void next_element() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
  }

  std::string what_;
  std::vector<Frame> frames_;
};

}  // namespace

Json parse_strict_json(const std::string& text, const std::string& what, const std::string& syntax_hint) {
  JsonPathTracker tracker(what);
  const Json::parser_callback_t callback = [&tracker](int depth, Json::parse_event_t event, Json& parsed) {
    return tracker.on_event(depth, event, parsed);
  };
  try {
    return Json::parse(text, callback);
  } catch (const Json::parse_error& error) {
    throw ConfigError(what, "json_syntax", Json{{"byte", error.byte}}, "not valid JSON (" + syntax_hint + "at byte " + std::to_string(error.byte) + ")");
  } catch (const Json::out_of_range& error) {
    // 1e400: nlohmann reports "number overflow parsing '1e400'" (406) for the value it was at.
    std::string number = error.what();
    const std::size_t open = number.find('\'');
    const std::size_t close = number.rfind('\'');
    number = open != std::string::npos && close > open ? number.substr(open + 1, close - open - 1) : "the number";
    if (number.size() > 40) number = number.substr(0, 37) + "...";
    throw ConfigError(tracker.located(tracker.path()), "number_out_of_range", Json{{"got", number}},
                      "the number " + number + " is beyond the range of a double (about 1.8e308)");
  }
}

std::string describe_json(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case Json::value_t::array: return "an array of " + std::to_string(value.size()) + " values";
    case Json::value_t::object: return "an object";
    case Json::value_t::string: {
      // Invalid UTF-8 becomes U+FFFD instead of an exception; a long string is cut at a
      // character boundary, never inside a UTF-8 sequence.
      std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
      if (text.size() > 40) {
        std::size_t cut = 37;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text = text.substr(0, cut) + "...\"";
      }
      return text;
    }
    default: return value.dump();
  }
}

void throw_expected(const std::string& path, const char* code, Json params,
                    const std::string& expected, const Json& got) {
  params["got"] = describe_json(got);
  throw ConfigError(path, code, std::move(params), "expected " + expected + ", got " + describe_json(got));
}

void throw_expected(const std::string& path, const char* code, const std::string& expected,
                    const Json& got) {
  throw_expected(path, code, Json::object(), expected, got);
}

Json range_params(const NumberRange& range) {
  // Bounds of ±1e300 stand for "none": JSON has no infinity, and the page shows no bound.
  Json params = Json::object();
  params["minimum"] = range.minimum <= -1e300 ? Json() : Json(range.minimum);
  params["maximum"] = range.maximum >= 1e300 ? Json() : Json(range.maximum);
  params["minimum_inclusive"] = range.minimum_inclusive;
  params["maximum_inclusive"] = range.maximum_inclusive;
  return params;
}

JsonObjectReader::JsonObjectReader(const Json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) {
    throw_expected(path_.empty() ? "(top level)" : path_, "expected_type", Json{{"expected", "object"}},
                   "an object", object_);
  }
}

std::string JsonObjectReader::path_of(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

bool JsonObjectReader::has(const std::string& key) const { return object_.contains(key); }

const Json* JsonObjectReader::find(const std::string& key) {
  read_keys_.insert(key);
  const auto found = object_.find(key);
  return found == object_.end() ? nullptr : &*found;
}

const Json& JsonObjectReader::require(const std::string& key) {
  const Json* value = find(key);
  if (value == nullptr) throw ConfigError(path_of(key), "missing_field", Json::object(), "required field is missing");
  return *value;
}

std::uint64_t read_unsigned(const Json& value, const std::string& path, std::uint64_t minimum,
                            std::uint64_t maximum) {
  std::ostringstream expected;
  if (minimum == 1) {
    expected << "a positive integer";
  } else {
    expected << "an integer of at least " << minimum;
  }
  // Parsed text gives non-negative integers as unsigned; values built in code may be signed.
  const bool non_negative_integer =
      value.is_number_unsigned() || (value.is_number_integer() && value.get<std::int64_t>() >= 0);
  if (non_negative_integer) {
    const auto number = value.get<std::uint64_t>();
    if (number >= minimum && number <= maximum) return number;
    if (number > maximum) {
      throw ConfigError(path, "too_large", Json{{"maximum", maximum}, {"got", describe_json(value)}},
                        "expected at most " + std::to_string(maximum) + ", got " + describe_json(value));
    }
  }
  if (value.is_number_float()) {
    const double number = value.get<double>();
    // 100.0 is accepted as 100; 2.5 is not a count.
    if (std::isfinite(number) && number == std::floor(number) && number >= double(minimum) &&
        number <= double(maximum)) {
      return static_cast<std::uint64_t>(number);
    }
    if (std::isfinite(number) && number == std::floor(number) && number > double(maximum)) {
      throw ConfigError(path, "too_large", Json{{"maximum", maximum}, {"got", describe_json(value)}},
                        "expected at most " + std::to_string(maximum) + ", got " + describe_json(value));
    }
  }
  throw_expected(path, "expected_integer", Json{{"minimum", minimum}, {"maximum", maximum}},
                 expected.str(), value);
}

std::size_t read_count(const Json& value, const std::string& path, std::size_t minimum,
                       std::size_t maximum) {
  return static_cast<std::size_t>(read_unsigned(value, path, minimum, maximum));
}

double read_number(const Json& value, const std::string& path, const NumberRange& range) {
  if (value.is_number()) {
    const double number = value.get<double>();
    const bool above = range.minimum_inclusive ? number >= range.minimum : number > range.minimum;
    const bool below = range.maximum_inclusive ? number <= range.maximum : number < range.maximum;
    if (std::isfinite(number) && above && below) return number;
  }
  throw_expected(path, "expected_number", range_params(range), range.description, value);
}

std::size_t JsonObjectReader::count(const std::string& key, std::size_t fallback,
                                    std::size_t minimum, std::size_t maximum) {
  const Json* value = find(key);
  return value == nullptr ? fallback : read_count(*value, path_of(key), minimum, maximum);
}

std::size_t JsonObjectReader::required_count(const std::string& key, std::size_t minimum,
                                             std::size_t maximum) {
  return read_count(require(key), path_of(key), minimum, maximum);
}

double JsonObjectReader::number(const std::string& key, double fallback, const NumberRange& range) {
  const Json* value = find(key);
  return value == nullptr ? fallback : read_number(*value, path_of(key), range);
}

bool JsonObjectReader::boolean(const std::string& key, bool fallback) {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) throw_expected(path_of(key), "expected_type", Json{{"expected", "boolean"}}, "true or false", *value);
  return value->get<bool>();
}

std::string JsonObjectReader::text(const std::string& key, const std::string& fallback) {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_string()) throw_expected(path_of(key), "expected_type", Json{{"expected", "string"}}, "a string", *value);
  return value->get<std::string>();
}

std::string JsonObjectReader::required_text(const std::string& key) {
  const Json& value = require(key);
  if (!value.is_string() || value.get<std::string>().empty()) {
    throw_expected(path_of(key), "expected_type", Json{{"expected", "non_empty_string"}}, "a non-empty string",
                   value);
  }
  return value.get<std::string>();
}

std::uint64_t JsonObjectReader::seed(const std::string& key, std::uint64_t fallback) {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  return read_unsigned(*value, path_of(key), 0, max_seed);
}

JsonObjectReader JsonObjectReader::object(const std::string& key) {
  return JsonObjectReader(require(key), path_of(key));
}

void JsonObjectReader::finish() const {
  for (const auto& [key, value] : object_.items()) {
    if (read_keys_.count(key) == 0) {
      std::string known;
      Json allowed = Json::array();
      for (const std::string& read : read_keys_) {
        known += (known.empty() ? "" : ", ") + read;
        allowed.push_back(read);
      }
      throw ConfigError(path_of(key), "unknown_field", Json{{"field", key}, {"allowed", allowed}},
                        "unknown field (this object takes: " + known + ")");
    }
  }
}

}  // namespace bnlab
