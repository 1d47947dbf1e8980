#include "training/sweep.hpp"

#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "experiment/json_path.hpp"
#include "network/network.hpp"

namespace bnlab {

namespace {

// The sweep's `variants` say what each cell trains, so the experiment's own "compare" is
// ignored (docs/SWEEP_FORMAT.md): dropped before parsing, or a cell whose axis value removes
// the last batchnorm layer would be refused for a compare pair it never trains.
Json experiment_without_compare(const Json& experiment) {
  Json document = experiment;
  if (document.is_object()) document.erase("compare");
  return document;
}

// Is `path` the field `axis` or inside it ("model.layers[0]" holds "model.layers[0].units")?
bool is_within(const std::string& path, const std::string& axis) {
  if (path.compare(0, axis.size(), axis) != 0) return false;
  return path.size() == axis.size() || path[axis.size()] == '.' || path[axis.size()] == '[';
}

std::vector<std::size_t> coordinates_of(const Sweep& sweep, std::size_t cell) {
  std::vector<std::size_t> coordinates(sweep.axes.size());
  for (std::size_t axis = sweep.axes.size(); axis-- > 0;) {
    coordinates[axis] = cell % sweep.axes[axis].values.size();
    cell /= sweep.axes[axis].values.size();
  }
  return coordinates;
}

std::string values_text(const Json& values) {
  std::string text;
  for (const auto& [path, value] : values.items()) text += (text.empty() ? "" : ", ") + path + " = " + describe_json(value);
  return text;
}

std::vector<std::string> parse_labels(const Json* labels, const std::string& path, std::size_t value_count) {
  if (labels == nullptr) return {};
  if (!labels->is_array() || labels->size() != value_count) {
    throw_expected(path, "expected_axis_labels", Json{{"count", value_count}},
                   "an array of " + std::to_string(value_count) + " labels, one per value", *labels);
  }
  std::vector<std::string> parsed;
  for (std::size_t index = 0; index < labels->size(); ++index) {
    const Json& label = (*labels)[index];
    const std::size_t length = label.is_string() ? label.get_ref<const std::string&>().size() : 0;
    if (length == 0 || length > sweep_limits::max_label_length) {
      throw_expected(path + "[" + std::to_string(index) + "]", "expected_axis_label",
                     Json{{"maximum", sweep_limits::max_label_length}},
                     "a text of 1 to " + std::to_string(sweep_limits::max_label_length) + " characters", label);
    }
    parsed.push_back(label.get<std::string>());
  }
  return parsed;
}

std::vector<SweepAxis> parse_axes(const Json& axes, const std::string& path) {
  if (!axes.is_array() || axes.empty() || axes.size() > sweep_limits::max_axes) {
    throw_expected(path, "expected_axes", Json{{"maximum", sweep_limits::max_axes}},
                   "an array of 1 to " + std::to_string(sweep_limits::max_axes) + " axes", axes);
  }
  std::vector<SweepAxis> parsed;
  for (std::size_t index = 0; index < axes.size(); ++index) {
    const std::string axis_path = path + "[" + std::to_string(index) + "]";
    JsonObjectReader reader(axes[index], axis_path);
    SweepAxis axis;
    axis.path = reader.required_text("path");
    parse_json_path(axis.path, reader.path_of("path"));  // only to check it is a path
    for (const SweepAxis& earlier : parsed) {
      if (is_within(axis.path, earlier.path) || is_within(earlier.path, axis.path)) {
        throw ConfigError(reader.path_of("path"), "overlapping_axes", Json{{"path", axis.path}, {"other", earlier.path}},
                          axis.path + " overlaps the axis " + earlier.path + " (each field may vary along one axis)");
      }
    }
    const Json& values = reader.require("values");
    if (!values.is_array() || values.empty() || values.size() > sweep_limits::max_values_per_axis) {
      throw_expected(reader.path_of("values"), "expected_axis_values", Json{{"maximum", sweep_limits::max_values_per_axis}},
                     "an array of 1 to " + std::to_string(sweep_limits::max_values_per_axis) + " values", values);
    }
    axis.values.assign(values.begin(), values.end());
    axis.labels = parse_labels(reader.find("labels"), reader.path_of("labels"), axis.values.size());
    reader.finish();
    parsed.push_back(std::move(axis));
  }
  return parsed;
}

std::vector<Variant> parse_variants(const Json* variants, const std::string& path) {
  if (variants == nullptr) return {Variant::as_written};
  if (!variants->is_array() || variants->empty() || variants->size() > variant_names().size()) {
    throw_expected(path, "expected_variants", "an array of variant names such as [\"as_written\", \"without_batchnorm\"]",
                   *variants);
  }
  std::vector<Variant> parsed;
  for (std::size_t index = 0; index < variants->size(); ++index) {
    const std::string entry_path = path + "[" + std::to_string(index) + "]";
    const Variant variant = parse_choice((*variants)[index], entry_path, variant_names());
    for (const Variant earlier : parsed) {
      if (earlier == variant) {
        throw ConfigError(entry_path, "duplicate_variant", Json{{"variant", name_of(variant, variant_names())}},
                          "\"" + std::string(name_of(variant, variant_names())) + "\" is listed twice");
      }
    }
    parsed.push_back(variant);
  }
  return parsed;
}

const std::vector<const char*> stability_metrics{"accuracy", "loss", "mae", "mse", "rmse", "rmsle", "r2"};
const std::vector<const char*> stability_splits{"train", "validation", "test"};

std::string parse_name_from(const JsonObjectReader& reader, const Json* value, const std::string& key,
                            const std::vector<const char*>& names, const char* fallback) {
  if (value == nullptr) return fallback;
  Json choices = Json::array();
  std::string known;
  for (const char* name : names) {
    if (value->is_string() && value->get<std::string>() == name) return name;
    choices.push_back(name);
    known += (known.empty() ? "\"" : ", \"") + std::string(name) + "\"";
  }
  throw_expected(reader.path_of(key), "expected_choice", Json{{"choices", choices}}, "one of " + known, *value);
}

SweepStability parse_stability(const Json* stable, const std::string& path) {
  SweepStability rule;
  if (stable == nullptr) return rule;
  JsonObjectReader reader(*stable, path);
  rule.given = true;
  rule.split = parse_name_from(reader, reader.find("split"), "split", stability_splits, "test");
  rule.metric = parse_name_from(reader, reader.find("metric"), "metric", stability_metrics, "accuracy");
  const bool has_at_least = reader.has("at_least");
  const bool has_at_most = reader.has("at_most");
  if (has_at_least == has_at_most) {
    throw ConfigError(path, "at_least_or_at_most", Json::object(),
                      "give exactly one of \"at_least\" and \"at_most\" (the threshold a stable run passes)");
  }
  const NumberRange any{-1e300, 1e300, true, true, "a finite number"};
  rule.at_least = has_at_least;
  rule.threshold = reader.number(has_at_least ? "at_least" : "at_most", 0.0, any);
  reader.finish();
  return rule;
}

// Re-throws an error of one cell's experiment where the sweep file can be fixed: at the axis
// value that caused it, or at the experiment's field, saying which cell.
[[noreturn]] void rethrow_for_cell(const ConfigError& error, const Sweep& sweep, std::size_t cell) {
  const std::vector<std::size_t> coordinates = coordinates_of(sweep, cell);
  for (std::size_t axis = 0; axis < sweep.axes.size(); ++axis) {
    if (!is_within(error.path(), sweep.axes[axis].path)) continue;
    const Json& value = sweep.axes[axis].values[coordinates[axis]];
    throw ConfigError("axes[" + std::to_string(axis) + "].values[" + std::to_string(coordinates[axis]) + "]",
                      error.code(), error.params(),
                      error.path() + " = " + describe_json(value) + ": " + error.problem());
  }
  throw ConfigError(error.path().empty() ? "experiment" : "experiment." + error.path(), error.code(), error.params(),
                    "in the cell " + values_text(sweep_cell_values(sweep, cell)) + ": " + error.problem());
}

SweepShownMetric parse_shown_metric(const Json* shown, const std::string& path, const SweepStability& stable) {
  SweepShownMetric parsed;
  if (stable.given) parsed = {stable.split, stable.metric};
  if (shown == nullptr) return parsed;
  JsonObjectReader reader(*shown, path);
  parsed.split = parse_name_from(reader, reader.find("split"), "split", stability_splits, "test");
  parsed.metric = parse_name_from(reader, reader.find("metric"), "metric", stability_metrics, "accuracy");
  reader.finish();
  return parsed;
}

}  // namespace

std::size_t Sweep::cell_count() const {
  std::size_t cells = 1;
  for (const SweepAxis& axis : axes) cells *= axis.values.size();
  return cells;
}

Sweep parse_sweep(const Json& document, const std::string& base_directory) {
  JsonObjectReader reader(document, "");
  Sweep sweep;
  sweep.name = reader.text("name", "sweep");
  reader.text("description", "");
  const Json& experiment = reader.require("experiment");
  sweep.base_directory = base_directory;
  if (experiment.is_string()) {
    const std::string file = experiment.get<std::string>();
    const std::string path = file.empty() || file[0] == '/' || base_directory.empty() ? file : base_directory + "/" + file;
    std::ifstream stream(path, std::ios::binary);
    if (!stream) throw ConfigError("experiment", "cannot_open", Json{{"file", path}}, "cannot open the experiment file " + path);
    std::ostringstream text;
    text << stream.rdbuf();
    sweep.experiment = parse_json_text(text.str(), path);
    const std::size_t slash = path.find_last_of('/');
    sweep.base_directory = slash == std::string::npos ? "." : path.substr(0, slash);
  } else if (experiment.is_object()) {
    sweep.experiment = experiment;
  } else {
    throw_expected("experiment", "expected_experiment", "an experiment object or the path of an experiment file",
                   experiment);
  }
  sweep.axes = parse_axes(reader.require("axes"), "axes");
  sweep.variants = parse_variants(reader.find("variants"), "variants");
  sweep.stable = parse_stability(reader.find("stable"), "stable");
  sweep.shown = parse_shown_metric(reader.find("show"), "show", sweep.stable);
  reader.finish();
  const std::size_t runs = sweep.cell_count() * sweep.variants.size();
  if (runs > sweep_limits::max_runs) {
    throw ConfigError("axes", "too_many_runs", Json{{"maximum", sweep_limits::max_runs}, {"got", runs}},
                      "the grid has " + std::to_string(runs) + " runs (cells × variants), at most " +
                          std::to_string(sweep_limits::max_runs) + " allowed");
  }
  // The base experiment first, so that its own mistakes are reported at their field.
  Experiment base;
  try {
    base = parse_experiment(experiment_without_compare(sweep.experiment), sweep.base_directory);
  } catch (const ConfigError& error) {
    throw ConfigError(error.path().empty() ? "experiment" : "experiment." + error.path(), error.code(), error.params(),
                      error.problem());
  }
  for (std::size_t index = 0; index < sweep.variants.size(); ++index) {
    if (sweep.variants[index] != Variant::as_written && !has_batch_norm(base.model)) {
      throw ConfigError("variants[" + std::to_string(index) + "]", "variant_needs_batch_norm",
                        Json{{"variant", name_of(sweep.variants[index], variant_names())}},
                        "\"" + std::string(name_of(sweep.variants[index], variant_names())) +
                            "\" moves or removes batchnorm layers, but the experiment's model has none");
    }
  }
  for (std::size_t cell = 0; cell < sweep.cell_count(); ++cell) {
    for (const Variant variant : sweep.variants) {
      try {
        sweep_cell_experiment(sweep, cell, variant);
      } catch (const ConfigError& error) {
        if (error.path().rfind("axes[", 0) == 0) throw;  // a path that does not exist in the experiment
        rethrow_for_cell(error, sweep, cell);
      }
    }
  }
  return sweep;
}

Sweep load_sweep_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ConfigError(path, "cannot_open", Json::object(), "cannot open the sweep file");
  std::ostringstream text;
  text << file.rdbuf();
  const std::size_t slash = path.find_last_of('/');
  const std::string directory = slash == std::string::npos ? "." : path.substr(0, slash);
  try {
    return parse_sweep(parse_json_text(text.str(), path), directory);
  } catch (const ConfigError& error) {
    if (error.path().rfind(path, 0) == 0) throw;  // the JSON text itself: names the file already
    throw ConfigError(path + (error.path().empty() ? "" : ": " + error.path()), error.code(), error.params(), error.problem());
  }
}

