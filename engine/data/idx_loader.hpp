#pragma once
// MNIST-format IDX files (yann.lecun.com/exdb/mnist, "FILE FORMATS"): big-endian headers,
//   images: magic 0x00000803 (unsigned bytes, 3 dimensions), count, rows, cols, then
//           count·rows·cols pixels;
//   labels: magic 0x00000801 (unsigned bytes, 1 dimension), count, then count labels.
// Gzipped files (the usual *.gz downloads) are not read: decompress them first.
//
//   Dataset train = load_idx_files("train-images-idx3-ubyte", "train-labels-idx1-ubyte", 0);
//   // train.inputs is (60000, 784) with raw pixel values 0..255, train.num_classes == 10
//
// Pixels stay raw (0..255, input_range_max = 255); scaling is the preprocessing step's job.
// num_classes is always 10: taking max label + 1 would silently shrink the output layer of a
// subset that happens to miss a class, so labels above 9 are rejected instead.
// Every problem throws bnlab::DataError naming the file (or the in-memory source).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.hpp"

namespace bnlab {

constexpr std::size_t idx_num_classes = 10;
// More pixel bytes than this is refused before anything is allocated (MNIST's train set is
// 47,040,000).
constexpr std::uint64_t idx_max_pixel_bytes = 100'000'000;

// Reads whole IDX files already in memory (the WebAssembly build fetches them). Messages name
// the sources "<name> images" and "<name> labels". limit = 0 keeps every sample, otherwise the
// first `limit`.
Dataset load_idx(const std::vector<std::uint8_t>& image_bytes,
                 const std::vector<std::uint8_t>& label_bytes, const std::string& name,
                 std::size_t limit);

// Reads the files at two paths; only the bytes of the samples kept are read. The dataset is
// named after the images path; messages name the file concerned.
Dataset load_idx_files(const std::string& images_path, const std::string& labels_path,
                       std::size_t limit);

}  // namespace bnlab
