// Input preprocessing. Every statistic comes from the train split only, and the same
// transform is then applied to validation and test: using their values would leak
// information about the data the model is judged on.
//
// A "feature" is one input element of a sample (one pixel for images): inputs of shape
// (N, ...) are treated as N rows of element_count(sample shape) features. Statistics are
// accumulated in double precision. Regression targets are never transformed.
//
//   none           inputs unchanged.
//   scale_to_unit  one factor for all features: x / s, where s = the format's range maximum
//                  when the dataset has one (input_range_max, 255 for IDX images, so pixels
//                  land in [0, 1] whatever subset was loaded), otherwise the largest |x| in
//                  the train split (train inputs land in [-1, 1]). One shared factor keeps
//                  the features' relative scales — that is what tells it apart from min_max.
//                  If every train input is 0, inputs are left unchanged.
//   min_max        per feature, (x − min) / (max − min) with the train min and max, so train
//                  values land in [0, 1] (validation/test may fall outside). A constant train
//                  feature gives x − min: 0 on train, no division by zero.
//   standardize    per feature, (x − mean) / std with the train mean and biased standard
//                  deviation (divide by N, as BatchNorm does). A constant train feature is
//                  only centred: x − mean.
// After a transform, input_range_max is set to 0 on all three parts: the raw format's range no
// longer describes the values.

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "data/dataset_spec.hpp"

namespace bnlab {

namespace {

std::size_t feature_count(const Dataset& dataset) { return element_count(dataset.sample_shape()); }

// x ← (x − shift[f]) · factor[f] for every feature f of every sample.
void apply_affine(Dataset& dataset, const std::vector<double>& shift,
                  const std::vector<double>& factor) {
  const std::size_t features = shift.size();
  Scalar* values = dataset.inputs.data();
  const std::size_t samples = dataset.size();
  for (std::size_t sample = 0; sample < samples; ++sample) {
    Scalar* row = values + sample * features;
    for (std::size_t feature = 0; feature < features; ++feature) {
      row[feature] = static_cast<Scalar>((static_cast<double>(row[feature]) - shift[feature]) *
                                         factor[feature]);
    }
  }
}

void apply_to_all(DatasetSplits& splits, const std::vector<double>& shift,
                  const std::vector<double>& factor) {
  for (Dataset* part : {&splits.train, &splits.validation, &splits.test}) {
    if (part->size() == 0) continue;  // an empty part may not even carry a sample shape
    if (feature_count(*part) != shift.size()) {
      throw UsageError("preprocess: " + part->name + " has " +
                       std::to_string(feature_count(*part)) + " features but the train split has " +
                       std::to_string(shift.size()));
    }
    apply_affine(*part, shift, factor);
  }
  for (Dataset* part : {&splits.train, &splits.validation, &splits.test})
    part->input_range_max = 0.0;
}

void scale_to_unit(DatasetSplits& splits, std::size_t features) {
  double scale = splits.train.input_range_max;
  if (scale <= 0.0) {
    const Scalar* values = splits.train.inputs.data();
    for (std::size_t index = 0; index < splits.train.inputs.size(); ++index) {
      scale = std::max(scale, std::abs(static_cast<double>(values[index])));
    }
  }
  const double factor = scale > 0.0 ? 1.0 / scale : 1.0;
  apply_to_all(splits, std::vector<double>(features, 0.0), std::vector<double>(features, factor));
}

void min_max(DatasetSplits& splits, std::size_t features) {
  const Scalar* values = splits.train.inputs.data();
  std::vector<double> minimum(values, values + features);
  std::vector<double> maximum(values, values + features);
  for (std::size_t sample = 1; sample < splits.train.size(); ++sample) {
    const Scalar* row = values + sample * features;
    for (std::size_t feature = 0; feature < features; ++feature) {
      minimum[feature] = std::min(minimum[feature], static_cast<double>(row[feature]));
      maximum[feature] = std::max(maximum[feature], static_cast<double>(row[feature]));
    }
  }
  std::vector<double> factor(features);
  for (std::size_t feature = 0; feature < features; ++feature) {
    const double range = maximum[feature] - minimum[feature];
    factor[feature] = range > 0.0 ? 1.0 / range : 1.0;
  }
  apply_to_all(splits, minimum, factor);
}

void standardize(DatasetSplits& splits, std::size_t features) {
  const Scalar* values = splits.train.inputs.data();
  const std::size_t samples = splits.train.size();
  // Two passes (mean, then squared deviations): one-pass Σx² − (Σx)² cancels badly on
  // features like "miles driven" whose mean is far larger than their spread.
  std::vector<double> mean(features, 0.0);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    for (std::size_t feature = 0; feature < features; ++feature) {
      mean[feature] += static_cast<double>(values[sample * features + feature]);
    }
  }
  for (double& value : mean) value /= static_cast<double>(samples);

  std::vector<double> squared_deviation(features, 0.0);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    for (std::size_t feature = 0; feature < features; ++feature) {
      const double deviation =
          static_cast<double>(values[sample * features + feature]) - mean[feature];
      squared_deviation[feature] += deviation * deviation;
    }
  }
  std::vector<double> factor(features);
  for (std::size_t feature = 0; feature < features; ++feature) {
    const double biased_std = std::sqrt(squared_deviation[feature] / static_cast<double>(samples));
    factor[feature] = biased_std > 0.0 ? 1.0 / biased_std : 1.0;
  }
  apply_to_all(splits, mean, factor);
}

}  // namespace

void preprocess(DatasetSplits& splits, Preprocessing preprocessing) {
  if (preprocessing == Preprocessing::none) return;
  if (splits.train.size() == 0) {
    throw UsageError("preprocess: the train split is empty, there are no statistics to use");
  }
  const std::size_t features = feature_count(splits.train);
  switch (preprocessing) {
    case Preprocessing::none:
      return;
    case Preprocessing::scale_to_unit:
      scale_to_unit(splits, features);
      return;
    case Preprocessing::min_max:
      min_max(splits, features);
      return;
    case Preprocessing::standardize:
      standardize(splits, features);
      return;
  }
  throw UsageError("preprocess: unknown preprocessing " +
                   std::to_string(static_cast<int>(preprocessing)));
}

}  // namespace bnlab
