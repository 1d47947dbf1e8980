// Issue 14's bad inputs, one table row each, run through the command line as a user would:
// every row names the input, the command, the exit code and the exact error line. Together
// they are the regression tests of the numbered defects (1 deep nesting, 3 wrapped shapes,
// 4 accepted-but-wrong files, 5 unclean messages); defect 2 (NaN weights) is in cli_test.cpp
// and run_test.cpp.
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "experiment/json_reader.hpp"
#include "support/cli_runner.hpp"
#include "support/temporary_directory.hpp"

namespace bnlab {
namespace {

using testing::Outcome;
using testing::run_cli;

// A small BN experiment that trains in well under a second.
Json small_experiment() {
  return Json::parse(R"({
    "name": "small", "seed": 3,
    "dataset": {"kind": "spirals", "samples": 200, "noise": 0.1, "classes": 2},
    "split": {"validation": 0.1, "test": 0.2},
    "preprocessing": "standardize",
    "model": {"layers": [{"type": "dense", "units": 8, "bias": false}, {"type": "batchnorm"},
                         {"type": "relu"}, {"type": "dense", "units": 2}]},
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "learning_rate": 0.1},
    "training": {"batch_size": 16, "steps": 20}
  })");
}

std::string nested(std::size_t levels) {
  std::string text;
  for (std::size_t level = 0; level < levels; ++level) text += "{\"a\":";
  text += "1";
  text.append(levels, '}');
  return text;
}

std::string repeated_path(std::size_t levels) {
  std::string path;
  for (std::size_t level = 0; level < levels; ++level) path += (level ? ".a" : "a");
  return path;
}

struct Row {
  const char* what;
  // Writes the input files into the folder and returns the command line after "bnlab".
  std::function<std::string(const testing::TemporaryDirectory&, const Json& model)> command;
  int exit_code;
  // The exact line the CLI prints; "{folder}" stands for the temporary folder.
  std::function<std::string()> expected;
};

std::string replace_folder(std::string text, const std::string& folder) {
  for (std::size_t at = text.find("{folder}"); at != std::string::npos; at = text.find("{folder}", at)) {
    text.replace(at, 8, folder);
  }
  return text;
}

