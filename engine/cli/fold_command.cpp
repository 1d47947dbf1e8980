#include <algorithm>
#include <cmath>

#include "cli/commands.hpp"
#include "cli/model_experiment.hpp"
#include "cli/output.hpp"
#include "network/fold_batch_norm.hpp"
#include "network/fold_check.hpp"
#include "training/run.hpp"

namespace bnlab::cli {

const char* const fold_help = R"(usage: bnlab fold MODEL.json [options]

Folds every BatchNorm that directly follows a dense or conv2d layer into that layer, for
inference: with s = γ/√(running_variance + ε) per unit or channel, W' = s·W (row by row, or
filter by filter) and b' = s·(b − running_mean) + β.
A BatchNorm placed after an activation is kept (and reported). When data is available (the
experiment inside the model file, or --experiment), the folded and unfolded models are run on
the test split (or the train split when there is no test split) in eval mode and the largest
output difference is reported.

options:
  --save FILE         write the folded model file
  --experiment FILE   take the data from this experiment file
  --out FILE          write the fold record to FILE instead of standard output
)";

int fold_command(const std::vector<std::string>& words) {
  const Arguments arguments = parse_arguments(words, {"--save", "--experiment", "--out"}, {"--help"});
  if (arguments.has("--help")) {
    progress(false, fold_help);
    return exit_ok;
  }
  if (arguments.positional.size() != 1) throw CommandLineError("expected one model file (see --help)");
  const std::string path = arguments.positional[0];
  const ModelFile model = load_model_file(path);
  std::unique_ptr<Network> network = network_from_model(model, path);
  FoldResult folded = fold_batch_norm(*network);

  Json record{{"type", "fold"}, {"model", path}, {"folded", folded.folded_count}, {"kept", folded.notes}};
  for (const std::string& note : folded.notes) progress(false, note);
  if (const std::optional<Experiment> experiment = experiment_for_model(model, arguments)) {
    const std::shared_ptr<const DatasetSplits> data = prepare_data(*experiment);
    const Dataset& check = data->test.size() > 0 ? data->test : data->train;
    const FoldComparison comparison = compare_folded_outputs(*network, *folded.network, check);
    if (!comparison.unfolded_finite) {
      throw ModelFileError(path + ": the model's outputs are not finite (its weights overflow float "
                                  "arithmetic), so folding cannot be checked");
    }
    if (!comparison.folded_finite) {
      throw ModelFileError(path + ": folding gives outputs that are not finite (a batchnorm variance "
                                  "near zero makes the folded weights overflow float)");
    }
    const double largest_difference = comparison.max_abs_output_difference;
    record["checked_samples"] = check.size();
    record["max_abs_output_difference"] = largest_difference;
    // Wall time of each eval-mode pass: what folding buys at inference (varies run to run).
    record["eval_seconds"] = {{"unfolded", comparison.unfolded_seconds}, {"folded", comparison.folded_seconds}};
    progress(false, "folded " + std::to_string(folded.folded_count) + " batchnorm layer(s); largest output " +
                        "difference over " + std::to_string(check.size()) + " samples: " +
                        std::to_string(largest_difference));
  }
  if (arguments.has("--save")) {
    save_model_file(arguments.value("--save"),
                    model_to_json(*folded.network, model.trained_steps, model.experiment));
    record["saved"] = arguments.value("--save");
  }
  RecordWriter(arguments.value("--out")).write(record);
  return exit_ok;
}

}  // namespace bnlab::cli
