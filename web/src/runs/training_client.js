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
  /** BN step-through requests waiting for their answer: requestId -> {resolve, reject} */
  #traceRequests = new Map();
  #nextTraceRequest = 1;

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
    if (message.type === fromWorker.batchNormTrace) {
      this.#answerTrace(message);
      return;
    }
    if (message.runId === this.#runId) this.#deliver(message);
  }

  #answerTrace({ requestId, trace, error }) {
    const request = this.#traceRequests.get(requestId);
    if (request === undefined) return;
    this.#traceRequests.delete(requestId);
    if (error !== undefined) request.reject(Object.assign(new Error(error.message), error));
    else request.resolve(trace);
  }

  #dropTraceRequests(reason) {
    for (const request of this.#traceRequests.values()) request.reject(new Error(reason));
    this.#traceRequests.clear();
  }

  /**
   * The BN step-through of the current run (worker/protocol.js, traceBatchNorm): resolves with
   * the engine's trace, rejects with the engine's error (name, message) or when the worker goes.
   */
  traceBatchNorm(layer, unit) {
    if (this.#worker === null || this.#runId === null) return Promise.reject(new Error('no run'));
    const requestId = this.#nextTraceRequest;
    this.#nextTraceRequest += 1;
    return new Promise((resolve, reject) => {
      this.#traceRequests.set(requestId, { resolve, reject });
      this.#worker.postMessage({ type: toWorker.traceBatchNorm, runId: this.#runId, requestId, layer, unit });
    });
  }

  /** The worker died: forget it (the next start makes a new one) and tell the current run. */
  #lost(detail) {
    const listener = this.#listener;
    const runId = this.#runId;
    this.#worker?.terminate();
    this.#worker = null;
    this.#runId = null;
    this.#listener = null;
    this.#dropTraceRequests('worker lost');
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
    this.#dropTraceRequests('worker ended');
    this.#worker?.terminate();
    this.#worker = null;
    this.#runId = null;
    this.#listener = null;
  }
}
