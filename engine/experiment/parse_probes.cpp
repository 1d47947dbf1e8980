// The "probes" section of an experiment file: the one place its fields are read and their
// bounds (experiment/probe_limits.hpp) enforced. Checks that need the model or the data
// (a unit index, a probe set's size, 2-D inputs for a grid) are done when the run is built
// (training/instruments/instruments.cpp, when the Instruments are made).
#include "core/errors.hpp"
#include "experiment/parse_sections.hpp"
#include "experiment/probe_limits.hpp"
#include "experiment/schema_builders.hpp"

namespace bnlab {

namespace {

const EnumNames<SplitName>& probe_split_names() {
  static const EnumNames<SplitName> names{{SplitName::validation, "validation"}, {SplitName::test, "test"}};
  return names;
}

const char* const train_batch_source = "train_batch";
const NumberRange percentile_range{probe_limits::min_percentile, probe_limits::max_percentile, true, true,
                                   "a percentile in [0, 100]"};

// {"split": "test", "samples": 1000}; the fields of `reader` other than these are the caller's.
ProbeSetSpec read_probe_set(JsonObjectReader& reader, SplitName fallback_split) {
  ProbeSetSpec set;
  set.path = reader.path();
  set.split = reader.choice("split", probe_split_names(), fallback_split);
  set.samples = reader.count("samples", 0, probe_limits::min_probe_samples, probe_limits::max_probe_samples);
  return set;
}

void read_source(const Json& value, const std::string& path, ProbeSpec& spec) {
  if (value.is_string() && value.get<std::string>() == train_batch_source) {
    spec.train_batch = true;
    return;
  }
  if (!value.is_object()) {
    throw_expected(path, "expected_probe_source",
                   "\"train_batch\" or a probe set such as {\"split\": \"test\", \"samples\": 1000}", value);
  }
  JsonObjectReader reader(value, path);
  reader.require("split");
  ProbeSetSpec set = read_probe_set(reader, SplitName::test);
  reader.finish();
  for (const ProbeSetSpec& other : spec.probe_sets) {
    if (other.split == set.split) throw ConfigError(path, "duplicate_probe_split", Json::object(), "names the same split twice");
  }
  spec.probe_sets.push_back(set);
}

std::size_t every_of(JsonObjectReader& reader, std::size_t fallback) {
  return reader.count("every", fallback, probe_limits::min_every, probe_limits::max_every);
}

}  // namespace

ProbeSpec parse_probe_section(JsonObjectReader& reader) {
  ProbeSpec spec;
  spec.every = reader.required_count("every", probe_limits::min_every, probe_limits::max_every);
  if (const Json* percentiles = reader.find("percentiles")) {
    const std::string path = reader.path_of("percentiles");
    if (!percentiles->is_array() || percentiles->empty() || percentiles->size() > probe_limits::max_percentiles) {
      throw_expected(path, "expected_percentiles", "a non-empty array of percentiles", *percentiles);
    }
    spec.percentiles.clear();
    for (std::size_t index = 0; index < percentiles->size(); ++index) {
      spec.percentiles.push_back(read_number(
          (*percentiles)[index], path + "[" + std::to_string(index) + "]",
          percentile_range));
    }
  }
  if (reader.find("unit") != nullptr) spec.unit = reader.count("unit", 0, 0, probe_limits::max_unit);
  if (const Json* layers = reader.find("layers")) {
    const std::string path = reader.path_of("layers");
    if (!layers->is_array() || layers->empty() || layers->size() > probe_limits::max_watched_layers) {
      throw_expected(path, "expected_layer_indices", "a non-empty array of layer indices", *layers);
    }
    spec.layers.emplace();
    for (std::size_t index = 0; index < layers->size(); ++index) {
      spec.layers->push_back(read_count((*layers)[index], path + "[" + std::to_string(index) + "]", 0,
                                       probe_limits::max_watched_layers - 1));
    }
  }
  if (const Json* source = reader.find("source")) {
    const std::string path = reader.path_of("source");
    spec.source_given = true;
    spec.train_batch = false;
    if (source->is_array()) {
      // An empty array reads no layer (only gradients, γ/β and the sections below).
      if (source->size() > probe_limits::max_sources) {
        throw_expected(path, "too_many_sources", Json{{"maximum", probe_limits::max_sources}}, "at most 3 sources",
                       *source);
      }
      for (std::size_t index = 0; index < source->size(); ++index) {
        const std::string element_path = path + "[" + std::to_string(index) + "]";
        if ((*source)[index].is_string() && spec.train_batch) {
          throw ConfigError(element_path, "duplicate_probe_source", Json::object(), "names \"train_batch\" twice");
        }
        read_source((*source)[index], element_path, spec);
      }
    } else {
      read_source(*source, path, spec);
    }
  }
  spec.histogram_bins =
      reader.count("histogram_bins", 0, probe_limits::min_histogram_bins, probe_limits::max_histogram_bins);
  spec.dead_units = reader.boolean("dead_units", false);
  spec.gradients = reader.boolean("gradients", true);
  spec.layer_gradients = reader.boolean("layer_gradients", false);
  spec.batch_norm = reader.boolean("batchnorm", true);
  spec.batch_norm_units = reader.boolean("batchnorm_units", false);
  if (reader.find("running_statistics") != nullptr) {
    JsonObjectReader section = reader.object("running_statistics");
    spec.running_statistics.every = every_of(section, spec.every);
    section.finish();
  }
  if (reader.find("mode_gap") != nullptr) {
    JsonObjectReader section = reader.object("mode_gap");
    spec.mode_gap.every = every_of(section, spec.every);
    spec.mode_gap.data = read_probe_set(section, SplitName::test);
    spec.mode_gap.batch_of_one = section.boolean("batch_of_one", true);
    section.finish();
  }
  if (reader.find("decision_grid") != nullptr) {
    JsonObjectReader section = reader.object("decision_grid");
    spec.decision_grid.every = every_of(section, spec.every);
    spec.decision_grid.size =
        section.count("size", 100, probe_limits::min_grid_size, probe_limits::max_grid_size);
    spec.decision_grid.train_mode = section.boolean("train_mode", false);
    section.finish();
  }
  if (reader.find("confusion") != nullptr) {
    JsonObjectReader section = reader.object("confusion");
    spec.confusion.every = every_of(section, spec.every);
    spec.confusion.data = read_probe_set(section, SplitName::test);
    section.finish();
  }
  reader.finish();
  return spec;
}

// The schema of what parse_probe_section accepts, with the same bounds.
Json probes_schema() {
  const ProbeSpec defaults;
  const Json every = schema::integer(probe_limits::min_every, probe_limits::max_every);
  const Json split = schema::choice(probe_split_names());
  const Json samples = schema::integer(probe_limits::min_probe_samples, probe_limits::max_probe_samples);
  const Json probe_set = schema::object({{"split", split}, {"samples", samples}}, {"split"});
  const Json source = {{"oneOf", {schema::constant(train_batch_source), probe_set}}};
  return schema::object(
      {{"every", every},
       {"percentiles", {{"type", "array"}, {"minItems", 1}, {"maxItems", probe_limits::max_percentiles},
                        {"items", schema::number(percentile_range)}, {"default", defaults.percentiles}}},
       {"unit", schema::integer(0, probe_limits::max_unit)},
       {"layers", {{"type", "array"}, {"minItems", 1}, {"maxItems", probe_limits::max_watched_layers},
                   {"items", schema::integer(0, probe_limits::max_watched_layers - 1)}}},
       {"source", {{"oneOf", {source, {{"type", "array"}, {"maxItems", probe_limits::max_sources}, {"items", source}}}},
                   {"default", train_batch_source}}},
       {"histogram_bins", schema::integer(probe_limits::min_histogram_bins, probe_limits::max_histogram_bins)},
       {"dead_units", schema::boolean(defaults.dead_units)},
       {"gradients", schema::boolean(defaults.gradients)},
       {"layer_gradients", schema::boolean(defaults.layer_gradients)},
       {"batchnorm", schema::boolean(defaults.batch_norm)},
       {"batchnorm_units", schema::boolean(defaults.batch_norm_units)},
       {"running_statistics", schema::object({{"every", every}})},
       {"mode_gap", schema::object({{"every", every}, {"split", split}, {"samples", samples},
                                    {"batch_of_one", schema::boolean(true)}})},
       {"decision_grid",
        schema::object({{"every", every},
                        {"size", schema::integer(probe_limits::min_grid_size, probe_limits::max_grid_size, 100)},
                        {"train_mode", schema::boolean(false)}})},
       {"confusion", schema::object({{"every", every}, {"split", split}, {"samples", samples}})}},
      {"every"});
}

void check_probe_layers_exist(const ProbeSpec& probes, const ModelSpec& model) {
  if (!probes.layers) return;
  const std::size_t count = model.layers.size();
  for (std::size_t position = 0; position < probes.layers->size(); ++position) {
    const std::size_t index = (*probes.layers)[position];
    if (index < count) continue;
    throw ConfigError("probes.layers[" + std::to_string(position) + "]", "layer_index_out_of_range",
                      Json{{"maximum", count == 0 ? 0 : count - 1}, {"got", index}},
                      "expected a layer index below " + std::to_string(count) + " (model.layers has " +
                          std::to_string(count) + " layers), got " + std::to_string(index));
  }
}

}  // namespace bnlab
