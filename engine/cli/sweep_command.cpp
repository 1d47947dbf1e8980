// `bnlab sweep`: every cell of a sweep's grid, for every variant, one after another; the same
// sweep file the page runs on its pool of workers (docs/SWEEP_FORMAT.md).
#include <memory>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "training/record_json.hpp"
#include "training/run.hpp"
#include "training/sweep.hpp"

namespace bnlab::cli {

const char* const sweep_help = R"(usage: bnlab sweep SWEEP.json [options]

Trains every cell of the sweep's grid (its axes' values set into its experiment) for each of
its variants, and writes JSON lines: one "sweep" record (axes, variants, cells, shard), then
one "sweep_result" per cell and variant (the cell number, its values, the variant, status,
steps, final metrics, and where a run diverged). See docs/SWEEP_FORMAT.md.
A diverging run is a result of the sweep, not a failure: the exit code stays 0.

options:
  --out FILE     write the JSON lines to FILE instead of standard output
  --shard I/N    run only shard I of N (1 ≤ I ≤ N): the cells whose number is I−1 modulo N,
                 e.g. --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" with 1-based ids;
                 the N outputs concatenated hold every cell exactly once
  --quiet        no progress on stderr

exit codes: 0 done, 1 bad input (the message names the field of the sweep file), 2 bad command line
)";

namespace {

// Cells that differ only in training settings share their data: it is prepared again only
// when the dataset, split, preprocessing, seed or input shape change.
Json data_key(const Json& document) {
  Json key = Json::object();
  for (const char* field : {"dataset", "split", "preprocessing", "seed"}) {
    if (document.contains(field)) key[field] = document[field];
  }
  if (document.contains("model") && document["model"].is_object() && document["model"].contains("input")) {
    key["input"] = document["model"]["input"];
  }
  return key;
}

}  // namespace

int sweep_command(const std::vector<std::string>& words) {
  const Arguments arguments = parse_arguments(words, {"--out", "--shard"}, {"--quiet", "--help"});
  if (arguments.has("--help")) {
    progress(false, sweep_help);
    return exit_ok;
  }
  if (arguments.positional.size() != 1) throw CommandLineError("expected one sweep file (see --help)");
  const bool quiet = arguments.has("--quiet");
  SweepShard shard;
  if (arguments.has("--shard")) {
    try {
      shard = parse_sweep_shard(arguments.value("--shard"), "--shard");
    } catch (const ConfigError& error) {
      throw CommandLineError(error.what());
    }
  }
  const Sweep sweep = load_sweep_file(arguments.positional[0]);
  const std::vector<std::size_t> cells = sweep_shard_cells(sweep, shard);

  RecordWriter writer(arguments.value("--out"));
  Json header = sweep_to_json(sweep);
  header["type"] = "sweep";
  header["shard"] = {{"index", shard.index}, {"count", shard.count}, {"cells", cells}};
  writer.write(header);

  Json prepared_key;
  std::shared_ptr<const DatasetSplits> data;
  std::size_t finished = 0;
  for (const std::size_t cell : cells) {
    const Json values = sweep_cell_values(sweep, cell);
    for (const Variant variant : sweep.variants) {
      const Experiment experiment = sweep_cell_experiment(sweep, cell, variant);
      const Json key = data_key(sweep_cell_document(sweep, cell));
      if (!data || key != prepared_key) {
        data = prepare_data(experiment);
        prepared_key = key;
      }
      Run run(experiment, data);
      while (run.status() == RunStatus::training) run.step(1000);
      run.finalize();
      Json result = run_summary_to_json(run, name_of(variant, variant_names()));
      result["type"] = "sweep_result";
      result["cell"] = cell;
      result["values"] = values;
      result["variant"] = name_of(variant, variant_names());
      if (sweep.stable.given) result["stable"] = sweep_result_is_stable(sweep, result);
      writer.write(result);
      ++finished;
      progress(quiet, "[sweep] " + std::to_string(finished) + "/" + std::to_string(cells.size() * sweep.variants.size()) +
                          " cell " + std::to_string(cell) + " " + values.dump() + " " +
                          name_of(variant, variant_names()) + ": " + result["status"].get<std::string>());
    }
  }
  return exit_ok;
}

}  // namespace bnlab::cli
