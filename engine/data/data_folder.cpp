#include "data/data_folder.hpp"

#include <cstdlib>
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

const DataFolder& default_data_folder() {
#if defined(BNLAB_DEFAULT_DATA_DIR)
  const char* const built_in = BNLAB_DEFAULT_DATA_DIR;
#else
  const char* const built_in = "/data";
#endif
  const char* const from_environment = std::getenv("BNLAB_DATA_DIR");
  static const DataFolder folder(from_environment != nullptr ? from_environment : built_in);
  return folder;
}

}  // namespace bnlab
