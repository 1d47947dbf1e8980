// The page's handle on the engine's validator: one worker (the training worker's script,
// which never trains here) answers 'validate' messages, so checking an experiment never waits
// behind a training run. Every entry path of a cell — form, JSON view, URL, notebook, opened
// file — asks it; the page keeps no rules of its own. A worker that dies is replaced at the
// next request, and the requests it held are answered with a problem instead of hanging.

import { fromWorker, toWorker } from '../worker/protocol.js';

export class ExperimentValidator {
  #worker = null;
  #pending = new Map();
  #nextId = 0;

  #ensureWorker() {
    if (this.#worker !== null) return this.#worker;
    const worker = new Worker(new URL('../worker/training_worker.js', import.meta.url), { type: 'module', name: 'bnlab-validator' });
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
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const resolve of pending) {
      resolve({ ok: false, problems: [{ path: '', code: 'validator_lost', params: { detail }, message: `the engine's validator stopped (${detail}); edit again to retry` }] });
    }
  }

  #receive(message) {
    if (message.type !== fromWorker.validated) return;
    const resolve = this.#pending.get(message.requestId);
    if (resolve === undefined) return;
    this.#pending.delete(message.requestId);
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
  validate({ experiment, engineUrl, files }) {
    const requestId = ++this.#nextId;
    return new Promise((resolve) => {
      this.#pending.set(requestId, resolve);
      this.#ensureWorker().postMessage({ type: toWorker.validate, requestId, experiment, engineUrl, files });
    });
  }
}

/** One validator for the whole page. */
export const pageValidator = new ExperimentValidator();
