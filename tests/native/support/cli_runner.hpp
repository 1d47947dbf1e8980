#pragma once
// The bnlab command line run from a test as a user would (the binary at BNLAB_CLI_PATH), and
// the JSON-lines records it writes.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "experiment/json_reader.hpp"
#include "support/temporary_directory.hpp"

namespace bnlab::testing {

struct Outcome {
  int exit_code;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line and waits for it.
inline Outcome run_command(const std::string& command_line) {
  const std::string command = command_line + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string output;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// Runs `bnlab <arguments>` through the shell and waits for it.
inline Outcome run_cli(const std::string& arguments) {
  return run_command(std::string(BNLAB_CLI_PATH) + " " + arguments);
}

// One JSON value per line of the file.
inline std::vector<Json> read_records(const std::string& path) {
  std::vector<Json> records;
  std::istringstream lines(read_text(path));
  for (std::string line; std::getline(lines, line);) records.push_back(Json::parse(line));
  return records;
}

}  // namespace bnlab::testing
