#include "model_file/model_file.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "experiment/experiment.hpp"
#include "experiment/limits.hpp"

namespace bnlab {

namespace {

Json tensor_to_json(const Tensor& tensor) {
  Json data = Json::array();
  for (const Scalar value : tensor) data.push_back(static_cast<double>(value));
  return Json{{"shape", shape_of(tensor)}, {"data", std::move(data)}};
}

Tensor tensor_from_json(const Json& entry, const std::string& path) {
  JsonObjectReader reader(entry, path);
  const Json& shape_json = reader.require("shape");
  if (!shape_json.is_array() || shape_json.size() > 4) {
    throw_expected(reader.path_of("shape"), "expected_shape", Json{{"max_rank", 4}}, "an array of at most 4 sizes",
                   shape_json);
  }
  Shape shape;
  for (std::size_t axis = 0; axis < shape_json.size(); ++axis) {
    shape.push_back(read_count(shape_json[axis], reader.path_of("shape") + "[" + std::to_string(axis) + "]",
                               1, max_parameter_count));
  }
  const Json& data = reader.require("data");
  const std::size_t expected = element_count(shape);  // saturates: never wraps to a small count
  if (expected > max_parameter_count) {
    throw ConfigError(reader.path_of("shape"), "too_many_values", Json{{"maximum", max_parameter_count}},
                      "expected at most " + std::to_string(max_parameter_count) +
                                                   " values, got " + shape_to_string(shape));
  }
  if (!data.is_array() || data.size() != expected) {
    throw_expected(reader.path_of("data"), "expected_tensor_data", Json{{"count", expected}},
                   "an array of " + std::to_string(expected) + " numbers (shape " +
                       shape_to_string(shape) + ", row-major)",
                   data);
  }
  reader.finish();
  Tensor tensor = Tensor::from_shape(shape);
  const NumberRange finite{-3.4e38, 3.4e38, true, true, "a finite number"};
  for (std::size_t index = 0; index < expected; ++index) {
    tensor.data()[index] = static_cast<Scalar>(
        read_number(data[index], reader.path_of("data") + "[" + std::to_string(index) + "]", finite));
  }
  return tensor;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Json counter_to_json(std::int64_t count) { return Json{{"shape", Shape{1}}, {"data", Json::array({count})}}; }

bool is_counter_name(const std::string& name) { return ends_with(name, ".num_batches_tracked"); }

// A variance is never negative. Values are finite already.
void check_buffer_meaning(const std::string& name, const Tensor& tensor) {
  if (!ends_with(name, ".running_variance")) return;
  for (std::size_t index = 0; index < tensor.size(); ++index) {
    const double value = tensor.data()[index];
    if (value < 0.0) {
      const std::string path = "tensors." + name + ".data[" + std::to_string(index) + "]";
      throw ConfigError(path, "negative_variance", Json{{"got", Json(value).dump()}}, "expected a non-negative number (a variance), got " + Json(value).dump());
    }
  }
}

// The batch count: one non-negative integer (cumulative momentum divides by it), read exactly
// from the JSON number rather than through a float, which would round counts past 2^24.
// Files written before the count was an integer hold it as 20.0: an integral float is fine.
std::int64_t counter_from_json(const Json& entry, const std::string& name) {
  const Tensor checked = tensor_from_json(entry, "tensors." + name);  // shape, data, finite
  if (shape_of(checked) != Shape{1}) {
    throw ConfigError("tensors." + name + ".shape", "expected_count_shape", Json{{"got", shape_to_string(shape_of(checked))}},
                      "expected [1] (one count of batches), got " + shape_to_string(shape_of(checked)));
  }
  const Json& value = entry.at("data").at(0);
  const std::string path = "tensors." + name + ".data[0]";
  const double approximate = value.get<double>();
  constexpr double beyond_int64 = 9223372036854775808.0;  // 2^63
  if (approximate < 0.0 || approximate != std::floor(approximate) || approximate >= beyond_int64) {
    throw ConfigError(path, "expected_batch_count", Json{{"got", Json(approximate).dump()}},
                      "expected a non-negative integer (a count of batches), got " + Json(approximate).dump());
  }
  if (value.is_number_unsigned()) return static_cast<std::int64_t>(value.get<std::uint64_t>());
  if (value.is_number_integer()) return value.get<std::int64_t>();
  return static_cast<std::int64_t>(approximate);
}

}  // namespace

Json model_to_json(Network& network, std::size_t trained_steps, const Json& experiment) {
  Json tensors = Json::object();
  for (const NamedParameter& named : network.named_parameters()) {
    tensors[named.name] = tensor_to_json(*named.parameter.value);
  }
  for (const NamedBuffer& named : network.named_buffers()) {
    tensors[named.name] = named.buffer.count != nullptr ? counter_to_json(*named.buffer.count)
                                                        : tensor_to_json(*named.buffer.value);
  }
  Json document{{"format", model_format_name},
                {"version", model_format_version},
                {"model", {{"input", network.spec().input_shape},
                           {"layers", layers_to_json(network.spec().layers)}}},
                {"trained_steps", trained_steps},
                {"tensors", std::move(tensors)}};
  if (!experiment.is_null()) document["experiment"] = experiment;
  return document;
}

ModelFile parse_model_json(Json document, const std::string& what) {
  try {
    JsonObjectReader reader(document, "");
    const Json& format = reader.require("format");
    if (format != model_format_name) {
      throw ConfigError("format", "not_a_model_file", Json{{"got", describe_json(format)}}, "expected \"bnlab-model\" (this is not a bnlab model file), got " +
                                      describe_json(format));
    }
    const std::size_t version = reader.required_count("version", 1, 1000000);
    if (version != static_cast<std::size_t>(model_format_version)) {
      throw ConfigError("version", "model_file_version", Json{{"supported", model_format_version}, {"got", version}},
                        "this bnlab reads model files of version " +
                                       std::to_string(model_format_version) + ", got " +
                                       std::to_string(version));
    }
    ModelFile file;
    file.origin = what;
    JsonObjectReader model = reader.object("model");
    const Json& input = model.require("input");
    if (!input.is_array() || input.empty() || input.size() > 4) {
      throw_expected("model.input", "expected_shape", Json{{"max_rank", 4}}, "an array of 1 to 4 sizes", input);
    }
    for (std::size_t axis = 0; axis < input.size(); ++axis) {
      file.model.input_shape.push_back(
          read_count(input[axis], "model.input[" + std::to_string(axis) + "]", 1, limits::max_features));
    }
    if (element_count(file.model.input_shape) > max_values_per_sample) {
      throw ConfigError("model.input", "too_many_values_per_sample", Json{{"maximum", max_values_per_sample}},
                        "expected at most " + std::to_string(max_values_per_sample) +
                                           " values per sample, got " + shape_to_string(file.model.input_shape));
    }
    file.model.layers = parse_layers(model.require("layers"), "model.layers");
    model.finish();
    file.trained_steps = reader.count("trained_steps", 0, 0, limits::max_steps * 1000);
    // Moved out of the document, not copied (a copy walks it recursively).
    if (reader.find("experiment") != nullptr) file.experiment = std::move(document["experiment"]);
    const Json& tensors = reader.require("tensors");
    if (!tensors.is_object()) throw_expected("tensors", "expected_tensors", "an object of named tensors", tensors);
    for (const auto& [name, entry] : tensors.items()) {
      if (is_counter_name(name)) {
        file.counts[name] = counter_from_json(entry, name);
        continue;
      }
      Tensor tensor = tensor_from_json(entry, "tensors." + name);
      check_buffer_meaning(name, tensor);
      file.tensors[name] = std::move(tensor);
    }
    reader.finish();
    return file;
  } catch (const ConfigError& error) {
    throw ModelFileError(what + ": " + error.what());
  }
}

ModelFile parse_model_text(const std::string& text, const std::string& what) {
  Json document;
  try {
    document = parse_strict_json(text, what, "damaged or truncated ");
  } catch (const ConfigError& error) {
    throw ModelFileError(error.what());
  }
  return parse_model_json(std::move(document), what);
}

ModelFile load_model_file(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw ModelFileError(path + ": cannot open the model file");
  std::ostringstream text;
  text << stream.rdbuf();
  return parse_model_text(text.str(), path);
}

void save_model_file(const std::string& path, const Json& model) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  if (!stream) throw ModelFileError(path + ": cannot write the model file");
  stream << model.dump() << '\n';
  if (!stream) throw ModelFileError(path + ": writing the model file failed");
}

void apply_model_tensors(Network& network, const ModelFile& file, const std::string& what) {
  // Every tensor is checked before any is assigned: a file that does not fit leaves the
  // network exactly as it was.
  std::vector<std::pair<Tensor*, const Tensor*>> assignments;
  std::vector<std::pair<std::int64_t*, std::int64_t>> count_assignments;
  const auto check_count = [&](const std::string& name, std::int64_t& target) {
    const auto found = file.counts.find(name);
    if (found == file.counts.end()) {
      throw ModelFileError(what + ": tensors." + name + " is missing (expected shape [1])");
    }
    count_assignments.emplace_back(&target, found->second);
  };
  const auto check = [&](const std::string& name, Tensor& target) {
    const auto found = file.tensors.find(name);
    if (found == file.tensors.end()) {
      throw ModelFileError(what + ": tensors." + name + " is missing (expected shape " +
                           shape_to_string(shape_of(target)) + ")");
    }
    if (shape_of(found->second) != shape_of(target)) {
      throw ModelFileError(what + ": tensors." + name + " has shape " +
                           shape_to_string(shape_of(found->second)) + ", expected " +
                           shape_to_string(shape_of(target)));
    }
    assignments.emplace_back(&target, &found->second);
  };
  for (const NamedParameter& named : network.named_parameters()) check(named.name, *named.parameter.value);
  for (const NamedBuffer& named : network.named_buffers()) {
    if (named.buffer.count != nullptr) {
      check_count(named.name, *named.buffer.count);
    } else {
      check(named.name, *named.buffer.value);
    }
  }
  if (assignments.size() != file.tensors.size() || count_assignments.size() != file.counts.size()) {
    const auto known = [&](const std::string& name) {
      bool found = false;
      for (const NamedParameter& named : network.named_parameters()) found = found || named.name == name;
      for (const NamedBuffer& named : network.named_buffers()) found = found || named.name == name;
      return found;
    };
    for (const auto& [name, tensor] : file.tensors) {
      if (!known(name)) throw ModelFileError(what + ": tensors." + name + " does not belong to this architecture");
    }
    for (const auto& [name, count] : file.counts) {
      if (!known(name)) throw ModelFileError(what + ": tensors." + name + " does not belong to this architecture");
    }
  }
  for (const auto& [target, source] : assignments) *target = *source;
  for (const auto& [target, source] : count_assignments) *target = source;
}

void check_model_architecture(const ModelFile& file, const ModelSpec& model) {
  if (!model.input_shape.empty() && file.model.input_shape != model.input_shape) {
    throw ModelFileError(file.origin + ": model.input is " + shape_to_string(file.model.input_shape) +
                         ", but the network takes " + shape_to_string(model.input_shape));
  }
  const Json declared = layers_to_json(file.model.layers);
  const Json expected = layers_to_json(model.layers);
  for (std::size_t index = 0; index < std::max(declared.size(), expected.size()); ++index) {
    const std::string in_file = index < declared.size() ? declared[index].dump() : "nothing";
    const std::string in_network = index < expected.size() ? expected[index].dump() : "nothing";
    if (in_file != in_network) {
      throw ModelFileError(file.origin + ": model.layers[" + std::to_string(index) + "] is " + in_file +
                           ", but the network's layer " + std::to_string(index) + " is " + in_network +
                           " (the file was saved from another architecture)");
    }
  }
}

std::unique_ptr<Network> network_from_model(const ModelFile& file, const std::string& what) {
  std::unique_ptr<Network> network;
  try {
    network = std::make_unique<Network>(file.model, 0);
  } catch (const ConfigError& error) {
    throw ModelFileError(what + ": " + error.what());
  }
  apply_model_tensors(*network, file, what);
  return network;
}

}  // namespace bnlab
