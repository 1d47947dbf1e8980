#pragma once
// The CLI's commands. Each returns the process exit code and throws bnlab::Error for
// anything the user can fix (main prints it).

#include <string>
#include <vector>

namespace bnlab::cli {

int train_command(const std::vector<std::string>& words);
int eval_command(const std::vector<std::string>& words);
int fold_command(const std::vector<std::string>& words);
int validate_command(const std::vector<std::string>& words);
int schema_command(const std::vector<std::string>& words);
int sweep_command(const std::vector<std::string>& words);

extern const char* const main_help;
extern const char* const train_help;
extern const char* const eval_help;
extern const char* const fold_help;
extern const char* const sweep_help;

// Exit codes: 0 ok, 1 error in the input, 2 wrong command line, 3 a run diverged.
constexpr int exit_ok = 0;
constexpr int exit_input_error = 1;
constexpr int exit_usage = 2;
constexpr int exit_diverged = 3;

}  // namespace bnlab::cli
