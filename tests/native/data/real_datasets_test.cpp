// The real datasets as scripts/build-data.mjs writes them (npm test builds them first):
// counts, label histograms, pixel ranges and known images' checksums.
#include <array>
#include <numeric>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "data/data_folder.hpp"

namespace bnlab {
namespace {

// The same folder the engine reads (BNLAB_DATA_DIR, which CTest sets, or build/data).
const DataFolder& data_folder = default_data_folder();

std::array<std::size_t, 10> label_histogram(const Dataset& dataset) {
  std::array<std::size_t, 10> counts{};
  for (const std::int32_t label : dataset.labels) ++counts.at(static_cast<std::size_t>(label));
  return counts;
}

double pixel_sum(const Dataset& dataset, std::size_t sample) {
  const Scalar* first = dataset.inputs.data() + sample * 784;
  return std::accumulate(first, first + 784, 0.0);
}

TEST(RealDatasets, MnistFromTheNpmPackage) {
  const Dataset train = data_folder.load_part("mnist", "train", 0);
  const Dataset test = data_folder.load_part("mnist", "test", 0);
  // The package holds 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 images of the
  // digits 0..9; the last ⌊20 %⌋ of each digit is the test set.
  const std::array<std::size_t, 10> per_digit{1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
  std::array<std::size_t, 10> expected_test{};
  std::array<std::size_t, 10> expected_train{};
  for (std::size_t digit = 0; digit < 10; ++digit) {
    expected_test[digit] = per_digit[digit] / 5;
    expected_train[digit] = per_digit[digit] - expected_test[digit];
  }
  EXPECT_EQ(train.size(), 8004u);
  EXPECT_EQ(test.size(), 1996u);
  EXPECT_EQ(label_histogram(train), expected_train);
  EXPECT_EQ(label_histogram(test), expected_test);
  EXPECT_EQ(train.sample_shape(), Shape{784});
  EXPECT_EQ(train.num_classes, 10u);
  EXPECT_EQ(*std::min_element(train.inputs.begin(), train.inputs.end()), 0.0f);
  EXPECT_EQ(*std::max_element(train.inputs.begin(), train.inputs.end()), 255.0f);
  // Round-robin order: train starts 0, 1, 2, ..., 9, 0, 1, ...
  for (std::size_t index = 0; index < 20; ++index) EXPECT_EQ(train.labels[index], int(index % 10));
  // Checksums from the package's JSON: Σ round(255·v) over the first image of digit 0 is
  // 31095 (176 non-zero pixels), of digit 1 is 17135; the first test image is the 801st
  // zero, sum 29098.
  EXPECT_EQ(pixel_sum(train, 0), 31095.0);
  EXPECT_EQ(pixel_sum(train, 1), 17135.0);
  EXPECT_EQ(pixel_sum(test, 0), 29098.0);
  EXPECT_EQ(std::count_if(train.inputs.begin(), train.inputs.begin() + 784, [](Scalar v) { return v > 0; }), 176);
}

TEST(RealDatasets, FashionMnistFromDebian) {
  const Dataset train = data_folder.load_part("fashion-mnist", "train", 5000);
  EXPECT_EQ(train.size(), 5000u);
  // The first 5000 training images of the original file hold these many of each class
  // (T-shirt, trouser, ..., ankle boot), counted from Debian's train-labels-idx1-ubyte.gz.
  const std::array<std::size_t, 10> expected{457, 556, 504, 501, 488, 493, 493, 512, 490, 506};
  EXPECT_EQ(label_histogram(train), expected);
  EXPECT_EQ(train.labels[0], 9);  // the first image is an ankle boot
  EXPECT_EQ(pixel_sum(train, 0), 76247.0);
  const Dataset test = data_folder.load_part("fashion-mnist", "test", 0);
  EXPECT_EQ(test.size(), 10000u);
  const Dataset full_train = data_folder.load_part("fashion-mnist", "train", 0);
  EXPECT_EQ(full_train.size(), 60000u);
}

TEST(RealDatasets, AMissingFolderSaysHowToBuildTheData) {
  const DataFolder empty("/nonexistent-bnlab-data");
  try {
    empty.load_part("mnist", "train", 0);
    FAIL();
  } catch (const DataError& error) {
    EXPECT_EQ(std::string(error.what()).rfind("mnist: /nonexistent-bnlab-data/mnist/train-images.idx is missing; "
                                              "build the datasets with `node scripts/build-data.mjs`", 0),
              0u)
        << error.what();
  }
}

}  // namespace
}  // namespace bnlab
