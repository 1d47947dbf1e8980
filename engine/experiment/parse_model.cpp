// model.layers[*] and init objects: shared by experiment files and model files.
#include "core/errors.hpp"
#include "experiment/enum_names.hpp"
#include "experiment/experiment.hpp"
#include "experiment/limits.hpp"
#include "experiment/schema_builders.hpp"

namespace bnlab {

namespace {

const NumberRange positive_number{0.0, 1e300, false, true, "a positive number"};
const NumberRange unit_interval{0.0, 1.0, true, true, "a number in [0, 1]"};
const NumberRange any_finite{-1e300, 1e300, true, true, "a finite number"};
const NumberRange init_std_range{0.0, 1e6, false, true, "a positive number"};

void parse_batch_norm(JsonObjectReader& reader, BatchNormSpec& spec) {
  if (const Json* momentum = reader.find("momentum")) {
    if (momentum->is_string() && momentum->get<std::string>() == "cumulative") {
      spec.cumulative = true;
    } else if (momentum->is_number()) {
      spec.momentum = read_number(*momentum, reader.path_of("momentum"), unit_interval);
    } else {
      throw_expected(reader.path_of("momentum"), "expected_momentum", "a number in [0, 1] or \"cumulative\"",
                     *momentum);
    }
  }
  spec.epsilon = reader.number("epsilon", spec.epsilon, positive_number);
  spec.affine = reader.boolean("affine", spec.affine);
  spec.track_running_stats = reader.boolean("track_running_stats", spec.track_running_stats);
}

// A window extent: one integer for both axes, or [height, width].
Extent2d parse_extent(const Json& value, const std::string& path, std::size_t minimum) {
  const std::string expected = minimum == 0 ? "a non-negative integer or [height, width]"
                                            : "a positive integer or [height, width]";
  if (value.is_array()) {
    if (value.size() != 2) throw_expected(path, "expected_extent", Json{{"minimum", minimum}}, expected, value);
    return {read_count(value[0], path + "[0]", minimum, limits::max_window_extent),
            read_count(value[1], path + "[1]", minimum, limits::max_window_extent)};
  }
  if (!value.is_number()) throw_expected(path, "expected_extent", Json{{"minimum", minimum}}, expected, value);
  const std::size_t extent = read_count(value, path, minimum, limits::max_window_extent);
  return {extent, extent};
}

Json extent_to_json(const Extent2d& extent) {
  if (extent.height == extent.width) return extent.height;
  return Json::array({extent.height, extent.width});
}

Json init_to_json(const InitSpec& init) {
  Json json{{"scheme", name_of(init.scheme, init_scheme_names())}};
  if (init.scheme == InitScheme::uniform || init.scheme == InitScheme::normal) json["std"] = init.std;
  return json;
}

}  // namespace

InitSpec parse_init(const Json& init, const std::string& path) {
  JsonObjectReader reader(init, path);
  InitSpec spec;
  spec.scheme = reader.required_choice("scheme", init_scheme_names());
  if (spec.scheme == InitScheme::uniform || spec.scheme == InitScheme::normal) {
    spec.std = reader.number("std", spec.std, init_std_range);
  }
  reader.finish();
  return spec;
}

std::vector<LayerSpec> parse_layers(const Json& layers, const std::string& path) {
  if (!layers.is_array() || layers.empty()) throw_expected(path, "expected_layer_list", "a non-empty array of layers", layers);
  if (layers.size() > limits::max_layers) {
    throw ConfigError(path, "too_many_layers", Json{{"maximum", limits::max_layers}, {"got", layers.size()}},
                      "expected at most " + std::to_string(limits::max_layers) +
                                " layers, got " + std::to_string(layers.size()));
  }
  std::vector<LayerSpec> specs;
  for (std::size_t index = 0; index < layers.size(); ++index) {
    JsonObjectReader reader(layers[index], path + "[" + std::to_string(index) + "]");
    LayerSpec spec;
    spec.kind = reader.required_choice("type", layer_kind_names());
    switch (spec.kind) {
      case LayerKind::dense:
        spec.units = reader.required_count("units", 1, limits::max_units);
        spec.bias = reader.boolean("bias", spec.bias);
        if (const Json* init = reader.find("init")) spec.init = parse_init(*init, reader.path_of("init"));
        break;
      case LayerKind::batch_norm:
        parse_batch_norm(reader, spec.batch_norm);
        break;
      case LayerKind::leaky_relu:
        spec.negative_slope = reader.number("negative_slope", spec.negative_slope, any_finite);
        break;
      case LayerKind::prelu:
        spec.initial_alpha = reader.number("initial_alpha", spec.initial_alpha, any_finite);
        spec.per_feature = reader.boolean("per_feature", spec.per_feature);
        break;
      case LayerKind::dropout:
        spec.probability = reader.number("probability", spec.probability, unit_interval);
        break;
      case LayerKind::conv2d:
        spec.channels = reader.required_count("channels", 1, limits::max_units);
        spec.kernel = parse_extent(reader.require("kernel"), reader.path_of("kernel"), 1);
        if (const Json* stride = reader.find("stride")) {
          spec.stride = parse_extent(*stride, reader.path_of("stride"), 1);
        }
        if (const Json* padding = reader.find("padding")) {
          spec.padding = parse_extent(*padding, reader.path_of("padding"), 0);
        }
        spec.bias = reader.boolean("bias", spec.bias);
        if (const Json* init = reader.find("init")) spec.init = parse_init(*init, reader.path_of("init"));
        break;
      case LayerKind::max_pool2d:
      case LayerKind::avg_pool2d:
        // PyTorch's default: the stride is the kernel (non-overlapping windows).
        spec.kernel = parse_extent(reader.require("kernel"), reader.path_of("kernel"), 1);
        spec.stride = spec.kernel;
        if (const Json* stride = reader.find("stride")) {
          spec.stride = parse_extent(*stride, reader.path_of("stride"), 1);
        }
        break;
      case LayerKind::sigmoid:
      case LayerKind::tanh:
      case LayerKind::relu:
      case LayerKind::identity:
      case LayerKind::flatten:
        break;
    }
    reader.finish();
    specs.push_back(spec);
  }
  return specs;
}

Json layers_to_json(const std::vector<LayerSpec>& layers) {
  Json array = Json::array();
  for (const LayerSpec& spec : layers) {
    Json layer{{"type", name_of(spec.kind, layer_kind_names())}};
    switch (spec.kind) {
      case LayerKind::dense:
        layer["units"] = spec.units;
        layer["bias"] = spec.bias;
        if (spec.init) layer["init"] = init_to_json(*spec.init);
        break;
      case LayerKind::conv2d:
        layer["channels"] = spec.channels;
        layer["kernel"] = extent_to_json(spec.kernel);
        layer["stride"] = extent_to_json(spec.stride);
        layer["padding"] = extent_to_json(spec.padding);
        layer["bias"] = spec.bias;
        if (spec.init) layer["init"] = init_to_json(*spec.init);
        break;
      case LayerKind::max_pool2d:
      case LayerKind::avg_pool2d:
        layer["kernel"] = extent_to_json(spec.kernel);
        layer["stride"] = extent_to_json(spec.stride);
        break;
      case LayerKind::batch_norm:
        if (spec.batch_norm.cumulative) {
          layer["momentum"] = "cumulative";
        } else {
          layer["momentum"] = spec.batch_norm.momentum;
        }
        layer["epsilon"] = spec.batch_norm.epsilon;
        layer["affine"] = spec.batch_norm.affine;
        layer["track_running_stats"] = spec.batch_norm.track_running_stats;
        break;
      case LayerKind::leaky_relu:
        layer["negative_slope"] = spec.negative_slope;
        break;
      case LayerKind::prelu:
        layer["initial_alpha"] = spec.initial_alpha;
        layer["per_feature"] = spec.per_feature;
        break;
      case LayerKind::dropout:
        layer["probability"] = spec.probability;
        break;
      case LayerKind::sigmoid:
      case LayerKind::tanh:
      case LayerKind::relu:
      case LayerKind::identity:
      case LayerKind::flatten:
        break;
    }
    array.push_back(layer);
  }
  return array;
}

// The schema of what parse_init and parse_layers accept (docs/EXPERIMENT_FORMAT.md).
Json init_schema() {
  // Only uniform and normal take a std (parse_init reads it for them alone).
  Json with_std = Json::array();
  Json without_std = Json::array();
  for (const auto& [scheme, name] : init_scheme_names()) {
    (scheme == InitScheme::uniform || scheme == InitScheme::normal ? with_std : without_std).push_back(name);
  }
  return {{"oneOf",
           {schema::object({{"scheme", {{"enum", with_std}}}, {"std", schema::number(init_std_range, InitSpec{}.std)}},
                           {"scheme"}),
            schema::object({{"scheme", {{"enum", without_std}}}}, {"scheme"})}}};
}

Json layers_schema() {
  const auto extent = [](std::size_t minimum) {
    const Json one = schema::integer(minimum, limits::max_window_extent);
    return Json{{"oneOf", {one, {{"type", "array"}, {"items", one}, {"minItems", 2}, {"maxItems", 2}}}}};
  };
  const BatchNormSpec batch_norm;
  const LayerSpec defaults;
  Json kinds = Json::array();
  for (const auto& [kind, name] : layer_kind_names()) {
    Json properties{{"type", schema::constant(name)}};
    std::vector<std::string> required{"type"};
    switch (kind) {
      case LayerKind::dense:
        properties["units"] = schema::integer(1, limits::max_units);
        properties["bias"] = schema::boolean(defaults.bias);
        properties["init"] = init_schema();
        required.push_back("units");
        break;
      case LayerKind::batch_norm:
        properties["momentum"] = {{"oneOf", {schema::number(unit_interval), schema::constant("cumulative")}},
                                  {"default", batch_norm.momentum}};
        properties["epsilon"] = schema::number(positive_number, batch_norm.epsilon);
        properties["affine"] = schema::boolean(batch_norm.affine);
        properties["track_running_stats"] = schema::boolean(batch_norm.track_running_stats);
        break;
      case LayerKind::leaky_relu:
        properties["negative_slope"] = schema::number(any_finite, defaults.negative_slope);
        break;
      case LayerKind::prelu:
        properties["initial_alpha"] = schema::number(any_finite, defaults.initial_alpha);
        properties["per_feature"] = schema::boolean(defaults.per_feature);
        break;
      case LayerKind::dropout:
        properties["probability"] = schema::number(unit_interval, defaults.probability);
        break;
      case LayerKind::conv2d:
        properties["channels"] = schema::integer(1, limits::max_units);
        properties["kernel"] = extent(1);
        properties["stride"] = extent(1);
        properties["padding"] = extent(0);
        properties["bias"] = schema::boolean(defaults.bias);
        properties["init"] = init_schema();
        required.insert(required.end(), {"channels", "kernel"});
        break;
      case LayerKind::max_pool2d:
      case LayerKind::avg_pool2d:
        properties["kernel"] = extent(1);
        properties["stride"] = extent(1);
        required.push_back("kernel");
        break;
      case LayerKind::sigmoid:
      case LayerKind::tanh:
      case LayerKind::relu:
      case LayerKind::identity:
      case LayerKind::flatten:
        break;
    }
    kinds.push_back(schema::object(properties, required));
  }
  return {{"type", "array"}, {"minItems", 1}, {"maxItems", limits::max_layers}, {"items", {{"oneOf", kinds}}}};
}

}  // namespace bnlab