Json sweep_cell_values(const Sweep& sweep, std::size_t cell) {
  const std::vector<std::size_t> coordinates = coordinates_of(sweep, cell);
  Json values = Json::object();
  for (std::size_t axis = 0; axis < sweep.axes.size(); ++axis) {
    values[sweep.axes[axis].path] = sweep.axes[axis].values[coordinates[axis]];
  }
  return values;
}

Json sweep_cell_document(const Sweep& sweep, std::size_t cell) {
  if (cell >= sweep.cell_count()) {
    throw UsageError("sweep: cell " + std::to_string(cell) + " does not exist (the grid has " +
                     std::to_string(sweep.cell_count()) + " cells)");
  }
  const std::vector<std::size_t> coordinates = coordinates_of(sweep, cell);
  Json document = experiment_without_compare(sweep.experiment);
  for (std::size_t axis = 0; axis < sweep.axes.size(); ++axis) {
    set_json_path(document, sweep.axes[axis].path, sweep.axes[axis].values[coordinates[axis]],
                  "axes[" + std::to_string(axis) + "].path");
  }
  return document;
}

Experiment sweep_cell_experiment(const Sweep& sweep, std::size_t cell, Variant variant) {
  return make_variant(parse_experiment(sweep_cell_document(sweep, cell), sweep.base_directory), variant);
}

