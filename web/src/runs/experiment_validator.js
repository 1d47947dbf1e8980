// The page's handle on the engine's validator: one worker (the training worker's script,
// which never trains here) answers 'validate' messages, so checking an experiment never waits
// behind a training run. Every entry path of a cell — form, JSON view, URL, notebook, opened
// file — asks it; the page keeps no rules of its own. A worker that dies is replaced at once
// and the requests it held are asked again of the new one; a request that outlives two
// workers is answered with a problem instead of hanging.

import { fromWorker, toWorker } from '../worker/protocol.js';
import { startTrainingWorker } from './worker_bootstrap.js';

export class ExperimentValidator {
  #worker = null;
  #pending = new Map();
  #nextId = 0;

  #ensureWorker() {
    if (this.#worker !== null) return this.#worker;
    const worker = startTrainingWorker('bnlab-validator');
    worker.addEventListener('message', (event) => this.#receive(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#lost(event.message || 'the validation worker stopped');
    });
    this.#worker = worker;
    return worker;
  }

  #lost(detail) {
    this.#worker?.terminate();
    this.#worker = null;
    const pending = [...this.#pending.entries()];
    this.#pending.clear();
    for (const [requestId, request] of pending) {
      if (request.attempts < 2) {
        this.#send(requestId, { ...request, attempts: request.attempts + 1 });
        continue;
      }
      request.resolve({ ok: false, problems: [{ path: '', code: 'validator_lost', params: { detail }, message: `the engine's validator stopped (${detail}); edit again to retry` }] });
    }
  }

  #send(requestId, request) {
    this.#pending.set(requestId, request);
    this.#ensureWorker().postMessage({ type: toWorker.validate, requestId, ...request.message });
  }

  #receive(message) {
    if (message.type !== fromWorker.validated) return;
    const request = this.#pending.get(message.requestId);
    if (request === undefined) return;
    this.#pending.delete(message.requestId);
    const { resolve } = request;
    if (message.result) {
      resolve(message.result);
      return;
    }
    const error = message.error ?? { name: 'Error', message: 'no answer' };
    resolve({ ok: false, problems: [{ path: error.path ?? '', code: 'engine_unavailable', params: { detail: error.message }, message: error.message }] });
    if (error.name === 'EngineAbortedError') this.#lost(error.message);
  }

  /**
   * The engine's verdict on an experiment (an object, or JSON text the learner typed).
   * @returns {Promise<{ok: boolean, problems: Array<{path: string, code: string, params: object, message: string}>}>}
   */
  validate({ experiment, engineUrl }) {
    const requestId = ++this.#nextId;
    return new Promise((resolve) => {
      this.#send(requestId, { resolve, attempts: 1, message: { experiment, engineUrl } });
    });
  }
}

/** One validator for the whole page. */
export const pageValidator = new ExperimentValidator();
