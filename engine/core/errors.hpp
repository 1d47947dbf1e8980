#pragma once
// Every failure the engine reports is a bnlab::Error whose message is meant for the person
// who wrote the input: it names the field, file or layer and what was expected.

#include <stdexcept>
#include <string>

namespace bnlab {

// A message as every reader can take it: what() is a C string, so a NUL (from a file name or
// a JSON string) would cut it short; it becomes "\u0000". Invalid UTF-8 becomes U+FFFD, so a
// message is never split inside a character.
std::string printable_message(const std::string& message);

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(printable_message(message)) {}
};

// A bad experiment or model description. The message starts with the field path,
// e.g. "model.layers[3].units: expected a positive integer, got -4".
class ConfigError : public Error {
 public:
  ConfigError(const std::string& path, const std::string& problem)
      : Error(path.empty() ? problem : path + ": " + problem), path_(path) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
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