TEST(BadInput, EveryCaseGivesItsExactMessage) {
  using Folder = testing::TemporaryDirectory;
  // A trained model file, which the model rows damage one way each.
  const Folder folder;
  const std::string trained = run_cli("train " + folder.write("small.json", small_experiment().dump()) +
                                      " --quiet --out " + folder.file("records.jsonl") + " --save " +
                                      folder.file("model.json")).output;
  ASSERT_TRUE(trained.empty()) << trained;
  const Json model = Json::parse(testing::read_text(folder.file("model.json")));
  const auto experiment_with = [](const std::function<void(Json&)>& change) {
    Json experiment = small_experiment();
    change(experiment);
    return experiment.dump();
  };
  const auto model_with = [](const Json& model, const std::function<void(Json&)>& change) {
    Json copy = model;
    change(copy);
    return copy.dump();
  };
  const std::vector<Row> rows{
      // 1. Deep nesting: a named error at every entry point, no crash.
      {"experiment nested 200 000 levels deep",
       [](const Folder& f, const Json&) { return "train " + f.write("deep.json", nested(200000)); }, 1,
       [] { return "bnlab train: error: {folder}/deep.json: " + repeated_path(64) +
                   ": nested more than 64 levels deep (arrays and objects inside each other)"; }},
      {"model file nested 200 000 levels deep",
       [](const Folder& f, const Json&) { return "eval " + f.write("deep-model.json", "[" + nested(200000) + "]"); }, 1,
       [] { return "bnlab eval: error: {folder}/deep-model.json: [0]." + repeated_path(63) +
                   ": nested more than 64 levels deep (arrays and objects inside each other)"; }},
      {"initial model nested deeply",
       [](const Folder& f, const Json&) {
         return "train " + f.write("e.json", small_experiment().dump()) + " --quiet --out " + f.file("o.jsonl") +
                " --init " + f.write("deep-init.json", nested(100));
       }, 1,
       [] { return "bnlab train: error: {folder}/deep-init.json: " + repeated_path(64) +
                   ": nested more than 64 levels deep (arrays and objects inside each other)"; }},
      {"model file nested 100 000 levels deep (fold)",
       [](const Folder& f, const Json&) { return "fold " + f.write("deep-fold.json", "[" + nested(100000) + "]"); }, 1,
       [] { return "bnlab fold: error: {folder}/deep-fold.json: [0]." + repeated_path(63) +
                   ": nested more than 64 levels deep (arrays and objects inside each other)"; }},
      {"model file nested 65 levels deep (fold)",
       [](const Folder& f, const Json&) { return "fold " + f.write("deep-fold-65.json", nested(65)); }, 1,
       [] { return "bnlab fold: error: {folder}/deep-fold-65.json: " + repeated_path(64) +
                   ": nested more than 64 levels deep (arrays and objects inside each other)"; }},
      // validate reports problems as JSON lines (docs/ERRORS.md), the deep document as one.
      {"experiment nested 100 000 levels deep (validate)",
       [](const Folder& f, const Json&) { return "validate " + f.write("deep-validate.json", nested(100000)); }, 1,
       [] { return R"json({"code":"too_deep","message":")json" + repeated_path(64) +
                   R"json(: nested more than 64 levels deep (arrays and objects inside each other)","params":{"maximum":64},"path":")json" +
                   repeated_path(64) + R"json("})json"; }},
      // validate names no file in its problems: each path is the field alone, never ": path".
      {"1e400 (validate)",
       [](const Folder& f, const Json&) {
         std::string text = small_experiment().dump();
         text.replace(text.find("\"learning_rate\":0.1"), 19, "\"learning_rate\":1e400");
         return "validate " + f.write("big-validate.json", text);
       }, 1,
       [] { return std::string(R"json({"code":"number_out_of_range","message":"optimizer.learning_rate: the number 1e400 is )json"
                               R"json(beyond the range of a double (about 1.8e308)","params":{"got":"1e400"},"path":"optimizer.learning_rate"})json"); }},
      {"duplicate key (validate)",
       [](const Folder& f, const Json&) {
         std::string text = small_experiment().dump();
         text.replace(text.find("\"seed\":3"), 8, "\"seed\":3,\"seed\":4");
         return "validate " + f.write("duplicate-validate.json", text);
       }, 1,
       [] { return std::string(R"json({"code":"duplicate_key","message":"seed: duplicate key (an object may give each key only )json"
                               R"json(once)","params":{"key":"seed"},"path":"seed"})json"); }},
      {"sweep file nested 100 000 levels deep",
       [](const Folder& f, const Json&) { return "sweep " + f.write("deep-sweep.json", nested(100000)); }, 1,
       [] { return "bnlab sweep: error: {folder}/deep-sweep.json: " + repeated_path(64) +
                   ": nested more than 64 levels deep (arrays and objects inside each other)"; }},
      {"sweep whose experiment file is nested 100 000 levels deep",
       [](const Folder& f, const Json&) {
         f.write("deep-experiment.json", nested(100000));
         return "sweep " + f.write("sweep-of-deep.json", R"({"experiment": "deep-experiment.json",
             "axes": [{"path": "optimizer.learning_rate", "values": [0.1]}]})");
       }, 1,
       [] { return "bnlab sweep: error: {folder}/sweep-of-deep.json: {folder}/deep-experiment.json: " + repeated_path(64) +
                   ": nested more than 64 levels deep (arrays and objects inside each other)"; }},
      // 3. Shapes whose element count wraps around 2^64.
      {"model.input whose element count wraps",
       [&](const Folder& f, const Json&) {
         return "train " + f.write("wrap.json", experiment_with([](Json& e) {
                  e["model"]["input"] = {73484, 78814, 34597, 92063};
                }));
       }, 1,
       [] { return std::string("bnlab train: error: model.input: expected at most 16777216 values per sample, "
                               "got [73484, 78814, 34597, 92063]"); }},
      {"tensor shape [65536, 65536, 65536, 65536] with empty data",
       [&](const Folder& f, const Json& model) {
         return "eval " + f.write("wrap-model.json", model_with(model, [](Json& m) {
                  m["tensors"]["layers.3.bias"] = {{"shape", {65536, 65536, 65536, 65536}}, {"data", Json::array()}};
                }));
       }, 1,
       [] { return std::string("bnlab eval: error: {folder}/wrap-model.json: tensors.layers.3.bias.shape: expected "
                               "at most 50000000 values, got [65536, 65536, 65536, 65536]"); }},
      // 4. Accepted but wrong.
      {"num_batches_tracked -1",
       [&](const Folder& f, const Json& model) {
         return "eval " + f.write("count.json", model_with(model, [](Json& m) {
                  m["tensors"]["layers.1.num_batches_tracked"]["data"][0] = -1;
                }));
       }, 1,
       [] { return std::string("bnlab eval: error: {folder}/count.json: tensors.layers.1.num_batches_tracked.data[0]: "
                               "expected a non-negative integer (a count of batches), got -1.0"); }},
      {"num_batches_tracked 2.5",
       [&](const Folder& f, const Json& model) {
         return "fold " + f.write("count2.json", model_with(model, [](Json& m) {
                  m["tensors"]["layers.1.num_batches_tracked"]["data"][0] = 2.5;
                }));
       }, 1,
       [] { return std::string("bnlab fold: error: {folder}/count2.json: tensors.layers.1.num_batches_tracked.data[0]: "
                               "expected a non-negative integer (a count of batches), got 2.5"); }},
      {"negative running variance",
       [&](const Folder& f, const Json& model) {
         return "fold " + f.write("variance.json", model_with(model, [](Json& m) {
                  m["tensors"]["layers.1.running_variance"]["data"][2] = -0.5;
                }));
       }, 1,
       [] { return std::string("bnlab fold: error: {folder}/variance.json: tensors.layers.1.running_variance.data[2]: "
                               "expected a non-negative number (a variance), got -0.5"); }},
      {"finite weights of 1e38 (eval)",
       [&](const Folder& f, const Json& model) {
         return "eval " + f.write("huge.json", model_with(model, [](Json& m) {
                  for (Json& value : m["tensors"]["layers.3.weight"]["data"]) value = 1e38;
                }));
       }, 1,
       [] { return std::string("bnlab eval: error: {folder}/huge.json: the model's loss on the train split is not "
                               "finite (its weights overflow float arithmetic)"); }},
      {"finite weights of 1e38 (fold)",
       [&](const Folder& f, const Json& model) {
         return "fold " + f.write("huge-fold.json", model_with(model, [](Json& m) {
                  for (Json& value : m["tensors"]["layers.3.weight"]["data"]) value = 1e38;
                }));
       }, 1,
       [] { return std::string("bnlab fold: error: {folder}/huge-fold.json: the model's outputs are not finite (its "
                               "weights overflow float arithmetic), so folding cannot be checked"); }},
      {"train --init with another declared architecture",
       [&](const Folder& f, const Json& model) {
         return "train " + f.write("e.json", small_experiment().dump()) + " --quiet --out " + f.file("o.jsonl") +
                " --init " + f.write("tanh.json", model_with(model, [](Json& m) {
                  m["model"]["layers"][2]["type"] = "tanh";
                }));
       }, 1,
       [] { return std::string("bnlab train: error: {folder}/tanh.json: model.layers[2] is {\"type\":\"tanh\"}, but the "
                               "network's layer 2 is {\"type\":\"relu\"} (the file was saved from another architecture)"); }},
      {"duplicate key in an experiment",
       [](const Folder& f, const Json&) {
         std::string text = small_experiment().dump();
         text.replace(text.find("\"units\":8"), 9, "\"units\":8,\"units\":9");
         return "train " + f.write("duplicate.json", text);
       }, 1,
       [] { return std::string("bnlab train: error: {folder}/duplicate.json: model.layers[0].units: duplicate key "
                               "(an object may give each key only once)"); }},
      {"duplicate key in a model file",
       [&](const Folder& f, const Json& model) {
         std::string text = model.dump();
         text.replace(text.find("\"trained_steps\":"), 16, "\"trained_steps\":1,\"trained_steps\":");
         return "eval " + f.write("duplicate-model.json", text);
       }, 1,
       [] { return std::string("bnlab eval: error: {folder}/duplicate-model.json: trained_steps: duplicate key "
                               "(an object may give each key only once)"); }},
      {"NUL inside an IDX path",
       [&](const Folder& f, const Json&) {
         return "train " + f.write("nul.json", experiment_with([](Json& e) {
                  e["dataset"] = {{"kind", "idx"}, {"images", std::string("a\0b.idx", 7)}, {"labels", "l.idx"}};
                }));
       }, 1,
       [] { return std::string("bnlab train: error: dataset.images: a file path cannot contain a NUL character (\\u0000)"); }},
      {"--out --quiet",
       [](const Folder& f, const Json&) { return "train " + f.write("e.json", small_experiment().dump()) + " --out --quiet"; }, 2,
       [] { return std::string("bnlab train: --out needs a value, got the option --quiet"); }},
      // 5. Unclean errors.
      {"1e400 in an experiment",
       [](const Folder& f, const Json&) {
         std::string text = small_experiment().dump();
         text.replace(text.find("\"learning_rate\":0.1"), 19, "\"learning_rate\":1e400");
         return "train " + f.write("big.json", text);
       }, 1,
       [] { return std::string("bnlab train: error: {folder}/big.json: optimizer.learning_rate: the number 1e400 is "
                               "beyond the range of a double (about 1.8e308)"); }},
      {"1e400 in a model file",
       [&](const Folder& f, const Json& model) {
         std::string text = model_with(model, [](Json& m) { m["tensors"]["layers.3.bias"]["data"][1] = 12345.5; });
         text.replace(text.find("12345.5"), 7, "-1e400");
         return "eval " + f.write("big-model.json", text);
       }, 1,
       [] { return std::string("bnlab eval: error: {folder}/big-model.json: tensors.layers.3.bias.data[1]: the number "
                               "-1e400 is beyond the range of a double (about 1.8e308)"); }},
      {"a NUL and broken UTF-8 in a field value",
       [&](const Folder& f, const Json&) {
         std::string text = small_experiment().dump();
         text.replace(text.find("\"relu\""), 6, "\"re\\u0000lu\xC3\"");
         return "train " + f.write("utf8.json", text);
       }, 1,
       [] { return std::string("bnlab train: error: {folder}/utf8.json: not valid JSON (at byte 192)"); }},
      {"a NUL in a field value",
       [&](const Folder& f, const Json&) {
         return "train " + f.write("nul-name.json", experiment_with([](Json& e) {
                  e["model"]["layers"][2]["type"] = std::string("re\0lu", 5);
                }));
       }, 1,
       [] { return std::string("bnlab train: error: model.layers[2].type: expected one of \"dense\", \"batchnorm\", "
                               "\"sigmoid\", \"tanh\", \"relu\", \"leaky_relu\", \"prelu\", \"identity\", \"dropout\", "
                               "\"conv2d\", \"maxpool2d\", \"avgpool2d\", \"flatten\", \"layernorm\", \"groupnorm\", "
                               "got \"re\\u0000lu\""); }},
      {"error inside a model file's embedded experiment",
       [&](const Folder& f, const Json& model) {
         return "eval " + f.write("embedded.json", model_with(model, [](Json& m) {
                  m["experiment"]["optimizer"]["learning_rate"] = -1;
                }));
       }, 1,
       [] { return std::string("bnlab eval: error: {folder}/embedded.json: experiment.optimizer.learning_rate: "
                               "expected a positive number (at most 1e6), got -1"); }},
      {"embedded experiment that is not an object",
       [&](const Folder& f, const Json& model) {
         return "eval " + f.write("embedded2.json", model_with(model, [](Json& m) { m["experiment"] = 3; }));
       }, 1,
       [] { return std::string("bnlab eval: error: {folder}/embedded2.json: experiment: expected an object, got 3"); }},
      {"eval tensor error names the file",
       [&](const Folder& f, const Json& model) {
         return "eval " + f.write("missing.json", model_with(model, [](Json& m) { m["tensors"].erase("layers.0.weight"); }));
       }, 1,
       [] { return std::string("bnlab eval: error: {folder}/missing.json: tensors.layers.0.weight is missing "
                               "(expected shape [8, 2])"); }},
      {"compare without a batchnorm layer",
       [&](const Folder& f, const Json&) {
         return "train --compare " + f.write("plain.json", experiment_with([](Json& e) {
                  e["model"]["layers"] = Json::parse(R"([{"type": "dense", "units": 2}])");
                }));
       }, 1,
       [] { return std::string("bnlab train: error: compare: compare trains the model with and without its batchnorm "
                               "layers, but model.layers has none"); }},
  };
  for (const Row& row : rows) {
    const Outcome outcome = run_cli(row.command(folder, model));
    EXPECT_EQ(outcome.exit_code, row.exit_code) << row.what << "\n" << outcome.output;
    const std::string expected = replace_folder(row.expected(), folder.file("").substr(0, folder.file("").size() - 1));
    EXPECT_EQ(outcome.output, expected + "\n") << row.what;
  }
}

}  // namespace
}  // namespace bnlab
