// Model files: exact round trips and clear errors for damaged or foreign files.
#include <functional>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "layers/batch_norm.hpp"
#include "model_file/model_file.hpp"
#include "network/initialization.hpp"
#include "support/model_builders.hpp"
#include "support/temporary_directory.hpp"
#include "support/tensors.hpp"

namespace bnlab {
namespace {

using testing::dense_layer;
using testing::layer_of;

ModelSpec small_model() {
  LayerSpec prelu = layer_of<PreluOptions>();
  prelu.as<PreluOptions>().per_feature = true;
  return ModelSpec{{3},
                   {dense_layer(4, false), layer_of<BatchNormOptions>(), prelu, dense_layer(2)}};
}

std::unique_ptr<Network> trained_like_network() {
  auto network = std::make_unique<Network>(small_model(), 0);
  initialize_parameters(*network, InitSpec{}, 17);
  const Tensor inputs = testing::matrix_tensor({{0.1, -2.0, 3.3}, {1.0, 0.25, -0.7}, {2.5, 1.5, 0.125}});
  for (int step = 0; step < 3; ++step) network->forward(inputs, Mode::train);  // running statistics move
  auto& batch_norm = static_cast<BatchNorm&>(network->layer(1));
  batch_norm.gamma() = testing::vector_tensor({1.1, 0.9, 1.0 / 3.0, 2.0});
  return network;
}

TEST(ModelFile, SaveAndLoadRoundTripsEveryTensorExactly) {
  testing::TemporaryDirectory folder;
  auto network = trained_like_network();
  const std::string path = folder.file("model.json");
  save_model_file(path, model_to_json(*network, 42, Json{{"name", "x"}}));
  const ModelFile file = load_model_file(path);
  EXPECT_EQ(file.trained_steps, 42u);
  EXPECT_EQ(file.experiment["name"], "x");
  EXPECT_EQ(file.model.input_shape, Shape{3});
  ASSERT_EQ(file.model.layers.size(), 4u);
  EXPECT_TRUE(file.model.layers[2].as<PreluOptions>().per_feature);
  const auto loaded = network_from_model(file, path);
  std::size_t compared = 0;
  for (std::size_t index = 0; index < network->named_parameters().size(); ++index) {
    EXPECT_EQ(*network->named_parameters()[index].parameter.value, *loaded->named_parameters()[index].parameter.value)
        << network->named_parameters()[index].name;
    ++compared;
  }
  for (std::size_t index = 0; index < network->named_buffers().size(); ++index) {
    EXPECT_EQ(testing::buffer_value(network->named_buffers()[index].buffer), testing::buffer_value(loaded->named_buffers()[index].buffer))
        << network->named_buffers()[index].name;
    ++compared;
  }
  EXPECT_EQ(compared, 6u + 3u);  // 6 parameters (2 dense weights, 1 bias, γ, β, α) + 3 BN buffers
}

TEST(ModelFile, TensorNamesFollowTheStateDictConvention) {
  auto network = trained_like_network();
  const Json document = model_to_json(*network, 0, nullptr);
  std::vector<std::string> names;
  for (const auto& [name, tensor] : document["tensors"].items()) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"layers.0.weight", "layers.1.beta", "layers.1.gamma",
                                             "layers.1.num_batches_tracked", "layers.1.running_mean",
                                             "layers.1.running_variance", "layers.2.alpha", "layers.3.bias",
                                             "layers.3.weight"}));
  EXPECT_EQ(document["tensors"]["layers.0.weight"]["shape"], Json::array({4, 3}));
  EXPECT_EQ(document["tensors"]["layers.0.weight"]["data"].size(), 12u);
  EXPECT_EQ(document["format"], "bnlab-model");
  EXPECT_EQ(document["version"], 1);
}

TEST(ModelFile, AFileThatDoesNotFitChangesNothing) {
  auto network = trained_like_network();
  Json bad = model_to_json(*network, 0, nullptr);
  // The last tensor checked has the wrong shape; every earlier one fits and would have been
  // assigned already if loading were not all or nothing.
  bad["tensors"]["layers.3.weight"]["shape"] = {3, 4};
  bad["tensors"]["layers.3.weight"]["data"] = std::vector<double>(12, 1.0);
  Network untouched(small_model(), 0);
  Network target(small_model(), 0);
  EXPECT_THROW(apply_model_tensors(target, parse_model_json(bad, "bad"), "bad"), ModelFileError);
  for (std::size_t index = 0; index < target.named_parameters().size(); ++index) {
    EXPECT_EQ(*target.named_parameters()[index].parameter.value, *untouched.named_parameters()[index].parameter.value)
        << target.named_parameters()[index].name;
  }
  for (std::size_t index = 0; index < target.named_buffers().size(); ++index) {
    EXPECT_EQ(testing::buffer_value(target.named_buffers()[index].buffer), testing::buffer_value(untouched.named_buffers()[index].buffer))
        << target.named_buffers()[index].name;
  }
}

