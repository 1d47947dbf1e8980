// Embind declarations only: what JavaScript sees of the engine. The idiomatic API on top of
// these is bindings/js/bnlab.mjs; nothing else should call them directly.

#include <emscripten/bind.h>

#include "activation_curves.hpp"
#include "experiment_checks.hpp"
#include "module_info.hpp"
#include "run_handle.hpp"

using namespace emscripten;
using bnlab::EvaluationRecord;
using bnlab::RunStatus;
using bnlab::SplitName;
using bnlab::bindings::Progress;
using bnlab::bindings::RunHandle;

EMSCRIPTEN_BINDINGS(bnlab) {
  enum_<SplitName>("SplitName")
      .value("train", SplitName::train)
      .value("validation", SplitName::validation)
      .value("test", SplitName::test);

  enum_<RunStatus>("RunStatus")
      .value("training", RunStatus::training)
      .value("complete", RunStatus::complete)
      .value("diverged", RunStatus::diverged);

  value_object<Progress>("Progress")
      .field("stepsDone", &Progress::steps_done)
      .field("totalSteps", &Progress::total_steps)
      .field("stepsPerEpoch", &Progress::steps_per_epoch)
      .field("epoch", &Progress::epoch)
      .field("taken", &Progress::taken)
      .field("status", &Progress::status)
      .field("finalized", &Progress::finalized)
      .field("divergenceStep", &Progress::divergence_step)
      .field("divergenceCause", &Progress::divergence_cause)
      .field("divergenceLastLoss", &Progress::divergence_last_loss)
      .field("divergenceTensor", &Progress::divergence_tensor)
      .field("divergenceMessage", &Progress::divergence_message);

  value_object<EvaluationRecord>("EvaluationRecord")
      .field("step", &EvaluationRecord::step)
      .field("split", &EvaluationRecord::split)
      .field("final", &EvaluationRecord::final)
      .field("samples", &EvaluationRecord::samples)
      .field("loss", &EvaluationRecord::loss)
      .field("accuracy", &EvaluationRecord::accuracy)
      .field("mae", &EvaluationRecord::mae)
      .field("mse", &EvaluationRecord::mse)
      .field("rmse", &EvaluationRecord::rmse)
      .field("rmsle", &EvaluationRecord::rmsle)
      .field("r2", &EvaluationRecord::r2);

  class_<RunHandle>("RunHandle")
      .constructor<>()
      .function("open", &RunHandle::open)
      .class_function("openPair", &RunHandle::open_pair)
      .function("initialWeightsDigest", &RunHandle::initial_weights_digest)
      .function("step", &RunHandle::step)
      .function("progress", &RunHandle::progress)
      .function("finalize", &RunHandle::finalize)
      .function("evaluate", &RunHandle::evaluate)
      .function("losses", &RunHandle::losses)
      .function("evaluations", &RunHandle::evaluations)
      .function("probes", &RunHandle::probes)
      .function("runningStatistics", &RunHandle::running_statistics)
      .function("modeGaps", &RunHandle::mode_gaps)
      .function("decisionGrids", &RunHandle::decision_grids)
      .function("confusions", &RunHandle::confusions)
      .function("samples", &RunHandle::samples)
      .function("traceBatchNorm", &RunHandle::trace_batch_norm)
      .function("foldBatchNorm", &RunHandle::fold_batch_norm)
      .function("modelText", &RunHandle::model_text)
      .function("loadModel", &RunHandle::load_model)
      .function("tensors", &RunHandle::tensors)
      .function("startText", &RunHandle::start_text)
      .function("summaryText", &RunHandle::summary_text);

  function("buildInfo", &bnlab::bindings::build_info);
  function("validateExperiment", &bnlab::bindings::validate_experiment_json);
  function("experimentSchema", &bnlab::bindings::experiment_schema_json);
  function("expandSweep", &bnlab::bindings::expand_sweep_json);
  function("sweepResultIsStable", &bnlab::bindings::sweep_result_is_stable_json);
  function("heapStatistics", &bnlab::bindings::heap_statistics);
  function("activationCurve", &bnlab::bindings::activation_curve_json);
}
