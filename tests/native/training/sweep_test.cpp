// Sweeps: the grid's cells, their experiments, shards, and every refusal of a bad sweep file.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "support/error_message.hpp"
#include "layers/layer_spec.hpp"
#include "training/sweep.hpp"

namespace bnlab {
namespace {

Json small_experiment() {
  return Json::parse(R"({
    "seed": 3,
    "dataset": {"kind": "spirals", "samples": 200, "noise": 0.1},
    "split": {"test": 0.2},
    "preprocessing": "standardize",
    "loss": "cross_entropy",
    "model": {"layers": [{"type": "dense", "units": 8, "bias": false}, {"type": "batchnorm"},
                         {"type": "relu"}, {"type": "dense", "units": 2}]},
    "optimizer": {"type": "sgd", "learning_rate": 0.1},
    "training": {"batch_size": 16, "steps": 20}
  })");
}

Json two_axis_sweep() {
  return Json{{"experiment", small_experiment()},
              {"axes", Json::array({Json{{"path", "optimizer.learning_rate"}, {"values", {0.01, 0.1, 1.0}}},
                                    Json{{"path", "training.batch_size"}, {"values", {4, 8, 16, 32}}}})},
              {"variants", {"as_written", "without_batchnorm"}}};
}

TEST(Sweep, CellsAreRowMajorOverTheAxes) {
  const Sweep sweep = parse_sweep(two_axis_sweep());
  ASSERT_EQ(sweep.cell_count(), 12u);
  EXPECT_EQ(sweep.variants, (std::vector<Variant>{Variant::as_written, Variant::without_batch_norm}));
  // Cell 5 = (learning rate index 1, batch size index 1): the first axis changes slowest.
  EXPECT_EQ(sweep_cell_values(sweep, 5), (Json{{"optimizer.learning_rate", 0.1}, {"training.batch_size", 8}}));
  EXPECT_EQ(sweep_cell_values(sweep, 11), (Json{{"optimizer.learning_rate", 1.0}, {"training.batch_size", 32}}));
  const Experiment cell = sweep_cell_experiment(sweep, 5, Variant::as_written);
  EXPECT_DOUBLE_EQ(cell.optimizer.learning_rate, 0.1);
  EXPECT_EQ(cell.training.batch_size, 8u);
  const Experiment plain = sweep_cell_experiment(sweep, 5, Variant::without_batch_norm);
  EXPECT_EQ(plain.model.layers.size(), 3u);  // the batchnorm layer removed
  // Every other field is the experiment's own.
  Json document = sweep_cell_document(sweep, 7);
  document["optimizer"].erase("learning_rate");
  document["training"].erase("batch_size");
  Json base = small_experiment();
  base["optimizer"].erase("learning_rate");
  base["training"].erase("batch_size");
  EXPECT_EQ(document, base);
}

// The sweep's variants decide what a cell trains: the experiment's own "compare" is ignored, so
// an axis may swap the only batchnorm layer for another layer (the regularization lesson does).
TEST(Sweep, TheExperimentsCompareIsIgnored) {
  Json experiment = small_experiment();
  experiment["compare"] = true;
  const Json sweep_file{{"experiment", experiment},
                        {"axes", Json::array({Json{{"path", "model.layers[1]"},
                                                   {"values", Json::array({Json{{"type", "batchnorm"}},
                                                                           Json{{"type", "identity"}}})}}})}};
  const Sweep sweep = parse_sweep(sweep_file);
  ASSERT_EQ(sweep.cell_count(), 2u);
  EXPECT_FALSE(sweep_cell_document(sweep, 1).contains("compare"));
  EXPECT_FALSE(sweep_cell_experiment(sweep, 1, Variant::as_written).compare);
  EXPECT_STREQ(layer_name(sweep_cell_experiment(sweep, 1, Variant::as_written).model.layers[1]), "identity");
}

// What the results show: the file's "show", else the stable rule's metric, else test accuracy.
TEST(Sweep, TheShownMetricComesFromShowThenStable) {
  Json sweep_file = two_axis_sweep();
  EXPECT_EQ(sweep_to_json(parse_sweep(sweep_file))["show"], (Json{{"split", "test"}, {"metric", "accuracy"}}));
  sweep_file["stable"] = {{"split", "validation"}, {"metric", "loss"}, {"at_most", 0.5}};
  EXPECT_EQ(sweep_to_json(parse_sweep(sweep_file))["show"], (Json{{"split", "validation"}, {"metric", "loss"}}));
  sweep_file["show"] = {{"metric", "r2"}};
  const Sweep sweep = parse_sweep(sweep_file);
  EXPECT_EQ(sweep.shown.split, "test");
  EXPECT_EQ(sweep.shown.metric, "r2");
  EXPECT_EQ(sweep.stable.metric, "loss");  // the stable rule keeps its own
}

// Labels name an axis's values in the results ("sweep" record) without changing the cells.
TEST(Sweep, AxisLabelsNameTheValues) {
  Json sweep_file = two_axis_sweep();
  sweep_file["axes"][0]["labels"] = {"slow", "medium", "fast"};
  const Sweep sweep = parse_sweep(sweep_file);
  EXPECT_EQ(sweep.axes[0].labels, (std::vector<std::string>{"slow", "medium", "fast"}));
  EXPECT_TRUE(sweep.axes[1].labels.empty());
  const Json record = sweep_to_json(sweep);
  EXPECT_EQ(record["axes"][0]["labels"], (Json{"slow", "medium", "fast"}));
  EXPECT_FALSE(record["axes"][1].contains("labels"));
  EXPECT_EQ(sweep_cell_values(sweep, 5), (Json{{"optimizer.learning_rate", 0.1}, {"training.batch_size", 8}}));
}

TEST(Sweep, ShardsPartitionTheGridExactly) {
  const Sweep sweep = parse_sweep(two_axis_sweep());
  for (std::size_t count = 1; count <= 13; ++count) {
    std::vector<std::size_t> all;
    for (std::size_t index = 1; index <= count; ++index) {
      const std::vector<std::size_t> cells = sweep_shard_cells(sweep, SweepShard{index, count});
      EXPECT_LE(cells.size(), (sweep.cell_count() + count - 1) / count);
      all.insert(all.end(), cells.begin(), cells.end());
    }
    std::sort(all.begin(), all.end());
    std::vector<std::size_t> expected(sweep.cell_count());
    for (std::size_t cell = 0; cell < expected.size(); ++cell) expected[cell] = cell;
    EXPECT_EQ(all, expected) << count << " shards";
  }
  EXPECT_EQ(sweep_shard_cells(sweep, SweepShard{2, 5}), (std::vector<std::size_t>{1, 6, 11}));
}

TEST(Sweep, ShardTextIsIOfN) {
  const SweepShard shard = parse_sweep_shard("2/5", "--shard");
  EXPECT_EQ(shard.index, 2u);
  EXPECT_EQ(shard.count, 5u);
  for (const char* bad : {"", "2", "0/5", "6/5", "2/0", "a/5", "2/5/1", "-1/5", "1/ 5"}) {
    EXPECT_EQ(testing::error_message<ConfigError>([&] { parse_sweep_shard(bad, "--shard"); }),
              std::string("--shard: expected i/n with 1 ≤ i ≤ n, e.g. 2/5, got \"") + bad + "\"")
        << bad;
  }
}

TEST(Sweep, StableRunsCompleteAndPassTheThreshold) {
  Json document = two_axis_sweep();
  document["stable"] = {{"split", "test"}, {"metric", "accuracy"}, {"at_least", 0.85}};
  const Sweep sweep = parse_sweep(document);
  const auto summary = [](const char* status, double accuracy) {
    return Json{{"status", status}, {"final", {{"test", {{"accuracy", accuracy}, {"loss", 0.3}}}}}};
  };
  EXPECT_TRUE(sweep_result_is_stable(sweep, summary("complete", 0.85)));
  EXPECT_FALSE(sweep_result_is_stable(sweep, summary("complete", 0.849)));
  EXPECT_FALSE(sweep_result_is_stable(sweep, summary("diverged", 0.9)));
  EXPECT_FALSE(sweep_result_is_stable(sweep, Json{{"status", "complete"}, {"final", Json::object()}}));
  document["stable"] = {{"metric", "loss"}, {"at_most", 0.25}};
  EXPECT_FALSE(sweep_result_is_stable(parse_sweep(document), summary("complete", 0.99)));  // loss 0.3
  EXPECT_EQ(sweep_to_json(parse_sweep(document))["stable"], (Json{{"split", "test"}, {"metric", "loss"}, {"at_most", 0.25}}));
  EXPECT_FALSE(sweep_result_is_stable(parse_sweep(two_axis_sweep()), summary("complete", 1.0)));  // no rule
}

TEST(Sweep, EveryShippedSweepIsValid) {
  std::size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(BNLAB_SOURCE_DIR) + "/examples/sweeps")) {
    if (entry.path().extension() != ".json") continue;
    SCOPED_TRACE(entry.path().string());
    const Sweep sweep = load_sweep_file(entry.path().string());
    EXPECT_GE(sweep.cell_count(), 2u);
    ++checked;
  }
  EXPECT_GE(checked, 1u);
}

