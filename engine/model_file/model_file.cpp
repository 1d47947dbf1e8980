#include "model_file/model_file.hpp"

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
  const std::size_t expected = element_count(shape);
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

}  // namespace

Json model_to_json(Network& network, std::size_t trained_steps, const Json& experiment) {
  Json tensors = Json::object();
  for (const NamedParameter& named : network.named_parameters()) {
    tensors[named.name] = tensor_to_json(*named.parameter.value);
  }
  for (const NamedBuffer& named : network.named_buffers()) {
    tensors[named.name] = tensor_to_json(*named.buffer.value);
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

ModelFile parse_model_json(const Json& document, const std::string& what) {
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
    JsonObjectReader model = reader.object("model");
    const Json& input = model.require("input");
    if (!input.is_array() || input.empty() || input.size() > 4) {
      throw_expected("model.input", "expected_shape", Json{{"max_rank", 4}}, "an array of 1 to 4 sizes", input);
    }
    for (std::size_t axis = 0; axis < input.size(); ++axis) {
      file.model.input_shape.push_back(
          read_count(input[axis], "model.input[" + std::to_string(axis) + "]", 1, limits::max_features));
    }
    file.model.layers = parse_layers(model.require("layers"), "model.layers");
    model.finish();
    file.trained_steps = reader.count("trained_steps", 0, 0, limits::max_steps * 1000);
    if (const Json* experiment = reader.find("experiment")) file.experiment = *experiment;
    const Json& tensors = reader.require("tensors");
    if (!tensors.is_object()) throw_expected("tensors", "expected_tensors", "an object of named tensors", tensors);
    for (const auto& [name, entry] : tensors.items()) {
      file.tensors[name] = tensor_from_json(entry, "tensors." + name);
    }
    reader.finish();
    return file;
  } catch (const ConfigError& error) {
    throw ModelFileError(what + ": " + error.what());
  }
}

ModelFile load_model_file(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw ModelFileError(path + ": cannot open the model file");
  std::ostringstream text;
  text << stream.rdbuf();
  Json document;
  try {
    document = Json::parse(text.str());
  } catch (const Json::parse_error& error) {
    throw ModelFileError(path + ": not valid JSON (damaged or truncated at byte " +
                         std::to_string(error.byte) + ")");
  }
  return parse_model_json(document, path);
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
  for (const NamedBuffer& named : network.named_buffers()) check(named.name, *named.buffer.value);
  if (assignments.size() != file.tensors.size()) {
    for (const auto& [name, tensor] : file.tensors) {
      bool known = false;
      for (const NamedParameter& named : network.named_parameters()) known = known || named.name == name;
      for (const NamedBuffer& named : network.named_buffers()) known = known || named.name == name;
      if (!known) throw ModelFileError(what + ": tensors." + name + " does not belong to this architecture");
    }
  }
  for (const auto& [target, source] : assignments) *target = *source;
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
