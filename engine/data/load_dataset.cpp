#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "data/data_folder.hpp"
#include "data/dataset_spec.hpp"
#include "data/generators.hpp"
#include "data/idx_loader.hpp"

namespace bnlab {

namespace {

const char* const inline_name = "inline dataset";

// Inline arrays come straight from an experiment file, so every promise Dataset makes is
// checked here: shapes agree, labels are in range, the task has what it needs.
Dataset load_inline(const DatasetSpec& spec) {
  Dataset dataset;
  dataset.name = inline_name;
  dataset.task = spec.inline_task;
  const Tensor& inputs = spec.inline_inputs;
  if (inputs.dimension() < 2) {
    throw DataError(std::string(inline_name) +
                    ": inputs must be an array of samples × features, got shape " +
                    shape_to_string(shape_of(inputs)));
  }
  const std::size_t samples = inputs.shape()[0];
  if (samples == 0) throw DataError(std::string(inline_name) + ": inputs hold no samples");
  dataset.inputs = inputs;

  switch (spec.inline_task) {
    case TaskKind::classification: {
      // A default Tensor is 0-dimensional (one element), so "absent" means no dimensions.
      if (spec.inline_targets.dimension() != 0) {
        throw DataError(std::string(inline_name) +
                        ": targets are given but the task is classification (give labels)");
      }
      if (spec.inline_classes < 2) {
        throw DataError(std::string(inline_name) + ": classes must be at least 2, got " +
                        std::to_string(spec.inline_classes));
      }
      if (spec.inline_labels.size() != samples) {
        throw DataError(std::string(inline_name) + ": " + std::to_string(samples) +
                        " input samples but " + std::to_string(spec.inline_labels.size()) +
                        " labels");
      }
      const auto classes = static_cast<std::int64_t>(spec.inline_classes);
      for (std::size_t index = 0; index < samples; ++index) {
        const std::int32_t label = spec.inline_labels[index];
        if (label < 0 || label >= classes) {
          throw DataError(std::string(inline_name) + ": labels[" + std::to_string(index) + "] is " +
                          std::to_string(label) + ", outside 0.." + std::to_string(classes - 1));
        }
      }
      dataset.labels = spec.inline_labels;
      dataset.num_classes = spec.inline_classes;
      return dataset;
    }
    case TaskKind::regression: {
      if (!spec.inline_labels.empty()) {
        throw DataError(std::string(inline_name) +
                        ": labels are given but the task is regression (give targets)");
      }
      const Tensor& targets = spec.inline_targets;
      const bool one_per_sample = targets.dimension() == 1 && targets.shape()[0] == samples;
      const bool per_sample_rows =
          targets.dimension() == 2 && targets.shape()[0] == samples && targets.shape()[1] > 0;
      if (!one_per_sample && !per_sample_rows) {
        throw DataError(std::string(inline_name) + ": targets must be (" + std::to_string(samples) +
                        ", outputs) to match the inputs, got shape " +
                        shape_to_string(shape_of(targets)));
      }
      dataset.targets = targets;
      // A plain list of numbers is one output per sample: the documented form is (N, outputs).
      if (one_per_sample) dataset.targets.reshape({samples, std::size_t{1}});
      return dataset;
    }
  }
  throw DataError(std::string(inline_name) + ": unknown task kind");
}

// "[3][1]": the sample and the feature (every axis after the first, flattened).
std::string element_position(const Tensor& tensor, std::size_t flat_index) {
  const std::size_t samples = tensor.dimension() == 0 ? 1 : tensor.shape()[0];
  const std::size_t width = samples == 0 ? 1 : tensor.size() / samples;
  return "[" + std::to_string(flat_index / width) + "][" + std::to_string(flat_index % width) + "]";
}

// NaN or ±Inf in the data would surface much later as a "diverged" run; name it here instead.
void check_finite(const Tensor& tensor, const std::string& dataset_name, const char* field) {
  const Scalar* values = tensor.data();
  for (std::size_t index = 0; index < tensor.size(); ++index) {
    const Scalar value = values[index];
    if (std::isfinite(value)) continue;
    const char* what = std::isnan(value) ? "NaN" : (value > 0 ? "+Inf" : "-Inf");
    throw DataError(dataset_name + ": " + field + element_position(tensor, index) + " is " + what);
  }
}

// The folder of a real set under the data folder (docs/DATASETS.md).
const char* folder_of(DatasetKind kind) {
  return kind == DatasetKind::mnist ? "mnist" : "fashion-mnist";
}

Dataset generate_or_read(const DatasetSpec& spec, std::uint64_t seed) {
  switch (spec.kind) {
    case DatasetKind::inline_data:
      return load_inline(spec);
    case DatasetKind::spirals:
      return make_spirals(spec.samples, spec.classes, spec.noise, seed);
    case DatasetKind::circles:
      return make_circles(spec.samples, spec.noise, seed);
    case DatasetKind::xor_quadrants:
      return make_xor(spec.samples, spec.noise, seed);
    case DatasetKind::blobs:
      return make_blobs(spec.samples, spec.classes, spec.features, spec.noise, seed);
    case DatasetKind::moons:
      return make_moons(spec.samples, spec.noise, seed);
    case DatasetKind::scaled_regression:
      return make_scaled_regression(spec.samples, spec.noise, seed);
    case DatasetKind::idx:
      return load_idx_files(spec.images_path, spec.labels_path, spec.limit);
    case DatasetKind::stripes:
      return make_stripes(spec.samples, spec.classes, spec.image_size, spec.noise, seed);
    case DatasetKind::mnist:
    case DatasetKind::fashion_mnist:
      return default_data_folder().load_part(folder_of(spec.kind), "train", spec.limit);
  }
  // Reached only with a value outside the enum (a cast bug): say so rather than guess.
  throw DataError("dataset: unknown dataset kind " + std::to_string(static_cast<int>(spec.kind)));
}

}  // namespace

Dataset load_dataset(const DatasetSpec& spec, std::uint64_t seed) {
  Dataset dataset = generate_or_read(spec, seed);
  check_finite(dataset.inputs, dataset.name, "inputs");
  if (dataset.task == TaskKind::regression) check_finite(dataset.targets, dataset.name, "targets");
  return dataset;
}

bool has_own_test_set(DatasetKind kind) {
  return kind == DatasetKind::mnist || kind == DatasetKind::fashion_mnist;
}

DatasetSplits load_splits(const DatasetSpec& spec, const SplitSpec& split, std::uint64_t seed) {
  if (!has_own_test_set(spec.kind)) return split_dataset(load_dataset(spec, seed), split, seed);
  if (split.test.is_fraction ? split.test.fraction > 0.0 : split.test.count > 0) {
    throw DataError("split.test: this dataset has its own test set; only split.validation can be set");
  }
  DatasetSplits splits = split_dataset(load_dataset(spec, seed), split, seed);
  splits.test = default_data_folder().load_part(folder_of(spec.kind), "test", spec.test_limit);
  return splits;
}

}  // namespace bnlab
