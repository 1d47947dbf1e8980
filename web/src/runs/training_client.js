// The page's handle on one training worker (web/src/worker/training_worker.js). A cell keeps
// its workers between runs, so the engine and the datasets load once. A worker that dies —
// an error event (its script failed, it ran out of memory) or an engine abort — is dropped at
// once, its run is told why ('failed' with error.name WorkerLost or EngineAbortedError), and
// the next start gets a fresh worker; the other workers of the page keep going.

import { fromWorker, toWorker } from '../worker/protocol.js';
import { startTrainingWorker } from './worker_bootstrap.js';

export class TrainingClient {
  #worker = null;
  #runId = null;
  #listener = null;

  #ensureWorker() {
    if (this.#worker !== null) return this.#worker;
    const worker = startTrainingWorker('bnlab-training');
    worker.addEventListener('message', (event) => this.#receive(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#lost(event.message || '');
    });
    this.#worker = worker;
    return worker;
  }

  #receive(message) {
    if (message.type === fromWorker.failed && message.error?.name === 'EngineAbortedError') {
      // The worker closes itself after an abort; forget it so the next run gets a new one.
      this.#worker = null;
    }
    if (message.runId === this.#runId) this.#deliver(message);
  }

  /** The worker died: forget it (the next start makes a new one) and tell the current run. */
  #lost(detail) {
    const listener = this.#listener;
    const runId = this.#runId;
    this.#worker?.terminate();
    this.#worker = null;
    this.#runId = null;
    this.#listener = null;
    listener?.({ type: fromWorker.failed, runId, error: { name: 'WorkerLost', message: detail, path: '' } });
  }

  #deliver(message) {
    this.#listener?.(message);
  }

  /**
   * Starts a run in this worker (replacing any run it still has). `listener` receives every
   * message of this run and of no other.
   */
  start({ runId, experiment, variant, engineUrl, files, initialModel = null }, listener) {
    this.#runId = runId;
    this.#listener = listener;
    this.#ensureWorker().postMessage({ type: toWorker.start, runId, experiment, variant, engineUrl, files, initialModel });
  }

  /** Loads the engine and datasets ahead of the first run (no reply). */
  warm({ engineUrl, files }) {
    this.#ensureWorker().postMessage({ type: toWorker.warm, engineUrl, files });
  }

  pause() { this.#command(toWorker.pause); }
  resume() { this.#command(toWorker.resume); }
  step() { this.#command(toWorker.step); }
  /** While paused: train until `step` steps are done, then pause again (lockstep). */
  advance(step) {
    if (this.#worker !== null && this.#runId !== null) this.#worker.postMessage({ type: toWorker.advance, runId: this.#runId, step });
  }
  stop() { this.#command(toWorker.stop); }

  #command(type) {
    if (this.#worker !== null && this.#runId !== null) this.#worker.postMessage({ type, runId: this.#runId });
  }

  /** Ends the worker at once (reset, or the cell left the page). Its messages stop. */
  terminate() {
    this.#worker?.terminate();
    this.#worker = null;
    this.#runId = null;
    this.#listener = null;
  }
}
