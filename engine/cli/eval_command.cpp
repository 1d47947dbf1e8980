#include <sstream>

#include "cli/commands.hpp"
#include "cli/model_experiment.hpp"
#include "cli/output.hpp"
#include "training/record_json.hpp"
#include "training/run.hpp"

namespace bnlab::cli {

const char* const eval_help = R"(usage: bnlab eval MODEL.json [options]

Evaluates a saved model in eval mode (BatchNorm uses its running statistics) on the data of
the experiment saved inside the model file, or of --experiment. Writes one evaluation record
per split as JSON lines.

options:
  --experiment FILE   take the dataset, split and preprocessing from this experiment file
  --split NAME        train, validation, test or all (default: all non-empty splits)
  --out FILE          write the records to FILE instead of standard output
)";

int eval_command(const std::vector<std::string>& words) {
  const Arguments arguments = parse_arguments(words, {"--experiment", "--split", "--out"}, {"--help"});
  if (arguments.has("--help")) {
    progress(false, eval_help);
    return exit_ok;
  }
  if (arguments.positional.size() != 1) throw CommandLineError("expected one model file (see --help)");
  const ModelFile model = load_model_file(arguments.positional[0]);
  const std::optional<Experiment> experiment = experiment_for_model(model, arguments);
  if (!experiment) {
    throw CommandLineError("the model file holds no experiment; give one with --experiment");
  }
  const std::string split = arguments.value("--split", "all");
  std::vector<SplitName> splits;
  if (split == "all" || split == "train") splits.push_back(SplitName::train);
  if (split == "all" || split == "validation") splits.push_back(SplitName::validation);
  if (split == "all" || split == "test") splits.push_back(SplitName::test);
  if (splits.empty()) throw CommandLineError("--split: expected train, validation, test or all, got " + split);

  Run run(*experiment, prepare_data(*experiment), &model);
  RecordWriter writer(arguments.value("--out"));
  for (const SplitName name : splits) {
    // Run::evaluate refuses a model whose loss is not finite (finite weights of 1e38 can
    // overflow float arithmetic), naming the file: the same check as the JavaScript API's.
    EvaluationRecord record = run.evaluate(name);
    if (record.samples == 0 && split == "all") continue;
    record.step = model.trained_steps;
    writer.write(evaluation_to_json(record, "model"));
  }
  return exit_ok;
}

}  // namespace bnlab::cli
