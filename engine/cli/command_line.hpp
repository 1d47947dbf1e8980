#pragma once
// Minimal argument reading for the CLI: one positional file plus --name [value] options.
// Unknown options are errors that name the option.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace bnlab::cli {

// A wrong command line (unknown option, missing value or file argument): exit code 2.
class CommandLineError : public Error {
 public:
  using Error::Error;
};

struct Arguments {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;  // --out FILE
  std::set<std::string> flags;                // --compare
  bool has(const std::string& name) const { return flags.count(name) || values.count(name); }
  std::string value(const std::string& name, const std::string& fallback = "") const;
};

// value_options take a value; flag_options do not. Throws CommandLineError on anything else.
Arguments parse_arguments(const std::vector<std::string>& words, const std::set<std::string>& value_options,
                          const std::set<std::string>& flag_options);

}  // namespace bnlab::cli
