// The "stripes" image generator: shape, class balance, determinism, and (with noise 0, where
// it is exact) the promised segment of each class.
#include <cmath>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "data/generators.hpp"
#include "support/error_message.hpp"

namespace bnlab {
namespace {

using testing::error_message;

struct Pixel {
  std::size_t row;
  std::size_t column;
};

std::vector<Pixel> lit_pixels(const Dataset& dataset, std::size_t sample, std::size_t size) {
  std::vector<Pixel> pixels;
  for (std::size_t row = 0; row < size; ++row) {
    for (std::size_t column = 0; column < size; ++column) {
      const Scalar value = dataset.inputs(sample, 0, row, column);
      EXPECT_TRUE(value == 0.0f || value == 1.0f) << "noise 0 leaves only 0 and 1";
      if (value == 1.0f) pixels.push_back({row, column});
    }
  }
  return pixels;
}

TEST(Stripes, ImagesAreOneChannelAndClassesTakeTurns) {
  const Dataset dataset = make_stripes(41, 4, 12, 0.3, 5);
  EXPECT_EQ(dataset.name, "stripes");
  EXPECT_EQ(dataset.task, TaskKind::classification);
  EXPECT_EQ(dataset.num_classes, 4u);
  EXPECT_EQ(dataset.sample_shape(), (Shape{1, 12, 12}));
  ASSERT_EQ(dataset.labels.size(), 41u);
  for (std::size_t sample = 0; sample < 41; ++sample) EXPECT_EQ(dataset.labels[sample], std::int32_t(sample % 4));
  EXPECT_EQ(dataset.inputs, make_stripes(41, 4, 12, 0.3, 5).inputs);  // same seed, same images
  EXPECT_NE(dataset.inputs, make_stripes(41, 4, 12, 0.3, 6).inputs);
}

TEST(Stripes, EachClassIsASegmentOfItsOrientation) {
  const std::size_t size = 9;
  const Dataset dataset = make_stripes(400, 4, size, 0.0, 11);
  std::size_t shortest = size;
  std::size_t longest = 0;
  for (std::size_t sample = 0; sample < 400; ++sample) {
    const std::vector<Pixel> pixels = lit_pixels(dataset, sample, size);
    const std::size_t length = pixels.size();
    ASSERT_GE(length, 5u) << sample;  // ⌈9/2⌉ = 5
    ASSERT_LE(length, size) << sample;
    shortest = std::min(shortest, length);
    longest = std::max(longest, length);
    // Row-major order: consecutive pixels of the segment differ by this (Δrow, Δcolumn).
    const int expected_row_step = dataset.labels[sample] == 0 ? 0 : 1;
    const int expected_column_step = dataset.labels[sample] == 0 ? 1 : dataset.labels[sample] == 1 ? 0
                                     : dataset.labels[sample] == 2 ? 1 : -1;
    for (std::size_t index = 1; index < length; ++index) {
      EXPECT_EQ(int(pixels[index].row) - int(pixels[index - 1].row), expected_row_step) << sample;
      EXPECT_EQ(int(pixels[index].column) - int(pixels[index - 1].column), expected_column_step) << sample;
    }
  }
  EXPECT_EQ(shortest, 5u);  // every length in 5..9 occurs over 400 samples
  EXPECT_EQ(longest, 9u);
}

TEST(Stripes, NoiseIsAddedToEveryPixel) {
  const Dataset clean = make_stripes(200, 2, 8, 0.0, 3);
  const Dataset noisy = make_stripes(200, 2, 8, 0.5, 3);
  // Same segments (the noise draws come after each image's segment draws), plus N(0, 0.25).
  double sum = 0.0;
  double squares = 0.0;
  for (std::size_t index = 0; index < clean.inputs.size(); ++index) {
    const double difference = double(noisy.inputs.data()[index]) - clean.inputs.data()[index];
    sum += difference;
    squares += difference * difference;
  }
  const double count = static_cast<double>(clean.inputs.size());  // 12 800 draws
  EXPECT_NEAR(sum / count, 0.0, 0.02);
  EXPECT_NEAR(std::sqrt(squares / count), 0.5, 0.01);
}

TEST(Stripes, BadArgumentsAreNamed) {
  EXPECT_EQ(error_message<DataError>([] { make_stripes(10, 5, 12, 0.0, 1); }), "stripes: classes must be at most 4, got 5");
  EXPECT_EQ(error_message<DataError>([] { make_stripes(10, 1, 12, 0.0, 1); }), "stripes: classes must be at least 2, got 1");
  EXPECT_EQ(error_message<DataError>([] { make_stripes(10, 4, 3, 0.0, 1); }), "stripes: size must be between 4 and 64, got 3");
  EXPECT_EQ(error_message<DataError>([] { make_stripes(3, 4, 12, 0.0, 1); }),
            "stripes: samples must be at least 4 so that every class has a sample, got 3");
  EXPECT_EQ(error_message<DataError>([] { make_stripes(10, 4, 12, -1.0, 1); }),
            "stripes: noise must be a finite number >= 0, got -1");
}

}  // namespace
}  // namespace bnlab
