// split_dataset (sizes, determinism, order, errors) and preprocess (each transform, statistics
// from the train split only).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>
#include <xtensor/xio.hpp>

#include "core/errors.hpp"
#include "data/dataset_spec.hpp"
#include "support/error_message.hpp"

namespace bnlab {
namespace {

using testing::error_message;

// `samples` samples of 2 features; inputs(i, 0) = i identifies the sample, inputs(i, 1) = 2i + 1.
Dataset identified_samples(std::size_t samples) {
  Dataset dataset;
  dataset.name = "identified";
  dataset.task = TaskKind::classification;
  dataset.num_classes = 3;
  dataset.inputs = Tensor::from_shape({samples, 2});
  for (std::size_t sample = 0; sample < samples; ++sample) {
    dataset.inputs(sample, 0) = static_cast<Scalar>(sample);
    dataset.inputs(sample, 1) = static_cast<Scalar>(2 * sample + 1);
    dataset.labels.push_back(static_cast<std::int32_t>(sample % 3));
  }
  return dataset;
}

std::vector<std::size_t> sample_ids(const Dataset& part) {
  std::vector<std::size_t> ids;
  for (std::size_t row = 0; row < part.size(); ++row) {
    ids.push_back(static_cast<std::size_t>(part.inputs(row, 0)));
  }
  return ids;
}

std::vector<std::size_t> range_of_ids(std::size_t begin, std::size_t end) {
  std::vector<std::size_t> ids;
  for (std::size_t id = begin; id < end; ++id) ids.push_back(id);
  return ids;
}

SplitPart count_part(std::size_t count) {
  SplitPart part;
  part.is_fraction = false;
  part.count = count;
  return part;
}

SplitPart fraction_part(double fraction) {
  SplitPart part;
  part.is_fraction = true;
  part.fraction = fraction;
  return part;
}

SplitSpec split_spec(SplitPart validation, SplitPart test, bool shuffle) {
  SplitSpec spec;
  spec.validation = validation;
  spec.test = test;
  spec.shuffle = shuffle;
  return spec;
}

// Mean and biased standard deviation of one input column.
std::pair<double, double> column_statistics(const Dataset& dataset, std::size_t column) {
  double sum = 0.0;
  for (std::size_t row = 0; row < dataset.size(); ++row) sum += dataset.inputs(row, column);
  const double mean = sum / static_cast<double>(dataset.size());
  double squared = 0.0;
  for (std::size_t row = 0; row < dataset.size(); ++row) {
    const double deviation = dataset.inputs(row, column) - mean;
    squared += deviation * deviation;
  }
  return {mean, std::sqrt(squared / static_cast<double>(dataset.size()))};
}

// ---- split ----------------------------------------------------------------------------------

TEST(Split, CountsGiveExactSizes) {
  const DatasetSplits splits =
      split_dataset(identified_samples(100), split_spec(count_part(20), count_part(10), true), 1);
  EXPECT_EQ(splits.train.size(), 70u);
  EXPECT_EQ(splits.validation.size(), 20u);
  EXPECT_EQ(splits.test.size(), 10u);
  EXPECT_EQ(splits.train.labels.size(), 70u);
  EXPECT_EQ(splits.test.num_classes, 3u);
  EXPECT_EQ(splits.train.name, "identified (train)");
  EXPECT_EQ(splits.test.name, "identified (test)");
}

TEST(Split, FractionsRoundToTheNearestCount) {
  // 0.25 of 10 = 2.5 → 3 (halves round away from zero); 0.14 of 10 = 1.4 → 1.
  const DatasetSplits splits = split_dataset(
      identified_samples(10), split_spec(fraction_part(0.25), fraction_part(0.14), true), 1);
  EXPECT_EQ(splits.validation.size(), 3u);
  EXPECT_EQ(splits.test.size(), 1u);
  EXPECT_EQ(splits.train.size(), 6u);

  const DatasetSplits no_holdout = split_dataset(
      identified_samples(10), split_spec(fraction_part(0.0), fraction_part(0.0), true), 1);
  EXPECT_EQ(no_holdout.train.size(), 10u);
  EXPECT_EQ(no_holdout.validation.size(), 0u);
  EXPECT_EQ(no_holdout.test.size(), 0u);
}

TEST(Split, ShuffleUsesEverySampleOnceAndDependsOnlyOnTheSeed) {
  const Dataset all = identified_samples(100);
  const SplitSpec spec = split_spec(count_part(20), count_part(10), true);
  const DatasetSplits first = split_dataset(all, spec, 7);
  const DatasetSplits again = split_dataset(all, spec, 7);
  const DatasetSplits other = split_dataset(all, spec, 8);

  EXPECT_EQ(first.train.inputs, again.train.inputs);
  EXPECT_EQ(first.validation.inputs, again.validation.inputs);
  EXPECT_EQ(first.test.labels, again.test.labels);
  EXPECT_NE(sample_ids(first.train), sample_ids(other.train));
  EXPECT_NE(sample_ids(first.train), range_of_ids(0, 70));  // really shuffled

  std::vector<std::size_t> every_id = sample_ids(first.train);
  for (const Dataset* part : {&first.validation, &first.test}) {
    const std::vector<std::size_t> ids = sample_ids(*part);
    every_id.insert(every_id.end(), ids.begin(), ids.end());
  }
  std::sort(every_id.begin(), every_id.end());
  EXPECT_EQ(every_id, range_of_ids(0, 100));

  // Rows stay whole: feature 1 and the label still belong to the sample id in feature 0.
  for (std::size_t row = 0; row < first.train.size(); ++row) {
    const auto id = static_cast<std::size_t>(first.train.inputs(row, 0));
    EXPECT_EQ(first.train.inputs(row, 1), static_cast<Scalar>(2 * id + 1));
    EXPECT_EQ(first.train.labels[row], static_cast<std::int32_t>(id % 3));
  }
}

TEST(Split, WithoutShuffleKeepsTheOrderTrainThenValidationThenTest) {
  const DatasetSplits splits =
      split_dataset(identified_samples(100), split_spec(count_part(20), count_part(10), false), 7);
  EXPECT_EQ(sample_ids(splits.train), range_of_ids(0, 70));
  EXPECT_EQ(sample_ids(splits.validation), range_of_ids(70, 90));
  EXPECT_EQ(sample_ids(splits.test), range_of_ids(90, 100));
}

TEST(Split, RejectsPartsThatLeaveNoTrainingSample) {
  const Dataset all = identified_samples(100);
  EXPECT_EQ(
      error_message<DataError>([&] { split_dataset(all, split_spec(count_part(100), count_part(0), true), 1); }),
      "split.validation: 100 samples leave no training samples out of 100");
  EXPECT_EQ(
      error_message<DataError>([&] { split_dataset(all, split_spec(count_part(0), count_part(250), true), 1); }),
      "split.test: 250 samples leave no training samples out of 100");
  EXPECT_EQ(
      error_message<DataError>([&] { split_dataset(all, split_spec(count_part(60), count_part(40), true), 1); }),
      "split.test: validation (60) + test (40) samples leave no training samples out of 100");
  EXPECT_EQ(error_message<DataError>([&] {
              split_dataset(all, split_spec(fraction_part(0.5), fraction_part(0.5), true), 1);
            }),
            "split.test: validation (50) + test (50) samples leave no training samples out of 100");
  EXPECT_EQ(error_message<DataError>([&] {
              split_dataset(all, split_spec(fraction_part(1.5), count_part(0), true), 1);
            }),
            "split.validation: a fraction must be in [0, 1), got 1.5");
  EXPECT_EQ(error_message<DataError>([&] {
              split_dataset(all, split_spec(count_part(0), fraction_part(-0.1), true), 1);
            }),
            "split.test: a fraction must be in [0, 1), got -0.1");
  // 99 validation + 0 test leaves exactly one training sample: allowed.
  EXPECT_EQ(split_dataset(all, split_spec(count_part(99), count_part(0), true), 1).train.size(),
            1u);
}

// ---- preprocess -----------------------------------------------------------------------------

// Train = rows 0..7 (no shuffle), test = rows 8..9. Feature 0: 1..8 on train, then a test
// outlier of 1e6; feature 1: the constant 5 on train, 9 and -3 on test.
DatasetSplits splits_with_test_outlier() {
  Dataset all;
  all.name = "outlier";
  all.task = TaskKind::regression;
  all.inputs = Tensor::from_shape({10, 2});
  all.targets = Tensor::from_shape({10, 1});
  for (std::size_t row = 0; row < 8; ++row) {
    all.inputs(row, 0) = static_cast<Scalar>(row + 1);
    all.inputs(row, 1) = 5;
  }
  all.inputs(8, 0) = 1e6f;
  all.inputs(8, 1) = 9;
  all.inputs(9, 0) = 4;
  all.inputs(9, 1) = -3;
  for (std::size_t row = 0; row < 10; ++row) all.targets(row, 0) = static_cast<Scalar>(1000 * row);
  return split_dataset(all, split_spec(count_part(0), count_part(2), false), 0);
}

TEST(Preprocess, StandardizeUsesTrainStatisticsOnlySoATestOutlierCannotLeak) {
  DatasetSplits splits = splits_with_test_outlier();
  preprocess(splits, Preprocessing::standardize);

  // Train feature 0 is 1..8: mean 4.5, biased std √5.25. Had the outlier leaked into the
  // statistics, the train mean would be ~1e5 away from 0.
  const auto [train_mean, train_std] = column_statistics(splits.train, 0);
  EXPECT_NEAR(train_mean, 0.0, 1e-6);
  EXPECT_NEAR(train_std, 1.0, 1e-6);
  EXPECT_NEAR(splits.train.inputs(0, 0), (1.0 - 4.5) / std::sqrt(5.25), 1e-6);
  // The outlier is transformed with the train statistics and stays extreme.
  EXPECT_NEAR(splits.test.inputs(0, 0), (1e6 - 4.5) / std::sqrt(5.25), 1.0);
  EXPECT_NEAR(splits.test.inputs(1, 0), (4.0 - 4.5) / std::sqrt(5.25), 1e-6);

  // The constant train feature is only centred: 0 on train, test keeps its offset unscaled.
  for (std::size_t row = 0; row < 8; ++row) EXPECT_EQ(splits.train.inputs(row, 1), 0);
  EXPECT_EQ(splits.test.inputs(0, 1), 4);
  EXPECT_EQ(splits.test.inputs(1, 1), -8);

  // Targets are not preprocessed.
  EXPECT_EQ(splits.test.targets(0, 0), 8000);
  EXPECT_EQ(splits.train.targets(7, 0), 7000);
}

TEST(Preprocess, MinMaxMapsTheTrainRangeToZeroOne) {
  DatasetSplits splits = splits_with_test_outlier();
  preprocess(splits, Preprocessing::min_max);
  for (std::size_t row = 0; row < 8; ++row) {
    EXPECT_NEAR(splits.train.inputs(row, 0), static_cast<double>(row) / 7.0, 1e-6) << row;
    EXPECT_EQ(splits.train.inputs(row, 1), 0);  // constant feature → 0, no division by zero
  }
  // Test values use the train range and may leave [0, 1].
  EXPECT_NEAR(splits.test.inputs(0, 0), (1e6 - 1.0) / 7.0, 1.0);
  EXPECT_NEAR(splits.test.inputs(1, 0), 3.0 / 7.0, 1e-6);
  EXPECT_EQ(splits.test.inputs(0, 1), 4);
}

TEST(Preprocess, ScaleToUnitDividesByTheFormatRangeWhenKnown) {
  // Pixel-like data whose train split happens to reach only 170: still divided by 255.
  Dataset pixels = identified_samples(10);
  pixels.inputs *= Scalar{10};  // feature 0: 0..90, feature 1: 10..190
  pixels.inputs(9, 0) = 255;    // only in the test part
  pixels.input_range_max = 255.0;
  DatasetSplits splits = split_dataset(pixels, split_spec(count_part(0), count_part(1), false), 0);
  preprocess(splits, Preprocessing::scale_to_unit);
  EXPECT_NEAR(splits.train.inputs(8, 1), 170.0 / 255.0, 1e-6);
  EXPECT_NEAR(splits.test.inputs(0, 0), 1.0, 1e-6);
  EXPECT_EQ(splits.train.input_range_max, 0.0);  // no longer raw pixels
  EXPECT_EQ(splits.test.input_range_max, 0.0);
}

TEST(Preprocess, ScaleToUnitOtherwiseDividesByTheLargestTrainMagnitude) {
  DatasetSplits splits = splits_with_test_outlier();
  splits.train.inputs(3, 1) = -10;  // largest |x| on train, a negative value
  preprocess(splits, Preprocessing::scale_to_unit);
  // One factor, 1/10, for every feature: relative scales are kept.
  EXPECT_NEAR(splits.train.inputs(3, 1), -1.0, 1e-6);
  EXPECT_NEAR(splits.train.inputs(7, 0), 0.8, 1e-6);
  EXPECT_NEAR(splits.train.inputs(0, 1), 0.5, 1e-6);
  EXPECT_NEAR(splits.test.inputs(0, 0), 1e5, 1.0);
}

TEST(Preprocess, NoneChangesNothing) {
  DatasetSplits splits = splits_with_test_outlier();
  const Tensor train_before = splits.train.inputs;
  const Tensor test_before = splits.test.inputs;
  preprocess(splits, Preprocessing::none);
  EXPECT_EQ(splits.train.inputs, train_before);
  EXPECT_EQ(splits.test.inputs, test_before);
}

}  // namespace
}  // namespace bnlab
