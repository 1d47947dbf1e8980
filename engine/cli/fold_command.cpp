#include <algorithm>
#include <cmath>

#include "cli/commands.hpp"
#include "cli/model_experiment.hpp"
#include "cli/output.hpp"
#include "network/fold_batch_norm.hpp"
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
    std::vector<std::uint32_t> order(check.size());
    for (std::uint32_t index = 0; index < order.size(); ++index) order[index] = index;
    Batch batch;
    double largest_difference = 0.0;
    for (std::size_t begin = 0; begin < check.size(); begin += 1000) {
      gather_batch(check, order, begin, std::min(begin + 1000, check.size()), batch);
      const Tensor unfolded_output = network->forward(batch.inputs, Mode::eval);
      const Tensor& folded_output = folded.network->forward(batch.inputs, Mode::eval);
      // NaN-aware: std::max(0, NaN) is 0, so a NaN output would read as "no difference".
      if (!as_vector(unfolded_output).allFinite()) {
        throw ModelFileError(path + ": the model's outputs are not finite (its weights overflow float "
                                    "arithmetic), so folding cannot be checked");
      }
      if (!as_vector(folded_output).allFinite()) {
        throw ModelFileError(path + ": folding gives outputs that are not finite (a batchnorm variance "
                                    "near zero makes the folded weights overflow float)");
      }
      for (std::size_t index = 0; index < unfolded_output.size(); ++index) {
        largest_difference = std::max(
            largest_difference, std::abs(double(unfolded_output.data()[index]) - folded_output.data()[index]));
      }
    }
    record["checked_samples"] = check.size();
    record["max_abs_output_difference"] = largest_difference;
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
