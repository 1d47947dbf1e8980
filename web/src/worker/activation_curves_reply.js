// The worker's answer to an `activationCurves` message: for each activation layer entry, its
// values and derivatives on the grid, from the engine's own layer (engine.activationCurve,
// docs/API.md), or the engine's error for that entry. Typed arrays are transferred.

import { errorToMessage, fromWorker } from './protocol.js';

export function activationCurvesReply(engine, { requestId, layers, inputs }) {
  const transfer = [];
  const curves = layers.map((layer) => {
    try {
      const { values, derivatives } = engine.activationCurve(layer, inputs);
      transfer.push(values.buffer, derivatives.buffer);
      return { values, derivatives };
    } catch (error) {
      return { error: errorToMessage(error) };
    }
  });
  return { message: { type: fromWorker.activationCurves, requestId, curves }, transfer };
}
