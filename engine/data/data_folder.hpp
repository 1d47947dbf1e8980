#pragma once
// Where the real datasets' IDX files come from: a folder. Natively build/data (made by
// scripts/build-data.mjs; the BNLAB_DATA_DIR environment variable overrides). In WebAssembly
// /data in the module's in-memory file system, where the page writes the bytes it fetched.
// Files are named "<set>/<part>-images.idx" and "<set>/<part>-labels.idx", e.g.
// "mnist/train-images.idx" (docs/DATASETS.md).

#include <string>

#include "data/dataset.hpp"

namespace bnlab {

class DataFolder {
 public:
  explicit DataFolder(std::string folder) : folder_(std::move(folder)) {}
  // Loads one part ("train" or "test") of a set ("mnist", "fashion-mnist"); limit 0 = all.
  Dataset load_part(const std::string& set, const std::string& part, std::size_t limit) const;

 private:
  std::string folder_;
};

// The folder named by the BNLAB_DATA_DIR environment variable, or else natively the "data"
// folder beside the executable's build folder (build/native/bnlab → build/data), and /data in
// WebAssembly. Nothing is compiled in.
const DataFolder& default_data_folder();

}  // namespace bnlab
