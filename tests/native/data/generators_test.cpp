// The seeded toy datasets: sizes, class balance, determinism, the geometry each one promises
// (checked with noise 0, where it is exact), and argument validation.

#include "data/generators.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>
#include <xtensor/xio.hpp>

#include "core/errors.hpp"
#include "support/error_message.hpp"

namespace bnlab {
namespace {

using testing::error_message;

constexpr double pi = 3.14159265358979323846;
constexpr double float_tolerance = 1e-5;  // coordinates are rounded to float

std::map<std::int32_t, std::size_t> label_counts(const Dataset& dataset) {
  std::map<std::int32_t, std::size_t> counts;
  for (const std::int32_t label : dataset.labels) ++counts[label];
  return counts;
}

double radius(const Dataset& dataset, std::size_t sample) {
  return std::hypot(static_cast<double>(dataset.inputs(sample, 0)),
                    static_cast<double>(dataset.inputs(sample, 1)));
}

// Mean and biased standard deviation of one input column over the samples with `label`
// (all samples when label < 0).
std::pair<double, double> column_statistics(const Dataset& dataset, std::size_t column,
                                            std::int32_t label = -1) {
  double sum = 0.0;
  double sum_of_squares = 0.0;
  std::size_t count = 0;
  for (std::size_t sample = 0; sample < dataset.size(); ++sample) {
    if (label >= 0 && dataset.labels[sample] != label) continue;
    const double value = dataset.inputs(sample, column);
    sum += value;
    sum_of_squares += value * value;
    ++count;
  }
  const double mean = sum / static_cast<double>(count);
  return {mean, std::sqrt(sum_of_squares / static_cast<double>(count) - mean * mean)};
}

// Every generator, called with a seed, in a form the determinism test can loop over.
const std::vector<std::pair<std::string, std::function<Dataset(std::uint64_t)>>>& all_generators() {
  static const std::vector<std::pair<std::string, std::function<Dataset(std::uint64_t)>>>
      generators{
          {"spirals", [](std::uint64_t seed) { return make_spirals(90, 3, 0.2, seed); }},
          {"circles", [](std::uint64_t seed) { return make_circles(90, 0.1, seed); }},
          {"xor", [](std::uint64_t seed) { return make_xor(90, 0.0, seed); }},
          {"blobs", [](std::uint64_t seed) { return make_blobs(90, 3, 4, 0.0, seed); }},
          {"moons", [](std::uint64_t seed) { return make_moons(90, 0.1, seed); }},
          {"scaled_regression",
           [](std::uint64_t seed) { return make_scaled_regression(90, 1.0, seed); }},
      };
  return generators;
}

TEST(Generators, SameSeedGivesIdenticalDataAndADifferentSeedDifferentData) {
  for (const auto& [name, generate] : all_generators()) {
    SCOPED_TRACE(name);
    const Dataset first = generate(42);
    const Dataset again = generate(42);
    const Dataset other = generate(43);
    EXPECT_EQ(first.name, name);
    EXPECT_EQ(first.inputs, again.inputs);
    EXPECT_EQ(first.labels, again.labels);
    EXPECT_EQ(first.targets, again.targets);
    EXPECT_NE(first.inputs, other.inputs);
  }
}

TEST(Generators, ClassificationSetsHaveTheirSizeAndBalancedClasses) {
  const Dataset spirals = make_spirals(301, 3, 0.2, 1);
  EXPECT_EQ(shape_of(spirals.inputs), (Shape{301, 2}));
  EXPECT_EQ(spirals.num_classes, 3u);
  EXPECT_EQ(label_counts(spirals),
            (std::map<std::int32_t, std::size_t>{{0, 101}, {1, 100}, {2, 100}}));

  const Dataset blobs = make_blobs(1001, 4, 5, 0.0, 1);
  EXPECT_EQ(shape_of(blobs.inputs), (Shape{1001, 5}));
  EXPECT_EQ(blobs.num_classes, 4u);
  EXPECT_EQ(label_counts(blobs),
            (std::map<std::int32_t, std::size_t>{{0, 251}, {1, 250}, {2, 250}, {3, 250}}));

  for (const Dataset& two_class : {make_circles(100, 0.1, 1), make_moons(100, 0.1, 1)}) {
    SCOPED_TRACE(two_class.name);
    EXPECT_EQ(shape_of(two_class.inputs), (Shape{100, 2}));
    EXPECT_EQ(two_class.num_classes, 2u);
    EXPECT_EQ(label_counts(two_class), (std::map<std::int32_t, std::size_t>{{0, 50}, {1, 50}}));
  }
}

TEST(Generators, SpiralArmsFollowTheirFormula) {
  // Without noise, sample i of class j = i % 3 is the k = i / 3-th of its 40 points:
  // t = k/39, angle = 2π·j/3 + 4t, point = t·(sin angle, cos angle).
  const Dataset spirals = make_spirals(120, 3, 0.0, 5);
  for (std::size_t sample = 0; sample < 120; ++sample) {
    const double t = static_cast<double>(sample / 3) / 39.0;
    const double angle = 2.0 * pi * static_cast<double>(sample % 3) / 3.0 + 4.0 * t;
    EXPECT_NEAR(spirals.inputs(sample, 0), t * std::sin(angle), float_tolerance) << sample;
    EXPECT_NEAR(spirals.inputs(sample, 1), t * std::cos(angle), float_tolerance) << sample;
  }
  // Noise turns the points along the arm (angle) but keeps their radius t.
  const Dataset noisy = make_spirals(120, 3, 0.3, 5);
  std::size_t moved = 0;
  for (std::size_t sample = 0; sample < 120; ++sample) {
    EXPECT_NEAR(radius(noisy, sample), radius(spirals, sample), float_tolerance) << sample;
    if (std::abs(noisy.inputs(sample, 0) - spirals.inputs(sample, 0)) > 1e-3) ++moved;
  }
  EXPECT_GT(moved, 100u);
}

TEST(Generators, CirclesHaveRadiusOneOutsideAndOneHalfInside) {
  const Dataset clean = make_circles(200, 0.0, 3);
  for (std::size_t sample = 0; sample < 200; ++sample) {
    const double expected = clean.labels[sample] == 0 ? 1.0 : 0.5;
    EXPECT_NEAR(radius(clean, sample), expected, float_tolerance) << sample;
  }
  const Dataset noisy = make_circles(2000, 0.1, 3);
  double off_circle = 0.0;
  for (std::size_t sample = 0; sample < 2000; ++sample) {
    const double expected = noisy.labels[sample] == 0 ? 1.0 : 0.5;
    off_circle += std::abs(radius(noisy, sample) - expected);
  }
  // For 2-D noise of std 0.1 the mean radial error is about 0.08.
  EXPECT_GT(off_circle / 2000.0, 0.05);
  EXPECT_LT(off_circle / 2000.0, 0.11);
}

TEST(Generators, XorLabelsFollowTheSignsOfUniformPoints) {
  const Dataset xor_set = make_xor(4000, 0.0, 9);
  std::size_t ones = 0;
  std::map<std::pair<bool, bool>, std::size_t> quadrants;
  for (std::size_t sample = 0; sample < 4000; ++sample) {
    const Scalar x = xor_set.inputs(sample, 0);
    const Scalar y = xor_set.inputs(sample, 1);
    ASSERT_GE(x, -1);
    ASSERT_LT(x, 1);
    ASSERT_GE(y, -1);
    ASSERT_LT(y, 1);
    EXPECT_EQ(xor_set.labels[sample], (x >= 0) != (y >= 0) ? 1 : 0) << sample;
    ones += static_cast<std::size_t>(xor_set.labels[sample]);
    ++quadrants[{x >= 0, y >= 0}];
  }
  // Balanced in expectation: 2000 ± 32 (one standard deviation).
  EXPECT_GT(ones, 1850u);
  EXPECT_LT(ones, 2150u);
  for (const auto& [quadrant, count] : quadrants) EXPECT_GT(count, 850u);
  EXPECT_EQ(quadrants.size(), 4u);
}

TEST(Generators, BlobsHaveUnitSpreadPlusNoiseAroundCentresInTheBox) {
  for (const double noise : {0.0, 1.0}) {
    SCOPED_TRACE(noise);
    const Dataset blobs = make_blobs(2000, 4, 3, noise, 17);
    for (std::int32_t label = 0; label < 4; ++label) {
      for (std::size_t feature = 0; feature < 3; ++feature) {
        const auto [mean, spread] = column_statistics(blobs, feature, label);
        EXPECT_GE(mean, -5.3);  // centre in [-5, 5], mean of 500 points within ~0.1 of it
        EXPECT_LE(mean, 5.3);
        EXPECT_NEAR(spread, 1.0 + noise, 0.1 * (1.0 + noise));
      }
    }
  }
  // Different classes really sit in different places.
  const Dataset blobs = make_blobs(2000, 2, 1, 0.0, 17);
  const double centre_gap =
      std::abs(column_statistics(blobs, 0, 0).first - column_statistics(blobs, 0, 1).first);
  EXPECT_GT(centre_gap, 0.1);
}

TEST(Generators, MoonsLieOnTheirTwoHalfCircles) {
  const Dataset moons = make_moons(100, 0.0, 2);
  for (std::size_t sample = 0; sample < 100; ++sample) {
    const double x = moons.inputs(sample, 0);
    const double y = moons.inputs(sample, 1);
    if (moons.labels[sample] == 0) {  // upper half of the unit circle
      EXPECT_NEAR(std::hypot(x, y), 1.0, float_tolerance) << sample;
      EXPECT_GE(y, -float_tolerance) << sample;
    } else {  // lower half of the unit circle around (1, 0.5)
      EXPECT_NEAR(std::hypot(x - 1.0, y - 0.5), 1.0, float_tolerance) << sample;
      EXPECT_LE(y, 0.5 + float_tolerance) << sample;
    }
  }
  // The ends of each half circle: t = 0 and t = π.
  EXPECT_NEAR(moons.inputs(0, 0), 1.0, float_tolerance);
  EXPECT_NEAR(moons.inputs(98, 0), -1.0, float_tolerance);
  EXPECT_NEAR(moons.inputs(1, 0), 0.0, float_tolerance);
  EXPECT_NEAR(moons.inputs(99, 0), 2.0, float_tolerance);
}

TEST(Generators, ScaledRegressionFollowsThePriceFormula) {
  const Dataset cars = make_scaled_regression(500, 0.0, 4);
  EXPECT_EQ(cars.task, TaskKind::regression);
  ASSERT_EQ(shape_of(cars.inputs), (Shape{500, 3}));
  ASSERT_EQ(shape_of(cars.targets), (Shape{500, 1}));
  EXPECT_EQ(cars.output_width(), 1u);
  std::map<Scalar, std::size_t> engine_counts;
  for (std::size_t sample = 0; sample < 500; ++sample) {
    const double miles = cars.inputs(sample, 0);
    const double age = cars.inputs(sample, 1);
    const double engines = cars.inputs(sample, 2);
    ASSERT_GE(miles, 0.0);
    ASSERT_LE(miles, 100000.0);
    ASSERT_GE(age, 18.0);
    ASSERT_LE(age, 80.0);
    ++engine_counts[cars.inputs(sample, 2)];
    const double price = 30000.0 - 0.15 * miles - 120.0 * (age - 18.0) + 2000.0 * engines;
    EXPECT_NEAR(cars.targets(sample, 0), price, 0.01) << sample;  // float rounding of ~3e4
  }
  EXPECT_EQ(engine_counts.size(), 4u);
  EXPECT_EQ(engine_counts.begin()->first, 1);
  EXPECT_EQ(engine_counts.rbegin()->first, 4);
}

TEST(Generators, ScaledRegressionFeaturesDifferByOrdersOfMagnitude) {
  const Dataset cars = make_scaled_regression(2000, 1.0, 4);
  const double miles_spread = column_statistics(cars, 0).second;    // ≈ 100000/√12 ≈ 28868
  const double age_spread = column_statistics(cars, 1).second;      // ≈ 62/√12 ≈ 17.9
  const double engines_spread = column_statistics(cars, 2).second;  // ≈ √(15/12) ≈ 1.12
  EXPECT_GT(miles_spread / age_spread, 1000.0);
  EXPECT_GT(age_spread / engines_spread, 10.0);
  EXPECT_GT(miles_spread / engines_spread, 10000.0);

  // Noise 1 adds price noise of standard deviation 1000.
  double squared_residual = 0.0;
  for (std::size_t sample = 0; sample < 2000; ++sample) {
    const double clean = 30000.0 - 0.15 * cars.inputs(sample, 0) -
                         120.0 * (cars.inputs(sample, 1) - 18.0) + 2000.0 * cars.inputs(sample, 2);
    const double residual = cars.targets(sample, 0) - clean;
    squared_residual += residual * residual;
  }
  EXPECT_NEAR(std::sqrt(squared_residual / 2000.0), 1000.0, 60.0);
}

TEST(Generators, RejectBadArgumentsNamingGeneratorAndField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(error_message<DataError>([] { make_spirals(10, 1, 0.1, 0); }),
            "spirals: classes must be at least 2, got 1");
  EXPECT_EQ(error_message<DataError>([] { make_spirals(100, 11, 0.1, 0); }),
            "spirals: classes must be at most 10, got 11");
  EXPECT_EQ(error_message<DataError>([] { make_spirals(2, 3, 0.1, 0); }),
            "spirals: samples must be at least 3 so that every class has a sample, got 2");
  EXPECT_EQ(error_message<DataError>([] { make_circles(0, 0.1, 0); }),
            "circles: samples must be between 1 and 10000000, got 0");
  EXPECT_EQ(error_message<DataError>([] { make_xor(10'000'001, 0.1, 0); }),
            "xor: samples must be between 1 and 10000000, got 10000001");
  EXPECT_EQ(error_message<DataError>([&] { make_moons(10, nan, 0); }),
            "moons: noise must be a finite number >= 0, got nan");
  EXPECT_EQ(error_message<DataError>([] { make_scaled_regression(10, -0.5, 0); }),
            "scaled_regression: noise must be a finite number >= 0, got -0.5");
  EXPECT_EQ(error_message<DataError>([] { make_blobs(1000, 101, 2, 0.1, 0); }),
            "blobs: classes must be at most 100, got 101");
  EXPECT_EQ(error_message<DataError>([] { make_blobs(1000, 3, 0, 0.1, 0); }),
            "blobs: features must be between 1 and 1000, got 0");
  EXPECT_EQ(error_message<DataError>([] { make_blobs(10'000'000, 3, 1000, 0.1, 0); }),
            "blobs: samples × features = 10000000 × 1000 exceeds the limit of 100000000 values");
}

}  // namespace
}  // namespace bnlab
