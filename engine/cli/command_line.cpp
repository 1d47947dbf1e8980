#include "cli/command_line.hpp"


namespace bnlab::cli {

std::string Arguments::value(const std::string& name, const std::string& fallback) const {
  const auto found = values.find(name);
  return found == values.end() ? fallback : found->second;
}

Arguments parse_arguments(const std::vector<std::string>& words, const std::set<std::string>& value_options,
                          const std::set<std::string>& flag_options) {
  Arguments arguments;
  for (std::size_t index = 0; index < words.size(); ++index) {
    const std::string& word = words[index];
    if (word.rfind("--", 0) != 0) {
      arguments.positional.push_back(word);
    } else if (flag_options.count(word)) {
      arguments.flags.insert(word);
    } else if (value_options.count(word)) {
      if (index + 1 >= words.size()) throw CommandLineError(word + " needs a value");
      // "--out --quiet" forgot the value; it does not mean a file called "--quiet".
      if (words[index + 1].rfind("--", 0) == 0) {
        throw CommandLineError(word + " needs a value, got the option " + words[index + 1]);
      }
      if (arguments.values.count(word)) throw CommandLineError(word + " is given twice");
      arguments.values[word] = words[++index];
    } else {
      throw CommandLineError("unknown option " + word + " (see --help)");
    }
  }
  return arguments;
}

}  // namespace bnlab::cli
