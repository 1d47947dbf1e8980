#include "cli/output.hpp"

#include <iostream>

#include "core/errors.hpp"

namespace bnlab::cli {

RecordWriter::RecordWriter(const std::string& path) : path_(path) {
  if (path.empty() || path == "-") return;
  file_ = std::make_unique<std::ofstream>(path, std::ios::trunc);
  if (!*file_) throw UsageError(path + ": cannot open for writing");
}

void RecordWriter::write(const Json& record) {
  std::ostream& stream = file_ ? static_cast<std::ostream&>(*file_) : std::cout;
  stream << record.dump() << '\n';
  if (!stream) throw UsageError((path_.empty() ? std::string("standard output") : path_) + ": write failed");
}

void progress(bool quiet, const std::string& line) {
  if (!quiet) std::cerr << line << std::endl;
}

}  // namespace bnlab::cli
