#include <cmath>
#include <sstream>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "training/compare_pair.hpp"
#include "training/record_json.hpp"
#include "training/run.hpp"

namespace bnlab::cli {

const char* const train_help = R"(usage: bnlab train EXPERIMENT.json [options]

Trains the experiment's model and writes its records as JSON lines (one object per line:
start, step, evaluation, probe, the instruments asked for, summary; see docs/OUTPUT_FORMAT.md).
Progress goes to stderr.

options:
  --out FILE          write the JSONL records to FILE instead of standard output
  --save MODEL.json   save the trained model (with --compare: MODEL.with_batchnorm.json and
                      MODEL.without_batchnorm.json)
  --init MODEL.json   start from the weights of a model file instead of the seed's
  --save-initial MODEL.json
                      also save the model before its first step (with --compare, one per variant)
  --compare           also train the model without its batchnorm layers, from the same initial
                      weights and mini-batches (same as "compare": true in the experiment)
  --loss-every-step   record the training loss of every step (training.log_every = 1)
  --quiet             no progress on stderr

exit codes: 0 done, 1 bad input (the message names the field or file), 2 bad command line,
3 a run diverged (its loss, a parameter, a gradient or a batchnorm buffer became NaN or
  infinite; the summary names the step and the tensor)
)";

namespace {

struct NamedRun {
  std::string name;
  Run* run;
  std::size_t losses_written = 0;
  std::size_t evaluations_written = 0;
  std::size_t probes_written = 0;
  std::size_t running_statistics_written = 0;
  std::size_t mode_gaps_written = 0;
  std::size_t decision_grids_written = 0;
  std::size_t confusions_written = 0;
};

// Writes the records a run made since the last call, and a progress line per evaluation.
void drain(NamedRun& named, RecordWriter& writer, bool quiet) {
  Run& run = *named.run;
  for (; named.losses_written < run.losses().size(); ++named.losses_written) {
    writer.write(step_to_json(run.losses()[named.losses_written], named.name));
  }
  for (; named.probes_written < run.probes().size(); ++named.probes_written) {
    writer.write(probe_to_json(run.probes()[named.probes_written], run.network(), run.experiment().probes,
                               named.name));
  }
  const Instruments& instruments = run.instruments();
  for (; named.running_statistics_written < instruments.running_statistics().size();
       ++named.running_statistics_written) {
    writer.write(running_statistics_to_json(instruments.running_statistics()[named.running_statistics_written],
                                            named.name));
  }
  for (; named.mode_gaps_written < instruments.mode_gaps().size(); ++named.mode_gaps_written) {
    writer.write(mode_gap_to_json(instruments.mode_gaps()[named.mode_gaps_written], named.name));
  }
  for (; named.decision_grids_written < instruments.decision_grids().size(); ++named.decision_grids_written) {
    writer.write(decision_grid_to_json(instruments.decision_grids()[named.decision_grids_written], named.name));
  }
  for (; named.confusions_written < instruments.confusions().size(); ++named.confusions_written) {
    writer.write(confusion_to_json(instruments.confusions()[named.confusions_written], named.name));
  }
  for (; named.evaluations_written < run.evaluations().size(); ++named.evaluations_written) {
    const EvaluationRecord& record = run.evaluations()[named.evaluations_written];
    writer.write(evaluation_to_json(record, named.name));
    std::ostringstream line;
    line << "[" << named.name << "] step " << record.step << "/" << run.total_steps()
         << (record.final ? " final " : " ") << split_name(record.split) << ": loss " << record.loss;
    if (!std::isnan(record.accuracy)) {
      line << ", accuracy " << record.accuracy;
    } else {
      line << ", rmse " << record.rmse << ", r2 " << record.r2;
    }
    progress(quiet, line.str());
  }
}

std::string variant_path(const std::string& path, const std::string& variant) {
  const std::size_t dot = path.rfind('.');
  const std::size_t slash = path.rfind('/');
  const bool has_extension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  return has_extension ? path.substr(0, dot) + "." + variant + path.substr(dot) : path + "." + variant;
}

}  // namespace

int train_command(const std::vector<std::string>& words) {
  const Arguments arguments =
      parse_arguments(words, {"--out", "--save", "--init", "--save-initial"}, {"--compare", "--loss-every-step", "--quiet", "--help"});
  if (arguments.has("--help")) {
    progress(false, train_help);
    return exit_ok;
  }
  if (arguments.positional.size() != 1) throw CommandLineError("expected one experiment file (see --help)");
  const bool quiet = arguments.has("--quiet");
  Experiment experiment = load_experiment_file(arguments.positional[0]);
  if (arguments.has("--loss-every-step")) experiment.training.log_every = 1;
  const bool compare = experiment.compare || arguments.has("--compare");
  if (compare && arguments.has("--init")) {
    throw CommandLineError("--init and --compare cannot be combined: a compare pair starts from the seed's weights");
  }
  std::optional<ModelFile> initial_model;
  if (arguments.has("--init")) initial_model = load_model_file(arguments.value("--init"));

  RecordWriter writer(arguments.value("--out"));
  const std::shared_ptr<const DatasetSplits> data = prepare_data(experiment);
  std::vector<std::unique_ptr<Run>> runs;
  std::vector<NamedRun> named;
  if (compare) {
    experiment.compare = true;
    ComparePair pair = make_compare_pair(experiment, data);
    if (!pair_shares_initial_weights(pair)) throw UsageError("compare pair: initial weights differ");
    runs.push_back(std::move(pair.with_batch_norm));
    runs.push_back(std::move(pair.without_batch_norm));
    named = {{"with_batchnorm", runs[0].get()}, {"without_batchnorm", runs[1].get()}};
  } else {
    runs.push_back(std::make_unique<Run>(experiment, data, initial_model ? &*initial_model : nullptr));
    named = {{"main", runs[0].get()}};
  }
  for (NamedRun& entry : named) {
    if (arguments.has("--save-initial")) {
      const std::string initial = arguments.value("--save-initial");
      save_model_file(compare ? variant_path(initial, entry.name) : initial, entry.run->model_json());
    }
    writer.write(run_start_to_json(*entry.run, entry.name));
    progress(quiet, "[" + entry.name + "] " + std::to_string(entry.run->network().parameter_count()) +
                        " parameters, " + std::to_string(entry.run->total_steps()) + " steps");
  }

  // Runs advance in turns of a few hundred steps, so the records of a pair interleave.
  constexpr std::size_t steps_per_turn = 200;
  bool any_training = true;
  while (any_training) {
    any_training = false;
    for (NamedRun& entry : named) {
      if (entry.run->status() != RunStatus::training) continue;
      entry.run->step(steps_per_turn);
      drain(entry, writer, quiet);
      any_training = any_training || entry.run->status() == RunStatus::training;
    }
  }
  bool diverged = false;
  for (NamedRun& entry : named) {
    entry.run->finalize();
    drain(entry, writer, quiet);
    writer.write(run_summary_to_json(*entry.run, entry.name));
    if (entry.run->status() == RunStatus::diverged) {
      diverged = true;
      progress(quiet, "[" + entry.name + "] " + entry.run->divergence()->message());
    }
    if (arguments.has("--save") && entry.run->status() != RunStatus::diverged) {
      const std::string path =
          compare ? variant_path(arguments.value("--save"), entry.name) : arguments.value("--save");
      save_model_file(path, entry.run->model_json());
      progress(quiet, "[" + entry.name + "] saved " + path);
    }
  }
  return diverged ? exit_diverged : exit_ok;
}

}  // namespace bnlab::cli