struct BadSweep {
  const char* what;
  std::function<void(Json&)> damage;
  const char* code;
  const char* message;
};

TEST(Sweep, BadSweepFilesNameTheField) {
  const std::vector<BadSweep> cases{
      {"no axes", [](Json& s) { s.erase("axes"); }, "missing_field", "axes: required field is missing"},
      {"axes not an array", [](Json& s) { s["axes"] = 3; }, "expected_axes",
       "axes: expected an array of 1 to 4 axes, got 3"},
      {"empty axes", [](Json& s) { s["axes"] = Json::array(); }, "expected_axes",
       "axes: expected an array of 1 to 4 axes, got an array of 0 values"},
      {"not a path", [](Json& s) { s["axes"][0]["path"] = "optimizer..learning_rate"; }, "expected_json_path",
       "axes[0].path: expected a field path such as \"optimizer.learning_rate\" or \"model.layers[0].units\", got "
       "\"optimizer..learning_rate\""},
      {"path not in the experiment", [](Json& s) { s["axes"][1]["path"] = "model.layers[9].units"; },
       "json_path_not_found",
       "axes[1].path: model.layers[9].units is not a field of the experiment (every part but the last must exist)"},
      {"overlapping axes", [](Json& s) { s["axes"][1]["path"] = "optimizer"; }, "overlapping_axes",
       "axes[1].path: optimizer overlaps the axis optimizer.learning_rate (each field may vary along one axis)"},
      {"no values", [](Json& s) { s["axes"][0]["values"] = Json::array(); }, "expected_axis_values",
       "axes[0].values: expected an array of 1 to 100 values, got an array of 0 values"},
      {"unknown axis key", [](Json& s) { s["axes"][0]["value"] = 1; }, "unknown_field", "axes[0].value: unknown field"},
      {"labels of another length", [](Json& s) { s["axes"][0]["labels"] = {"slow", "fast"}; }, "expected_axis_labels",
       "axes[0].labels: expected an array of 3 labels, one per value, got an array of 2 values"},
      {"an empty label", [](Json& s) { s["axes"][0]["labels"] = {"slow", "", "fast"}; }, "expected_axis_label",
       "axes[0].labels[1]: expected a text of 1 to 80 characters, got \"\""},
      {"a label that is not a text", [](Json& s) { s["axes"][0]["labels"] = Json::array({"slow", 2, "fast"}); },
       "expected_axis_label", "axes[0].labels[1]: expected a text of 1 to 80 characters, got 2"},
      {"a value the engine refuses", [](Json& s) { s["axes"][1]["values"][2] = 0; }, "expected_integer",
       "axes[1].values[2]: training.batch_size = 0: expected a positive integer, got 0"},
      {"unknown shown metric", [](Json& s) { s["show"] = {{"metric", "f1"}}; }, "expected_choice",
       "show.metric: expected one of \"accuracy\", \"loss\", \"mae\", \"mse\", \"rmse\", \"rmsle\", \"r2\", got \"f1\""},
      {"unknown show key", [](Json& s) { s["show"] = {{"metrics", "r2"}}; }, "unknown_field", "show.metrics: unknown field"},
      {"unknown variant", [](Json& s) { s["variants"][1] = "without_bn"; }, "expected_choice",
       "variants[1]: expected one of \"as_written\", \"without_batchnorm\", \"batchnorm_before_activation\", "
       "\"batchnorm_after_activation\", got \"without_bn\""},
      {"variant twice", [](Json& s) { s["variants"][1] = "as_written"; }, "duplicate_variant",
       "variants[1]: \"as_written\" is listed twice"},
      {"variant without batchnorm", [](Json& s) {
         s["experiment"]["model"]["layers"] = Json::parse(R"([{"type": "dense", "units": 8}, {"type": "relu"}, {"type": "dense", "units": 2}])");
       }, "variant_needs_batch_norm",
       "variants[1]: \"without_batchnorm\" moves or removes batchnorm layers, but the experiment's model has none"},
      {"a mistake of the experiment", [](Json& s) { s["experiment"]["optimizer"]["type"] = "sgdd"; }, "expected_choice",
       "experiment.optimizer.type: expected one of"},
      {"stable with both thresholds", [](Json& s) { s["stable"] = {{"at_least", 0.8}, {"at_most", 0.9}}; },
       "at_least_or_at_most",
       "stable: give exactly one of \"at_least\" and \"at_most\" (the threshold a stable run passes)"},
      {"stable on an unknown metric", [](Json& s) { s["stable"] = {{"metric", "f1"}, {"at_least", 0.8}}; },
       "expected_choice", "stable.metric: expected one of \"accuracy\", \"loss\""},
      {"experiment neither object nor path", [](Json& s) { s["experiment"] = 3; }, "expected_experiment",
       "experiment: expected an experiment object or the path of an experiment file, got 3"},
      {"too many runs", [](Json& s) {
         s["axes"] = Json::array();
         for (const char* path : {"optimizer.learning_rate", "training.steps", "seed"}) {
           Json values = Json::array();
           for (int value = 1; value <= 20; ++value) values.push_back(value);
           s["axes"].push_back({{"path", path}, {"values", values}});
         }
       }, "too_many_runs", "axes: the grid has 16000 runs (cells × variants), at most 4096 allowed"},
  };
  for (const BadSweep& bad : cases) {
    Json document = two_axis_sweep();
    bad.damage(document);
    try {
      parse_sweep(document);
      ADD_FAILURE() << bad.what << ": was accepted";
    } catch (const ConfigError& error) {
      EXPECT_EQ(error.code(), bad.code) << bad.what << ": " << error.what();
      EXPECT_EQ(std::string(error.what()).substr(0, std::string(bad.message).size()), bad.message) << bad.what;
    }
  }
}

}  // namespace
}  // namespace bnlab
