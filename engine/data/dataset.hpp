#pragma once
// One in-memory dataset: inputs are sample-major (N, sample shape...). A classification set
// has one label per sample in [0, num_classes); a regression set has a (N, outputs) target.

#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace bnlab {

enum class TaskKind { classification, regression };

struct Dataset {
  std::string name;                  // for messages: "spirals", "mnist train (path)", ...
  TaskKind task = TaskKind::classification;
  Tensor inputs;                     // (N, ...)
  std::vector<std::int32_t> labels;  // classification only
  Tensor targets;                    // regression only, (N, outputs)
  std::size_t num_classes = 0;       // classification only
  // Largest value the raw input format can hold (255 for 8-bit IDX images), or 0 when the
  // format has no fixed range. Preprocessing::scale_to_unit divides by it when it is known;
  // preprocess() sets it to 0 because transformed inputs no longer have a format range.
  double input_range_max = 0.0;

  std::size_t size() const { return inputs.dimension() == 0 ? 0 : inputs.shape()[0]; }
  Shape sample_shape() const;
  // Output width the model must produce: num_classes, or the target width.
  std::size_t output_width() const;
};

// The three parts a run works on. validation and test may be empty.
struct DatasetSplits {
  Dataset train;
  Dataset validation;
  Dataset test;
};

// A mini-batch gathered from a dataset; buffers are reused from batch to batch.
struct Batch {
  Tensor inputs;
  std::vector<std::int32_t> labels;
  Tensor targets;
};

// Copies the samples order[begin, end) of `source` into `batch` (resizing only when needed).
void gather_batch(const Dataset& source, const std::vector<std::uint32_t>& order,
                  std::size_t begin, std::size_t end, Batch& batch);

// Copies the samples `indices` of `source` into a new dataset (used by the split).
Dataset select_samples(const Dataset& source, const std::vector<std::uint32_t>& indices,
                       const std::string& name);

}  // namespace bnlab
