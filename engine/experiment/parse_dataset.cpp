// The experiment's "dataset" and "split" sections.
#include "core/errors.hpp"
#include "experiment/enum_names.hpp"
#include "experiment/experiment.hpp"
#include "experiment/limits.hpp"
#include "experiment/parse_sections.hpp"
#include "experiment/schema_builders.hpp"
#include "data/generators.hpp"

namespace bnlab {

namespace {

const NumberRange finite_value{-3.4e38, 3.4e38, true, true, "a finite number"};
const NumberRange noise_range{0.0, 100.0, true, true, "a number in [0, 100]"};
const NumberRange split_fraction{0.0, 1.0, true, false, "a fraction in [0, 1) or a count of samples"};

std::string resolve_path(const std::string& path, const std::string& base_directory) {
  if (path.empty() || path[0] == '/' || base_directory.empty()) return path;
  return base_directory + "/" + path;
}

// inputs: [[x11, x12, ...], ...] — every row the same length.
Tensor parse_matrix(const Json& rows, const std::string& path) {
  if (!rows.is_array() || rows.empty()) throw_expected(path, "expected_rows", "a non-empty array of rows", rows);
  const Json& first = rows[0];
  if (!first.is_array() || first.empty()) {
    throw_expected(path + "[0]", "expected_numbers", "a non-empty array of numbers", first);
  }
  const std::size_t width = first.size();
  if (rows.size() * width > limits::max_inline_values) {
    throw ConfigError(path, "too_many_values", Json{{"maximum", limits::max_inline_values}},
                      "expected at most " + std::to_string(limits::max_inline_values) +
                                " values in all");
  }
  Tensor matrix = Tensor::from_shape({rows.size(), width});
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const std::string row_path = path + "[" + std::to_string(row) + "]";
    if (!rows[row].is_array() || rows[row].size() != width) {
      throw_expected(row_path, "expected_row_width", Json{{"width", width}},
                     "an array of " + std::to_string(width) + " numbers like row 0",
                     rows[row]);
    }
    for (std::size_t column = 0; column < width; ++column) {
      matrix(row, column) = static_cast<Scalar>(read_number(
          rows[row][column], row_path + "[" + std::to_string(column) + "]", finite_value));
    }
  }
  return matrix;
}

void parse_inline(JsonObjectReader& reader, DatasetSpec& spec) {
  spec.inline_inputs = parse_matrix(reader.require("inputs"), reader.path_of("inputs"));
  const std::size_t sample_count = spec.inline_inputs.shape()[0];
  const Json* labels = reader.find("labels");
  const Json* targets = reader.find("targets");
  if ((labels == nullptr) == (targets == nullptr)) {
    throw ConfigError(reader.path(), "labels_or_targets", Json::object(), "give exactly one of \"labels\" (classification) or "
                                     "\"targets\" (regression)");
  }
  if (labels != nullptr) {
    spec.inline_task = TaskKind::classification;
    const std::string path = reader.path_of("labels");
    if (!labels->is_array() || labels->size() != sample_count) {
      throw_expected(path, "expected_count_of_values", Json{{"count", sample_count}},
                     "an array of " + std::to_string(sample_count) +
                               " class indices (one per input row)", *labels);
    }
    std::size_t largest = 0;
    for (std::size_t index = 0; index < sample_count; ++index) {
      const std::size_t label = read_count((*labels)[index], path + "[" + std::to_string(index) + "]",
                                           0, limits::max_classes - 1);
      spec.inline_labels.push_back(static_cast<std::int32_t>(label));
      largest = std::max(largest, label);
    }
    spec.inline_classes = reader.count("classes", std::max<std::size_t>(largest + 1, 2), 2,
                                       limits::max_classes);
    if (largest >= spec.inline_classes) {
      throw ConfigError(path, "label_out_of_range",
                        Json{{"label", largest}, {"classes", spec.inline_classes}},
                        "label " + std::to_string(largest) + " is outside 0.." +
                                  std::to_string(spec.inline_classes - 1) + " (dataset.classes)");
    }
  } else {
    spec.inline_task = TaskKind::regression;
    spec.inline_targets = parse_matrix(*targets, reader.path_of("targets"));
    if (spec.inline_targets.shape()[0] != sample_count) {
      throw ConfigError(reader.path_of("targets"), "targets_rows",
                        Json{{"expected", sample_count}, {"got", spec.inline_targets.shape()[0]}},
                        "expected " + std::to_string(sample_count) + " rows (one per input row), got " +
                            std::to_string(spec.inline_targets.shape()[0]));
    }
  }
}

}  // namespace