// num_batches_tracked is written as a JSON integer and read exactly (not through a float,
// which rounds past 2^24); files that hold it as 20.0 still load.
TEST(ModelFile, BatchCountIsAnExactInteger) {
  auto network = trained_like_network();
  Json document = model_to_json(*network, 0, nullptr);
  const Json& written = document["tensors"]["layers.1.num_batches_tracked"];
  EXPECT_EQ(written["shape"], Json::array({1}));
  ASSERT_TRUE(written["data"][0].is_number_integer());
  EXPECT_EQ(written["data"][0].get<std::int64_t>(), 3);  // three train-mode forwards
  const auto count_after_loading = [](const Json& model) {
    const auto loaded = network_from_model(parse_model_json(model, "m"), "m");
    return *static_cast<BatchNorm&>(loaded->layer(1)).buffers()[2].count;
  };
  document["tensors"]["layers.1.num_batches_tracked"]["data"][0] = 9007199254740993ULL;  // 2^53 + 1
  EXPECT_EQ(count_after_loading(document), std::int64_t{9007199254740993});
  document["tensors"]["layers.1.num_batches_tracked"]["data"][0] = 20.0;
  EXPECT_EQ(count_after_loading(document), 20);
  document["tensors"]["layers.1.num_batches_tracked"]["data"][0] = 1e19;  // beyond int64
  EXPECT_THROW(count_after_loading(document), ModelFileError);
}

struct Damage {
  const char* what;
  std::function<std::string(const std::string& good_text)> damage;
  const char* message_after_path;
};

TEST(ModelFile, DamagedFilesGiveClearErrors) {
  testing::TemporaryDirectory folder;
  auto network = trained_like_network();
  const std::string good = model_to_json(*network, 5, nullptr).dump();
  const auto edit = [&good](const std::function<void(Json&)>& change) {
    Json document = Json::parse(good);
    change(document);
    return document.dump();
  };
  const std::vector<Damage> cases{
      {"truncated", [](const std::string& text) { return text.substr(0, text.size() / 2); },
       "not valid JSON (damaged or truncated at byte"},
      {"empty", [](const std::string&) { return std::string(); }, "not valid JSON (damaged or truncated at byte 1)"},
      {"foreign JSON", [](const std::string&) { return std::string("{\"weights\": [1, 2]}"); },
       "format: required field is missing"},
      {"other format", [&](const std::string&) { return edit([](Json& d) { d["format"] = "keras"; }); },
       "format: expected \"bnlab-model\" (this is not a bnlab model file), got \"keras\""},
      {"newer version", [&](const std::string&) { return edit([](Json& d) { d["version"] = 2; }); },
       "version: this bnlab reads model files of version 1, got 2"},
      {"missing tensor", [&](const std::string&) { return edit([](Json& d) { d["tensors"].erase("layers.1.gamma"); }); },
       "tensors.layers.1.gamma is missing (expected shape [4])"},
      {"wrong shape", [&](const std::string&) {
         return edit([](Json& d) { d["tensors"]["layers.3.bias"] = {{"shape", {3}}, {"data", {1, 2, 3}}}; });
       }, "tensors.layers.3.bias has shape [3], expected [2]"},
      {"data does not fit shape", [&](const std::string&) {
         return edit([](Json& d) { d["tensors"]["layers.3.bias"]["data"] = {1}; });
       }, "tensors.layers.3.bias.data: expected an array of 2 numbers (shape [2], row-major), got an array of 1 values"},
      {"NaN written as null", [&](const std::string&) {
         return edit([](Json& d) { d["tensors"]["layers.3.bias"]["data"][1] = nullptr; });
       }, "tensors.layers.3.bias.data[1]: expected a finite number, got null"},
      {"extra tensor", [&](const std::string&) {
         return edit([](Json& d) { d["tensors"]["layers.9.weight"] = {{"shape", {1}}, {"data", {1}}}; });
       }, "tensors.layers.9.weight does not belong to this architecture"},
      {"batch count of two values", [&](const std::string&) {
         return edit([](Json& d) { d["tensors"]["layers.1.num_batches_tracked"] = {{"shape", {2}}, {"data", {1, 2}}}; });
       }, "tensors.layers.1.num_batches_tracked.shape: expected [1] (one count of batches), got [2]"},
      {"missing batch count", [&](const std::string&) {
         return edit([](Json& d) { d["tensors"].erase("layers.1.num_batches_tracked"); });
       }, "tensors.layers.1.num_batches_tracked is missing (expected shape [1])"},
      {"batch count on a layer without one", [&](const std::string&) {
         return edit([](Json& d) { d["tensors"]["layers.2.num_batches_tracked"] = {{"shape", {1}}, {"data", {1}}}; });
       }, "tensors.layers.2.num_batches_tracked does not belong to this architecture"},
      {"bad architecture", [&](const std::string&) { return edit([](Json& d) { d["model"]["layers"][0]["units"] = 0; }); },
       "model.layers[0].units: expected a positive integer, got 0"},
  };
  for (const Damage& bad : cases) {
    const std::string path = folder.write("damaged.json", bad.damage(good));
    try {
      const ModelFile file = load_model_file(path);
      network_from_model(file, path);
      ADD_FAILURE() << bad.what << ": was accepted";
    } catch (const ModelFileError& error) {
      const std::string expected_start = path + ": " + bad.message_after_path;
      EXPECT_EQ(std::string(error.what()).substr(0, expected_start.size()), expected_start) << bad.what;
    }
  }
  try {
    load_model_file(folder.file("absent.json"));
    FAIL();
  } catch (const ModelFileError& error) {
    EXPECT_EQ(std::string(error.what()), folder.file("absent.json") + ": cannot open the model file");
  }
}

}  // namespace
}  // namespace bnlab
