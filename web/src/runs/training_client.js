// The page's handle on one training worker (web/src/worker/training_worker.js). A cell keeps
// its workers between runs, so the engine and the datasets load once; a worker whose engine
// aborted is replaced by a fresh one at the next start.

import { fromWorker, toWorker } from '../worker/protocol.js';

export class TrainingClient {
  #worker = null;
  #runId = null;
  #listener = null;

  #ensureWorker() {
    if (this.#worker !== null) return this.#worker;
    const worker = new Worker(new URL('../worker/training_worker.js', import.meta.url), { type: 'module', name: 'bnlab-training' });
    worker.addEventListener('message', (event) => this.#receive(event.data));
    worker.addEventListener('error', (event) => {
      // The worker script itself failed (it could not load): report it to the current run.
      event.preventDefault();
      this.#deliver({ type: fromWorker.failed, runId: this.#runId, error: { name: 'Error', message: event.message || 'the training worker failed to start', path: '' } });
      this.terminate();
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

  #deliver(message) {
    this.#listener?.(message);
  }

  /**
   * Starts a run in this worker (replacing any run it still has). `listener` receives every
   * message of this run and of no other.
   */
  start({ runId, experiment, variant, engineUrl, files }, listener) {
    this.#runId = runId;
    this.#listener = listener;
    this.#ensureWorker().postMessage({ type: toWorker.start, runId, experiment, variant, engineUrl, files });
  }

  /** Loads the engine and datasets ahead of the first run (no reply). */
  warm({ engineUrl, files }) {
    this.#ensureWorker().postMessage({ type: toWorker.warm, engineUrl, files });
  }

  pause() { this.#command(toWorker.pause); }
  resume() { this.#command(toWorker.resume); }
  step() { this.#command(toWorker.step); }
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
