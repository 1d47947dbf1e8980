#include "data/data_folder.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/errors.hpp"
#include "data/idx_loader.hpp"

namespace bnlab {

namespace {

std::string file_name(const std::string& set, const std::string& part, const char* kind) {
  return set + "/" + part + "-" + kind + ".idx";
}

}  // namespace

Dataset DataFolder::load_part(const std::string& set, const std::string& part, std::size_t limit) const {
  const std::string images = folder_ + "/" + file_name(set, part, "images");
  const std::string labels = folder_ + "/" + file_name(set, part, "labels");
  for (const std::string& path : {images, labels}) {
    if (!std::ifstream(path)) {
      throw DataError(set + ": " + path + " is missing; build the datasets with `node scripts/build-data.mjs` "
                      "(npm test and npm start do it), or point BNLAB_DATA_DIR at a folder that has them");
    }
  }
  Dataset dataset = load_idx_files(images, labels, limit);
  dataset.name = set + " " + part;
  return dataset;
}

std::string data_folder_beside_executable() {
#if defined(__EMSCRIPTEN__)
  return "/data";  // the module's in-memory file system, where the page writes the files
#else
  // build/<any build folder>/bnlab → build/data: nothing is compiled in, so a build folder
  // other than build/native (the sanitizer build, a copy) finds the same datasets.
  std::error_code error;
  const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "build/data";
  return (executable.parent_path().parent_path() / "data").string();
#endif
}

const DataFolder& default_data_folder() {
  const char* const from_environment = std::getenv("BNLAB_DATA_DIR");
  static const DataFolder folder(from_environment != nullptr && *from_environment != '\0'
                                     ? std::string(from_environment)
                                     : data_folder_beside_executable());
  return folder;
}

}  // namespace bnlab
