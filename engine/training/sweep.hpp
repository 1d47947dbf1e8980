#pragma once
// A sweep: one experiment file, axes (JSON paths and the values each takes) and the variants
// to train in every cell of the grid they span (docs/SWEEP_FORMAT.md). The page runs a sweep on
// a pool of workers and `bnlab sweep` runs the same file natively, optionally one shard of it,
// so a large grid can be spread over the machines of a job array and the JSON lines merged.
//
// Cells are numbered row-major over the axes (the first axis changes slowest). Shard i of n
// (1-based) holds the cells whose number is i − 1 modulo n: the shards partition the grid,
// and each gets a spread of every axis rather than one corner of it.

#include <string>
#include <vector>

#include "experiment/experiment.hpp"
#include "training/variants.hpp"

namespace bnlab {

namespace sweep_limits {
constexpr std::size_t max_axes = 4;
constexpr std::size_t max_values_per_axis = 100;
constexpr std::size_t max_runs = 4096;  // cells × variants
constexpr std::size_t max_label_length = 80;  // characters (bytes) of an axis value's label
}  // namespace sweep_limits

struct SweepAxis {
  std::string path;  // "optimizer.learning_rate"
  std::vector<Json> values;
  // Optional names of the values, one each, for results and grids: a value that is a whole
  // layer list reads better as "dropout 0.5" than as its JSON. Empty when not given.
  std::vector<std::string> labels;
};

// When a run counts as "stable" (trained) for the sweep's marks, e.g. the highest learning
// rate that still trains: it completed, and a final metric of a split passes a threshold.
struct SweepStability {
  bool given = false;
  std::string split = "test";       // train, validation, test
  std::string metric = "accuracy";  // a final metric's name (docs/OUTPUT_FORMAT.md)
  bool at_least = true;             // "at_least": x, or "at_most": x (a loss, an error)
  double threshold = 0.0;
};

// Which final metric results and the page's grid show: "show" in the file, else the
// stable rule's, else test accuracy (a regression sweep shows e.g. test r2).
struct SweepShownMetric {
  std::string split = "test";
  std::string metric = "accuracy";
};

struct Sweep {
  std::string name;
  Json experiment;             // the experiment file every cell starts from, as written
  std::string base_directory;  // where its relative file paths resolve
  std::vector<SweepAxis> axes;
  std::vector<Variant> variants;
  SweepStability stable;
  SweepShownMetric shown;
  std::size_t cell_count() const;
};

struct SweepShard {
  std::size_t index = 1;  // 1 … count
  std::size_t count = 1;
};

// Validates the sweep file and every cell of its grid (each cell's experiment must parse,
// for each variant), so that a sweep never fails halfway. `experiment` may be an object or,
// from the command line, a file path relative to the sweep file (`base_directory`).
Sweep parse_sweep(const Json& document, const std::string& base_directory = "");
Sweep load_sweep_file(const std::string& path);

// The values of cell `cell` by axis path, e.g. {"optimizer.learning_rate": 0.1}.
Json sweep_cell_values(const Sweep& sweep, std::size_t cell);
// The experiment file of cell `cell` (the sweep's experiment with the cell's values set).
Json sweep_cell_document(const Sweep& sweep, std::size_t cell);
// That experiment, parsed, as `variant`.
Experiment sweep_cell_experiment(const Sweep& sweep, std::size_t cell, Variant variant);

// "2/5" -> {2, 5}; a CommandLine-free ConfigError at `where` (code "expected_shard") otherwise.
SweepShard parse_sweep_shard(const std::string& text, const std::string& where);
std::vector<std::size_t> sweep_shard_cells(const Sweep& sweep, const SweepShard& shard);

// Whether a run's summary record (run_summary_to_json) is stable by the sweep's "stable"
// rule; false when the sweep has none.
bool sweep_result_is_stable(const Sweep& sweep, const Json& summary);

// The sweep as JSON (name, axes, variants, cell count, stable rule, shown metric): the
// "sweep" record's body.
Json sweep_to_json(const Sweep& sweep);

}  // namespace bnlab
