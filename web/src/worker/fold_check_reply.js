// The worker's answer to a `foldBatchNorm` message: BN folding for inference (eq. 5.18 of the
// notes) on the model file a run ended with. The run that trained it was deleted when it
// ended, so a run of the same experiment and variant is built from the file (its weights and
// running statistics), asked for Run.foldBatchNorm (docs/API.md), and deleted again. The
// engine does all of it: the fold, both eval-mode passes over the test split, the comparison.

import { errorToMessage, fromWorker } from './protocol.js';

/**
 * @param {import('@bnlab/api').Engine} engine  with the experiment's dataset files in place
 * @returns {object} the foldCheck message
 */
export function foldCheckReply(engine, { runId, requestId, experiment, variant, model }) {
  const reply = { type: fromWorker.foldCheck, runId, requestId };
  let run = null;
  try {
    run = engine.createRun(experiment, { variant, initialModel: model });
    return { ...reply, result: run.foldBatchNorm() };
  } catch (error) {
    return { ...reply, error: errorToMessage(error) };
  } finally {
    run?.delete();
  }
}
