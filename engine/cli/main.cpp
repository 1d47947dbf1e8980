// bnlab: train, evaluate and fold models from experiment files (the same files the web page
// runs). See `bnlab --help`, README.md and docs/OUTPUT_FORMAT.md.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "core/errors.hpp"

int main(int argc, char** argv) {
  using namespace bnlab::cli;
  const std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    std::cout << main_help;
    return words.empty() ? exit_usage : exit_ok;
  }
  const std::string command = words[0];
  const std::vector<std::string> rest(words.begin() + 1, words.end());
  try {
    if (command == "train") return train_command(rest);
    if (command == "eval") return eval_command(rest);
    if (command == "fold") return fold_command(rest);
    if (command == "validate") return validate_command(rest);
    if (command == "schema") return schema_command(rest);
    if (command == "sweep") return sweep_command(rest);
    std::cerr << "bnlab: unknown command \"" << command
              << "\" (commands: train, eval, fold, validate, schema, sweep; see --help)\n";
    return exit_usage;
  } catch (const CommandLineError& error) {
    std::cerr << "bnlab " << command << ": " << error.what() << '\n';
    return exit_usage;
  } catch (const bnlab::Error& error) {
    std::cerr << "bnlab " << command << ": error: " << error.what() << '\n';
    return exit_input_error;
  } catch (const std::bad_alloc&) {
    std::cerr << "bnlab " << command << ": error: out of memory\n";
    return exit_input_error;
  } catch (const std::exception& error) {
    std::cerr << "bnlab " << command << ": internal error: " << error.what() << '\n';
    return exit_input_error;
  }
}