SweepShard parse_sweep_shard(const std::string& text, const std::string& where) {
  const std::size_t slash = text.find('/');
  const auto whole_number = [](const std::string& digits) {
    if (digits.empty() || digits.size() > 6) return std::size_t{0};
    std::size_t value = 0;
    for (const char digit : digits) {
      if (digit < '0' || digit > '9') return std::size_t{0};
      value = value * 10 + static_cast<std::size_t>(digit - '0');
    }
    return value;
  };
  SweepShard shard;
  if (slash != std::string::npos) {
    shard.index = whole_number(text.substr(0, slash));
    shard.count = whole_number(text.substr(slash + 1));
  }
  if (slash == std::string::npos || shard.index == 0 || shard.count == 0 || shard.index > shard.count) {
    throw_expected(where, "expected_shard", "i/n with 1 ≤ i ≤ n, e.g. 2/5", Json(text));
  }
  return shard;
}

std::vector<std::size_t> sweep_shard_cells(const Sweep& sweep, const SweepShard& shard) {
  std::vector<std::size_t> cells;
  for (std::size_t cell = shard.index - 1; cell < sweep.cell_count(); cell += shard.count) cells.push_back(cell);
  return cells;
}

bool sweep_result_is_stable(const Sweep& sweep, const Json& summary) {
  const SweepStability& rule = sweep.stable;
  if (!rule.given || summary.value("status", "") != "complete") return false;
  const Json* final_metrics = summary.contains("final") ? &summary["final"] : nullptr;
  if (final_metrics == nullptr || !final_metrics->contains(rule.split)) return false;
  const Json& metrics = (*final_metrics)[rule.split];
  if (!metrics.contains(rule.metric) || !metrics[rule.metric].is_number()) return false;
  const double value = metrics[rule.metric].get<double>();
  return rule.at_least ? value >= rule.threshold : value <= rule.threshold;
}

Json sweep_to_json(const Sweep& sweep) {
  Json axes = Json::array();
  for (const SweepAxis& axis : sweep.axes) {
    Json entry{{"path", axis.path}, {"values", axis.values}};
    if (!axis.labels.empty()) entry["labels"] = axis.labels;
    axes.push_back(std::move(entry));
  }
  Json variants = Json::array();
  for (const Variant variant : sweep.variants) variants.push_back(name_of(variant, variant_names()));
  Json json{{"name", sweep.name}, {"axes", std::move(axes)}, {"variants", std::move(variants)},
            {"cells", sweep.cell_count()}};
  if (sweep.stable.given) {
    json["stable"] = {{"split", sweep.stable.split}, {"metric", sweep.stable.metric},
                      {sweep.stable.at_least ? "at_least" : "at_most", sweep.stable.threshold}};
  }
  json["show"] = {{"split", sweep.shown.split}, {"metric", sweep.shown.metric}};
  return json;
}

}  // namespace bnlab
