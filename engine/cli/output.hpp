#pragma once
// Where the CLI writes: JSONL records to a file or stdout, progress lines to stderr.

#include <fstream>
#include <memory>
#include <string>

#include "experiment/json_reader.hpp"

namespace bnlab::cli {

class RecordWriter {
 public:
  // path empty or "-": standard output.
  explicit RecordWriter(const std::string& path);
  void write(const Json& record);

 private:
  std::unique_ptr<std::ofstream> file_;
  std::string path_;
};

// Progress for people, on stderr; silenced by --quiet.
void progress(bool quiet, const std::string& line);

}  // namespace bnlab::cli
