// Dataset, gather_batch, select_samples and load_dataset (dispatch, inline validation, the
// non-finite check every loaded dataset goes through).

#include "data/dataset.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <xtensor/xio.hpp>

#include "core/errors.hpp"
#include "data/dataset_spec.hpp"
#include "data/generators.hpp"
#include "support/error_message.hpp"

namespace bnlab {
namespace {

using testing::error_message;

// 5 samples of 3 features; inputs(row, column) = 10·row + column, label = row % 2.
Dataset numbered_classification_set() {
  Dataset dataset;
  dataset.name = "numbered";
  dataset.task = TaskKind::classification;
  dataset.num_classes = 2;
  dataset.inputs = Tensor::from_shape({5, 3});
  for (std::size_t row = 0; row < 5; ++row) {
    for (std::size_t column = 0; column < 3; ++column) {
      dataset.inputs(row, column) = static_cast<Scalar>(10 * row + column);
    }
    dataset.labels.push_back(static_cast<std::int32_t>(row % 2));
  }
  return dataset;
}

// The same inputs as a regression set with target(row) = (-row, 100·row).
Dataset numbered_regression_set() {
  Dataset dataset = numbered_classification_set();
  dataset.task = TaskKind::regression;
  dataset.labels.clear();
  dataset.num_classes = 0;
  dataset.targets = Tensor::from_shape({5, 2});
  for (std::size_t row = 0; row < 5; ++row) {
    dataset.targets(row, 0) = -static_cast<Scalar>(row);
    dataset.targets(row, 1) = static_cast<Scalar>(100 * row);
  }
  return dataset;
}

void expect_row(const Tensor& batch_inputs, std::size_t batch_row, std::size_t source_row) {
  for (std::size_t column = 0; column < 3; ++column) {
    EXPECT_EQ(batch_inputs(batch_row, column), static_cast<Scalar>(10 * source_row + column))
        << "batch row " << batch_row << ", column " << column;
  }
}

TEST(Dataset, SampleShapeAndOutputWidth) {
  const Dataset classification = numbered_classification_set();
  EXPECT_EQ(classification.size(), 5u);
  EXPECT_EQ(classification.sample_shape(), (Shape{3}));
  EXPECT_EQ(classification.output_width(), 2u);
  const Dataset regression = numbered_regression_set();
  EXPECT_EQ(regression.output_width(), 2u);
}

TEST(GatherBatch, CopiesTheRowsAndLabelsOfTheOrderRange) {
  const Dataset source = numbered_classification_set();
  const std::vector<std::uint32_t> order{4, 0, 3, 1, 2};
  Batch batch;
  gather_batch(source, order, 1, 4, batch);  // samples 0, 3, 1
  ASSERT_EQ(shape_of(batch.inputs), (Shape{3, 3}));
  expect_row(batch.inputs, 0, 0);
  expect_row(batch.inputs, 1, 3);
  expect_row(batch.inputs, 2, 1);
  EXPECT_EQ(batch.labels, (std::vector<std::int32_t>{0, 1, 1}));
}

TEST(GatherBatch, KeepsItsBuffersWhenTheBatchSizeIsUnchanged) {
  const Dataset source = numbered_classification_set();
  const std::vector<std::uint32_t> order{4, 0, 3, 1, 2};
  Batch batch;
  gather_batch(source, order, 0, 2, batch);
  const Scalar* inputs_buffer = batch.inputs.data();
  const std::int32_t* labels_buffer = batch.labels.data();

  gather_batch(source, order, 2, 4, batch);  // samples 3, 1
  EXPECT_EQ(batch.inputs.data(), inputs_buffer);
  EXPECT_EQ(batch.labels.data(), labels_buffer);
  expect_row(batch.inputs, 0, 3);  // and the contents really are the new rows
  expect_row(batch.inputs, 1, 1);
  EXPECT_EQ(batch.labels, (std::vector<std::int32_t>{1, 1}));

  gather_batch(source, order, 4, 5, batch);  // a last, smaller batch resizes
  EXPECT_EQ(shape_of(batch.inputs), (Shape{1, 3}));
  expect_row(batch.inputs, 0, 2);
}

// copy_rows moves up to eight rows at a time, a cache line (16 floats) of each in turn: rows
// of 35 values (two whole lines and 3 left over) in a batch of 19 (two groups of eight and one
// of 3) from a reversed, offset order cover every part of that loop.
TEST(GatherBatch, CopiesWideRowsInGroupsOfEightAndTheRowsLeftOver) {
  constexpr std::size_t samples = 40, width = 35;
  Dataset source;
  source.name = "wide";
  source.task = TaskKind::classification;
  source.num_classes = 40;
  source.inputs = Tensor::from_shape({samples, width});
  for (std::size_t row = 0; row < samples; ++row) {
    for (std::size_t column = 0; column < width; ++column) {
      source.inputs(row, column) = static_cast<Scalar>(1000 * row + column);
    }
    source.labels.push_back(static_cast<std::int32_t>(row));
  }
  std::vector<std::uint32_t> order(samples);
  for (std::size_t position = 0; position < samples; ++position) {
    order[position] = static_cast<std::uint32_t>(samples - 1 - position);
  }
  Batch batch;
  gather_batch(source, order, 5, 24, batch);
  ASSERT_EQ(shape_of(batch.inputs), (Shape{19, width}));
  for (std::size_t batch_row = 0; batch_row < 19; ++batch_row) {
    const std::size_t source_row = order[5 + batch_row];
    EXPECT_EQ(batch.labels[batch_row], static_cast<std::int32_t>(source_row));
    for (std::size_t column = 0; column < width; ++column) {
      ASSERT_EQ(batch.inputs(batch_row, column), static_cast<Scalar>(1000 * source_row + column))
          << "batch row " << batch_row << ", column " << column;
    }
  }
}

TEST(GatherBatch, CopiesRegressionTargetsAndKeepsTheirBuffer) {
  const Dataset source = numbered_regression_set();
  const std::vector<std::uint32_t> order{2, 4, 1, 0, 3};
  Batch batch;
  gather_batch(source, order, 0, 2, batch);
  ASSERT_EQ(shape_of(batch.targets), (Shape{2, 2}));
  EXPECT_EQ(batch.targets(0, 0), -2);
  EXPECT_EQ(batch.targets(1, 1), 400);
  EXPECT_TRUE(batch.labels.empty());
  const Scalar* targets_buffer = batch.targets.data();
  gather_batch(source, order, 2, 4, batch);
  EXPECT_EQ(batch.targets.data(), targets_buffer);
  EXPECT_EQ(batch.targets(0, 1), 100);
  EXPECT_EQ(batch.targets(1, 0), 0);
}

TEST(GatherBatch, RejectsIndicesOutsideTheDatasetAndBadRanges) {
  const Dataset source = numbered_classification_set();
  Batch batch;
  EXPECT_THROW(gather_batch(source, {0, 5}, 0, 2, batch), UsageError);
  EXPECT_THROW(gather_batch(source, {0, 1}, 1, 3, batch), UsageError);
  EXPECT_THROW(gather_batch(source, {0, 1}, 2, 1, batch), UsageError);
}

TEST(SelectSamples, CopiesTheChosenSamplesAndTheDescription) {
  Dataset source = numbered_classification_set();
  source.input_range_max = 255.0;
  const Dataset selected = select_samples(source, {3, 0}, "picked");
  EXPECT_EQ(selected.name, "picked");
  EXPECT_EQ(selected.num_classes, 2u);
  EXPECT_EQ(selected.input_range_max, 255.0);
  ASSERT_EQ(shape_of(selected.inputs), (Shape{2, 3}));
  expect_row(selected.inputs, 0, 3);
  expect_row(selected.inputs, 1, 0);
  EXPECT_EQ(selected.labels, (std::vector<std::int32_t>{1, 0}));

  const Dataset none = select_samples(source, {}, "empty");
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.sample_shape(), (Shape{3}));
}

TEST(LoadDataset, DispatchesToTheGeneratorWithTheSeed) {
  DatasetSpec spec;
  spec.kind = DatasetKind::moons;
  spec.samples = 50;
  spec.noise = 0.1;
  const Dataset loaded = load_dataset(spec, 11);
  const Dataset direct = make_moons(50, 0.1, 11);
  EXPECT_EQ(loaded.name, "moons");
  EXPECT_EQ(loaded.inputs, direct.inputs);
  EXPECT_EQ(loaded.labels, direct.labels);

  spec.kind = DatasetKind::blobs;
  spec.classes = 3;
  spec.features = 4;
  EXPECT_EQ(shape_of(load_dataset(spec, 11).inputs), (Shape{50, 4}));
}

TEST(LoadDataset, PassesGeneratorErrorsThrough) {
  DatasetSpec spec;
  spec.kind = DatasetKind::spirals;
  spec.samples = 10;
  spec.classes = 1;
  EXPECT_EQ(error_message<DataError>([&] { load_dataset(spec, 1); }),
            "spirals: classes must be at least 2, got 1");
}

DatasetSpec inline_classification_spec() {
  DatasetSpec spec;
  spec.kind = DatasetKind::inline_data;
  spec.inline_task = TaskKind::classification;
  spec.inline_inputs = Tensor::from_shape({4, 2});
  spec.inline_inputs.fill(0.5);
  spec.inline_labels = {0, 2, 1, 2};
  spec.inline_classes = 3;
  return spec;
}

TEST(LoadDataset, AcceptsValidInlineData) {
  const Dataset loaded = load_dataset(inline_classification_spec(), 0);
  EXPECT_EQ(loaded.size(), 4u);
  EXPECT_EQ(loaded.num_classes, 3u);
  EXPECT_EQ(loaded.labels, (std::vector<std::int32_t>{0, 2, 1, 2}));
}

TEST(LoadDataset, NamesTheNonFiniteInlineValue) {
  DatasetSpec spec = inline_classification_spec();
  spec.inline_inputs(3, 1) = std::numeric_limits<Scalar>::quiet_NaN();
  EXPECT_EQ(error_message<DataError>([&] { load_dataset(spec, 0); }), "inline dataset: inputs[3][1] is NaN");
  spec.inline_inputs(3, 1) = 0;
  spec.inline_inputs(2, 0) = -std::numeric_limits<Scalar>::infinity();
  EXPECT_EQ(error_message<DataError>([&] { load_dataset(spec, 0); }), "inline dataset: inputs[2][0] is -Inf");
}

TEST(LoadDataset, RejectsInlineLabelsOutOfRangeOrMiscounted) {
  DatasetSpec spec = inline_classification_spec();
  spec.inline_labels[1] = 3;
  EXPECT_EQ(error_message<DataError>([&] { load_dataset(spec, 0); }),
            "inline dataset: labels[1] is 3, outside 0..2");
  spec.inline_labels[1] = -1;
  EXPECT_EQ(error_message<DataError>([&] { load_dataset(spec, 0); }),
            "inline dataset: labels[1] is -1, outside 0..2");
  spec.inline_labels = {0, 1, 2};
  EXPECT_EQ(error_message<DataError>([&] { load_dataset(spec, 0); }),
            "inline dataset: 4 input samples but 3 labels");
}

TEST(LoadDataset, ChecksInlineRegressionTargets) {
  DatasetSpec spec = inline_classification_spec();
  spec.inline_task = TaskKind::regression;
  spec.inline_labels.clear();
  spec.inline_targets = Tensor::from_shape({4});
  spec.inline_targets.fill(2.0);
  const Dataset loaded = load_dataset(spec, 0);
  EXPECT_EQ(shape_of(loaded.targets), (Shape{4, 1}));  // a plain list becomes (N, 1)
  EXPECT_EQ(loaded.output_width(), 1u);

  spec.inline_targets(2) = std::numeric_limits<Scalar>::infinity();
  EXPECT_EQ(error_message<DataError>([&] { load_dataset(spec, 0); }), "inline dataset: targets[2][0] is +Inf");

  spec.inline_targets = Tensor::from_shape({3, 1});
  spec.inline_targets.fill(0);
  EXPECT_EQ(error_message<DataError>([&] { load_dataset(spec, 0); }),
            "inline dataset: targets must be (4, outputs) to match the inputs, got shape [3, 1]");
}

TEST(LoadDataset, ReportsAMissingIdxFile) {
  DatasetSpec spec;
  spec.kind = DatasetKind::idx;
  spec.images_path = "/nonexistent/bnlab/images-idx3-ubyte";
  spec.labels_path = "/nonexistent/bnlab/labels-idx1-ubyte";
  EXPECT_EQ(error_message<DataError>([&] { load_dataset(spec, 0); }),
            "/nonexistent/bnlab/images-idx3-ubyte: cannot open (No such file or directory)");
}

}  // namespace
}  // namespace bnlab
