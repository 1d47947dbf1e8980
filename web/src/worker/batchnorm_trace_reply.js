// The worker's answer to a `traceBatchNorm` message: the engine's BN step-through of one
// batchnorm layer and unit (Run.traceBatchNorm, docs/API.md) on the mini-batch the next step
// trains on, plus the layer's width (so the page's unit picker knows its range without
// re-deriving the engine's shapes). Its typed arrays are transferred, not copied.

import { errorToMessage, fromWorker } from './protocol.js';

/** The number of units (features or channels) of batchnorm layer `layer`, from its own tensors. */
function layerWidth(run, layer) {
  const tensors = run.tensors();
  for (const name of ['weight', 'running_mean']) {
    const tensor = tensors[`layers.${layer}.${name}`];
    if (tensor !== undefined) return tensor.shape[0];
  }
  return null;
}

/**
 * @param {import('@bnlab/api').Run|null} run  the worker's run (null when it has none)
 * @returns {{message: object, transfer: ArrayBuffer[]}}
 */
export function batchNormTraceReply(run, { runId, requestId, layer, unit }) {
  const reply = { type: fromWorker.batchNormTrace, runId, requestId };
  try {
    if (run === null) throw Object.assign(new Error('traceBatchNorm: the run has no network yet'), { name: 'UsageError' });
    const trace = run.traceBatchNorm(layer, unit);
    const units = layerWidth(run, layer);
    return {
      message: { ...reply, trace: { ...trace, units } },
      transfer: [trace.inputs.buffer, trace.normalized.buffer, trace.outputs.buffer],
    };
  } catch (error) {
    return { message: { ...reply, error: errorToMessage(error) }, transfer: [] };
  }
}
