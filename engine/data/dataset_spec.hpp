#pragma once
// What the experiment file's "dataset", "split" and "preprocessing" sections say, parsed and
// validated (engine/experiment). load_dataset turns it into data.

#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "data/dataset.hpp"

namespace bnlab {

enum class DatasetKind {
  inline_data,        // arrays written in the experiment file
  spirals,            // two (or more) interleaved spirals, 2-D
  circles,            // two concentric circles, 2-D
  xor_quadrants,      // XOR of the signs of x and y, 2-D
  blobs,              // Gaussian blobs, `features`-D
  moons,              // two interleaved half circles, 2-D
  scaled_regression,  // features on wildly different scales, known target function
  idx,                // MNIST-format IDX files from a path
  stripes,            // 1×size×size images of line segments, class = orientation
  mnist,              // real digits (docs/DATASETS.md), with their own test set
  fashion_mnist,      // real clothing images, with their own test set
};

struct DatasetSpec {
  DatasetKind kind = DatasetKind::spirals;
  // generators
  std::size_t samples = 0;
  double noise = 0.0;
  std::size_t classes = 2;
  std::size_t features = 2;  // blobs
  std::size_t image_size = 12;  // stripes: height = width
  // idx
  std::string images_path;   // resolved against the experiment file's folder
  std::string labels_path;
  std::size_t limit = 0;     // idx, mnist, fashion_mnist (training part): 0 = all samples
  std::size_t test_limit = 0;  // mnist, fashion_mnist: test images kept, 0 = all
  // inline
  TaskKind inline_task = TaskKind::classification;
  Tensor inline_inputs;
  std::vector<std::int32_t> inline_labels;
  Tensor inline_targets;
  std::size_t inline_classes = 0;
};

// A part of the split is either a count of samples or a fraction of the whole.
struct SplitPart {
  bool is_fraction = true;
  double fraction = 0.0;
  std::size_t count = 0;
};

struct SplitSpec {
  SplitPart validation;
  SplitPart test;
  bool shuffle = true;  // false keeps the given order: train first, then validation, then test
};

enum class Preprocessing { none, scale_to_unit, min_max, standardize };

// Builds the dataset a spec describes; generators draw from streams of `seed`. For the sets
// with their own test part (mnist, fashion_mnist) this is their training part.
Dataset load_dataset(const DatasetSpec& spec, std::uint64_t seed);

// True for mnist and fashion_mnist: their test part is fixed by the set, not by the split.
bool has_own_test_set(DatasetKind kind);

// Loads and splits. A set with its own test part keeps it as the test split, and
// split.validation is carved from its training part (split.test must then be empty).
DatasetSplits load_splits(const DatasetSpec& spec, const SplitSpec& split, std::uint64_t seed);

// Splits into train / validation / test (deterministic for a seed).
DatasetSplits split_dataset(const Dataset& all, const SplitSpec& spec, std::uint64_t seed);

// Applies preprocessing to all three parts, with statistics from the train part only.
void preprocess(DatasetSplits& splits, Preprocessing preprocessing);

}  // namespace bnlab
