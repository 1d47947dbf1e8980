#pragma once
// Every failure the engine reports is a bnlab::Error whose message is meant for the person
// who wrote the input: it names the field, file or layer and what was expected.
//
// A ConfigError also carries a stable `code` and its `params` (docs/ERRORS.md), so that the
// page can say the same thing in Korean without parsing the English message.

#include <stdexcept>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace bnlab {

using Json = nlohmann::json;

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A bad experiment or model description. The message starts with the field path,
// e.g. "model.layers[3].units: expected a positive integer, got -4"; the code of that one is
// "expected_integer" with params {"minimum": 1, "maximum": 100000, "got": "-4"}.
class ConfigError : public Error {
 public:
  ConfigError(const std::string& path, std::string code, Json params,
              const std::string& problem)
      : Error(path.empty() ? problem : path + ": " + problem),
        path_(path),
        code_(std::move(code)),
        params_(std::move(params)),
        problem_(problem) {}
  const std::string& path() const { return path_; }
  const std::string& code() const { return code_; }
  const Json& params() const { return params_; }
  // The message without its path prefix.
  const std::string& problem() const { return problem_; }

 private:
  std::string path_;
  std::string code_;
  Json params_;
  std::string problem_;
};

// A dataset that cannot be read or does not make sense (names the file or dataset).
class DataError : public Error {
 public:
  using Error::Error;
};

// A model file that is damaged, foreign or does not fit the architecture.
class ModelFileError : public Error {
 public:
  using Error::Error;
};

// A call made in the wrong state or with arguments that do not fit (API misuse).
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace bnlab
