// The page's handle on the engine for activation curves: one worker (the training worker's
// script, which never trains here), started when the first activations cell asks. Each request
// is every layer entry's values and derivatives on one grid (worker/protocol.js,
// activationCurves); the page computes none of them itself.

import { fromWorker, toWorker } from '../worker/protocol.js';
import { startTrainingWorker } from './worker_bootstrap.js';

class ActivationCurveSource {
  #worker = null;
  #pending = new Map();
  #nextId = 0;

  #ensureWorker() {
    if (this.#worker !== null) return this.#worker;
    const worker = startTrainingWorker('bnlab-activation-curves');
    worker.addEventListener('message', (event) => this.#receive(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#lost(event.message || 'the worker stopped');
    });
    this.#worker = worker;
    return worker;
  }

  #lost(detail) {
    this.#worker?.terminate();
    this.#worker = null;
    for (const { resolve } of this.#pending.values()) resolve({ error: { name: 'WorkerLost', message: detail } });
    this.#pending.clear();
  }

  #receive(message) {
    if (message.type !== fromWorker.activationCurves) return;
    const request = this.#pending.get(message.requestId);
    if (request === undefined) return;
    this.#pending.delete(message.requestId);
    request.resolve(message.error === undefined ? { curves: message.curves } : { error: message.error });
  }

  /**
   * @param {{layers: object[], inputs: number[], engineUrl: string}} request
   * @returns {Promise<{curves: Array<{values: Float64Array, derivatives: Float64Array}|{error: object}>}|{error: object}>}
   */
  curves({ layers, inputs, engineUrl }) {
    const requestId = ++this.#nextId;
    return new Promise((resolve) => {
      this.#pending.set(requestId, { resolve });
      this.#ensureWorker().postMessage({ type: toWorker.activationCurves, requestId, layers, inputs, engineUrl });
    });
  }
}

/** One source for the whole page. */
export const pageActivationCurves = new ActivationCurveSource();