void parse_dataset_section(JsonObjectReader& reader, const std::string& base_directory,
                           DatasetSpec& spec, bool& shuffle) {
  spec.kind = reader.required_choice("kind", dataset_kind_names());
  shuffle = reader.boolean("shuffle", true);
  switch (spec.kind) {
    case DatasetKind::inline_data:
      parse_inline(reader, spec);
      break;
    case DatasetKind::spirals:
    case DatasetKind::circles:
    case DatasetKind::xor_quadrants:
    case DatasetKind::moons:
    case DatasetKind::blobs:
    case DatasetKind::scaled_regression:
    case DatasetKind::stripes:
      spec.samples = reader.required_count("samples", 2, limits::max_samples);
      spec.noise = reader.number("noise", 0.0, noise_range);
      if (spec.kind == DatasetKind::spirals || spec.kind == DatasetKind::blobs) {
        spec.classes = reader.count("classes", 2, 2, spec.kind == DatasetKind::spirals ? 10 : 100);
      }
      if (spec.kind == DatasetKind::blobs) {
        spec.features = reader.count("features", 2, 1, max_blob_features);
      }
      if (spec.kind == DatasetKind::stripes) {
        // All four orientations unless fewer classes are asked for.
        spec.classes = reader.count("classes", max_stripe_classes, 2, max_stripe_classes);
        spec.image_size = reader.count("size", spec.image_size, min_stripe_size, max_stripe_size);
      }
      break;
    case DatasetKind::idx:
      spec.images_path = resolve_path(reader.required_text("images"), base_directory);
      spec.labels_path = resolve_path(reader.required_text("labels"), base_directory);
      spec.limit = reader.count("limit", 0, 1, limits::max_samples);
      break;
    case DatasetKind::mnist:
    case DatasetKind::fashion_mnist:
      spec.limit = reader.count("train_samples", 0, 1, limits::max_samples);
      spec.test_limit = reader.count("test_samples", 0, 1, limits::max_samples);
      break;
  }
  reader.finish();
}

namespace {

SplitPart parse_split_part(JsonObjectReader& reader, const std::string& key) {
  SplitPart part;
  const Json* value = reader.find(key);
  if (value == nullptr) return part;
  // An integer is a count of samples; a number with a fraction part is a share of the whole.
  if (value->is_number_integer()) {
    part.is_fraction = false;
    part.count = read_count(*value, reader.path_of(key), 0, limits::max_samples);
  } else {
    part.fraction = read_number(*value, reader.path_of(key), split_fraction);
  }
  return part;
}

}  // namespace

void parse_split_section(JsonObjectReader& reader, SplitSpec& spec) {
  spec.validation = parse_split_part(reader, "validation");
  spec.test = parse_split_part(reader, "test");
  reader.finish();
}

// The schemas of what parse_dataset_section and parse_split_section accept.
Json dataset_schema() {
  const DatasetSpec defaults;
  Json kinds = Json::array();
  for (const auto& [kind, name] : dataset_kind_names()) {
    Json properties{{"kind", schema::constant(name)}, {"shuffle", schema::boolean(true)}};
    std::vector<std::string> required{"kind"};
    const Json finite_rows{{"type", "array"}, {"minItems", 1},
                           {"items", {{"type", "array"}, {"minItems", 1}, {"items", schema::number(finite_value)}}}};
    switch (kind) {
      case DatasetKind::inline_data:
        properties["inputs"] = finite_rows;
        properties["labels"] = {{"type", "array"}, {"items", schema::integer(0, limits::max_classes - 1)}};
        properties["targets"] = finite_rows;
        properties["classes"] = schema::integer(2, limits::max_classes);
        required.push_back("inputs");
        break;
      case DatasetKind::spirals:
      case DatasetKind::circles:
      case DatasetKind::xor_quadrants:
      case DatasetKind::moons:
      case DatasetKind::blobs:
      case DatasetKind::scaled_regression:
      case DatasetKind::stripes:
        properties["samples"] = schema::integer(2, limits::max_samples);
        properties["noise"] = schema::number(noise_range, 0.0);
        required.push_back("samples");
        if (kind == DatasetKind::spirals) properties["classes"] = schema::integer(2, 10, 2);
        if (kind == DatasetKind::blobs) {
          properties["classes"] = schema::integer(2, 100, 2);
          properties["features"] = schema::integer(1, max_blob_features, 2);
        }
        if (kind == DatasetKind::stripes) {
          properties["classes"] = schema::integer(2, max_stripe_classes, max_stripe_classes);
          properties["size"] = schema::integer(min_stripe_size, max_stripe_size, defaults.image_size);
        }
        break;
      case DatasetKind::idx:
        properties["images"] = schema::text();
        properties["labels"] = schema::text();
        properties["limit"] = schema::integer(1, limits::max_samples);
        required.insert(required.end(), {"images", "labels"});
        break;
      case DatasetKind::mnist:
      case DatasetKind::fashion_mnist:
        properties["train_samples"] = schema::integer(1, limits::max_samples);
        properties["test_samples"] = schema::integer(1, limits::max_samples);
        break;
    }
    kinds.push_back(schema::object(properties, required));
  }
  return {{"oneOf", kinds}};
}

Json split_schema() {
  const Json part{{"oneOf", {schema::integer(0, limits::max_samples), schema::number(split_fraction)}}};
  return schema::object({{"validation", part}, {"test", part}});
}

}  // namespace bnlab
