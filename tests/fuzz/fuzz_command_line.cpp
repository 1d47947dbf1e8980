// libFuzzer harness: the CLI's argument reading with the options of each command. The input's
// NUL-separated parts are the words of the command line (argv cannot hold a NUL itself).
// Only CommandLineError may come out (tests/fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/command_line.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t index = 0; index < size; ++index) {
    if (data[index] == 0) {
      words.push_back(word);
      word.clear();
    } else {
      word += static_cast<char>(data[index]);
    }
  }
  words.push_back(word);
  const std::vector<std::pair<std::set<std::string>, std::set<std::string>>> commands{
      {{"--out", "--save", "--init", "--save-initial"}, {"--compare", "--loss-every-step", "--quiet", "--help"}},
      {{"--experiment", "--split", "--out"}, {"--help"}},
      {{"--experiment", "--save", "--out"}, {"--help"}}};
  for (const auto& [value_options, flag_options] : commands) {
    try {
      const bnlab::cli::Arguments arguments = bnlab::cli::parse_arguments(words, value_options, flag_options);
      // What the parser promises: every value option has a value that is not itself an option.
      for (const auto& [name, value] : arguments.values) {
        if (value_options.count(name) == 0 || value.rfind("--", 0) == 0) __builtin_trap();
      }
    } catch (const bnlab::cli::CommandLineError&) {
      // a clean refusal
    }
  }
  return 0;
}
