#pragma once
// The model file: architecture, every parameter and BatchNorm buffer, versioned JSON that a
// person or another tool can write by hand (docs/MODEL_FORMAT.md). Tensors are named like a
// PyTorch state_dict ("layers.0.weight"), with their shape and row-major data.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "experiment/json_reader.hpp"
#include "network/network.hpp"

namespace bnlab {

constexpr const char* model_format_name = "bnlab-model";
constexpr int model_format_version = 1;

struct ModelFile {
  ModelSpec model;
  std::map<std::string, Tensor> tensors;
  // The batch counters (BatchNorm's num_batches_tracked), exact integers, by the same names.
  std::map<std::string, std::int64_t> counts;
  std::size_t trained_steps = 0;
  Json experiment;  // the experiment it was trained with, or null
  std::string origin;  // the file (or "initial model" for text from JavaScript), named in errors
};

Json model_to_json(Network& network, std::size_t trained_steps, const Json& experiment);

// Validates and reads; `what` names the file in every error (ModelFileError).
ModelFile parse_model_json(Json document, const std::string& what);
// Model file text (JSON, read strictly: see parse_strict_json) to a validated ModelFile.
ModelFile parse_model_text(const std::string& text, const std::string& what);
ModelFile load_model_file(const std::string& path);
void save_model_file(const std::string& path, const Json& model);

// Sets every parameter and buffer of `network` from the file; the file must hold exactly
// the tensors the network has, with the same shapes. All or nothing: on an error the
// network is unchanged.
void apply_model_tensors(Network& network, const ModelFile& file, const std::string& what);

// The one architecture check for every use of a model file (eval, fold, train --init, the JS
// API's loadModel): the file's declared input and layers must be `model`'s. Throws a
// ModelFileError naming the first layer that differs.
void check_model_architecture(const ModelFile& file, const ModelSpec& model);

// Builds the network the file describes, with its tensors.
std::unique_ptr<Network> network_from_model(const ModelFile& file, const std::string& what);

}  // namespace bnlab
