// The messages between the page and a training worker. A worker trains one run, or the runs
// of one group side by side (a cell's variants on ≤ 2 cores); otherwise a compare pair is two
// workers (two cores). Every message about a run carries the `runId`
// the page chose when it started it, so messages of a stopped run never reach the next one.
//
// page -> worker
//   start   {runId, group?, experiment, variant: 'as_written'|'without_batchnorm'|'batchnorm_before_activation'|
//           'batchnorm_after_activation', engineUrl, files: [{url, enginePath}], initialModel?, paused?}
//           initialModel: a model file (object) to start from instead of the experiment's init
//           paused?: true holds the run before its first step, as a pause would (evaluate a model file)
//           group?: runs started with the same group string train together, their chunks
//           interleaved with one shared chunk size; a start of another group replaces them
//   pause   {runId}            stop stepping; the run stays alive
//   resume  {runId}
//   step    {runId}            one training step (while paused)
//   advance {runId, step}      while paused: train on until `step` steps are done, then report
//                              paused again (lockstep: the page brings every variant to one step)
//   stop    {runId}            end training now: final evaluation in eval mode, then `finished`
//   warm    {engineUrl, files} load the engine (and datasets) before the first Run
//   validate {requestId, experiment, engineUrl}   the engine's verdict (engine.validateExperiment)
//   traceBatchNorm {runId, requestId, layer, unit}   the BN step-through of batchnorm layer
//                              `layer` (index in the variant's model.layers), unit `unit`, on the
//                              batch the next step trains on (the page asks while paused)
//   activationCurves {requestId, layers, inputs, engineUrl}   each activation layer entry's
//                              values and derivatives on the grid `inputs` (engine.activationCurve)
//   foldBatchNorm {runId, requestId, experiment, variant, model, engineUrl, files}   BN folding
//                              for inference (Run.foldBatchNorm) on `model`, the model file a
//                              run of this experiment and variant ended with; the run that
//                              trained it is gone, so the worker builds one from the file
//
// worker -> page
//   phase     {runId, phase: 'engine'|'data'|'building'}   what the run is waiting for
//   started   {runId, info, initialWeightsDigest}   the run exists: info = Run.info() (total
//             steps, samples per split); the digest of the initial weights of the common layers
//             (null from an engine without Run.initialWeightsDigest); samples: the preprocessed
//             train/test points {train: {inputs, labels}, test: {...}} when the experiment has a
//             probes.decision_grid, else null
//   progress  {runId, progress, losses: {step, loss}, evaluations, instruments, stepsPerSecond, paused}
//             losses, evaluations and instruments hold only what is new since the last message;
//             instruments (null when nothing is new or the file has no probes) = {probes,
//             runningStatistics, modeGap: the API's columns from the last cursor on, or null;
//             decisionGrid: the newest frame {step, size, classes, x, y, eval, train} or null;
//             confusion: the newest {step, classes, split, matrix, misclassifiedCount,
//             digits: [{index, label, shape, pixels}]} or null} (worker/instrument_reader.js)
//   finished  {runId, progress, stopped, summary, losses, evaluations, instruments, model}   final
//             records included; model = Run.getModel(), the model file of the weights reached
//   failed    {runId, error: {name, message, path}}
//   validated {requestId, result: {ok, problems: [{path, code, params, message}]}} or {requestId, error}
//   batchNormTrace {runId, requestId, trace} or {runId, requestId, error}: trace = Run.traceBatchNorm
//             (docs/API.md; inputs, normalized, outputs are transferred Float64Arrays) plus
//             `units`, the layer's width (null when it has neither γ nor running estimates)
//   foldCheck {runId, requestId, result} or {runId, requestId, error}: result = Run.foldBatchNorm
//             (docs/API.md: folded, kept, layersBefore/After, samples, maxAbsOutputDifference, seconds)
//   activationCurves {requestId, curves: [{values, derivatives} | {error}] (one per layer), or
//             {requestId, error} when the engine could not load

export const toWorker = Object.freeze({
  start: 'start', pause: 'pause', resume: 'resume', step: 'step', advance: 'advance', stop: 'stop', warm: 'warm', validate: 'validate',
  traceBatchNorm: 'traceBatchNorm', activationCurves: 'activationCurves', foldBatchNorm: 'foldBatchNorm',
});

export const fromWorker = Object.freeze({
  phase: 'phase', started: 'started', progress: 'progress', finished: 'finished', failed: 'failed', validated: 'validated',
  batchNormTrace: 'batchNormTrace', activationCurves: 'activationCurves', foldCheck: 'foldCheck',
});

/**
 * An Error as plain data that survives postMessage with its class name, field path and, when
 * the engine gives them, its problem code and parameters (the page translates those).
 */
export function errorToMessage(error) {
  const message = {
    name: error?.name ?? 'Error',
    message: String(error?.message ?? error),
    path: typeof error?.path === 'string' ? error.path : '',
  };
  if (typeof error?.code === 'string') {
    message.code = error.code;
    message.params = error.params !== null && typeof error.params === 'object' ? structuredClone(error.params) : {};
  }
  return message;
}
