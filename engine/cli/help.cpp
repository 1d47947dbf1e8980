#include "cli/commands.hpp"

namespace bnlab::cli {

const char* const main_help = R"(bnlab — train small neural networks with and without Batch Normalization

usage:
  bnlab train EXPERIMENT.json [--out FILE] [--save MODEL.json] [--init MODEL.json] [--compare]
                              [--loss-every-step] [--quiet]
  bnlab eval MODEL.json [--experiment EXPERIMENT.json] [--split train|validation|test|all] [--out FILE]
  bnlab fold MODEL.json [--save FOLDED.json] [--experiment EXPERIMENT.json] [--out FILE]
  bnlab validate EXPERIMENT.json        every problem of the file, as JSON lines
  bnlab schema                          the JSON Schema of experiment files
  bnlab sweep SWEEP.json [--out FILE] [--shard I/N] [--quiet]
                                        every cell of a grid of experiments, per variant
  bnlab COMMAND --help

Records are JSON lines on standard output (or --out); progress goes to stderr.
Experiment files: docs/EXPERIMENT_FORMAT.md; model files: docs/MODEL_FORMAT.md;
records: docs/OUTPUT_FORMAT.md; sweeps: docs/SWEEP_FORMAT.md; conventions (BatchNorm, optimizers, init): docs/SEMANTICS.md.
)";

}  // namespace bnlab::cli
