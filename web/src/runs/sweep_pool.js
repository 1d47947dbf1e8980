// The page's pool of sweep workers (web/src/worker/sweep_worker.js): as many as the machine
// has cores (navigator.hardwareConcurrency), at least 1 and at most 4, so a sweep's runs train
// side by side while the page thread only renders. The pool hands each idle worker the next
// run of the queue and reports every run as it ends. Stop tells every busy worker to stop and
// drops the queue. A worker that dies is replaced; the run it held is reported failed.

import { startSweepWorker } from './worker_bootstrap.js';

const largestPool = 4;

/** How many workers a pool gets on this machine. */
export function poolSize(hardwareConcurrency = globalThis.navigator?.hardwareConcurrency) {
  const cores = Number.isInteger(hardwareConcurrency) ? hardwareConcurrency : 1;
  return Math.min(largestPool, Math.max(1, cores));
}

class PoolWorker {
  worker = null;
  job = null;  // {runId, ...} of the run it trains, or null when idle

  ensure(onMessage, onLost) {
    if (this.worker !== null) return this.worker;
    const worker = startSweepWorker('bnlab-sweep');
    worker.addEventListener('message', (event) => onMessage(this, event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      onLost(this, event.message || 'the sweep worker stopped');
    });
    this.worker = worker;
    return worker;
  }

  terminate() {
    this.worker?.terminate();
    this.worker = null;
    this.job = null;
  }
}

export class SweepPool {
  #workers;
  #queue = [];
  #listener = null;
  #nextRunId = 0;
  #requests = new Map();
  #nextRequestId = 0;

  constructor(size = poolSize()) {
    this.#workers = Array.from({ length: size }, () => new PoolWorker());
  }

  get size() { return this.#workers.length; }

  /** How many workers are training a run now. */
  get busy() { return this.#workers.filter((member) => member.job !== null).length; }

  #onMessage = (member, message) => {
    if (message.type === 'expanded') {
      const resolve = this.#requests.get(message.requestId);
      this.#requests.delete(message.requestId);
      resolve?.(message);
      return;
    }
    const job = member.job;
    if (job === null || message.runId !== job.runId) return;  // a stopped run's late message
    if (message.type === 'progress') {
      this.#listener?.({ type: 'progress', job, stepsDone: message.stepsDone, totalSteps: message.totalSteps });
      return;
    }
    member.job = null;
    if (message.type === 'result') this.#listener?.({ type: 'result', job, stopped: message.stopped, summary: message.summary, stable: message.stable });
    else this.#listener?.({ type: 'failed', job, error: message.error });
    if (message.type === 'failed' && message.error?.name === 'EngineAbortedError') member.worker = null;  // it closed itself
    this.#dispatch();
  };

  #onLost = (member, detail) => {
    const job = member.job;
    member.terminate();
    if (member === this.#workers[0]) {
      // Expansions wait on the first worker: answer them rather than leave them hanging.
      for (const resolve of this.#requests.values()) resolve({ error: { name: 'WorkerLost', message: detail, path: '' } });
      this.#requests.clear();
    }
    if (job !== null) this.#listener?.({ type: 'failed', job, error: { name: 'WorkerLost', message: detail, path: '' } });
    this.#dispatch();
  };

  /**
   * The engine's expansion of a sweep (validated by it), or its ConfigError as {error}.
   * @returns {Promise<{result?: object, error?: {name, message, path, code?, params?}}>}
   */
  expand({ sweep, engineUrl }) {
    const requestId = ++this.#nextRequestId;
    return new Promise((resolve) => {
      this.#requests.set(requestId, resolve);
      this.#workers[0].ensure(this.#onMessage, this.#onLost).postMessage({ type: 'expand', requestId, sweep, engineUrl });
    });
  }

  /**
   * Trains every job ({cell, variant, experiment, files: [{url, enginePath}]}); `listener` gets {type: 'progress'|'result'|
   * 'failed', job, ...} for each. Jobs of an earlier call still queued are dropped.
   */
  run(jobs, { sweep, engineUrl }, listener) {
    this.#listener = listener;
    this.#queue = jobs.map((job) => ({ ...job, sweep, engineUrl }));
    this.#dispatch();
  }

  #dispatch() {
    for (const member of this.#workers) {
      if (member.job !== null || this.#queue.length === 0) continue;
      const job = { ...this.#queue.shift(), runId: `sweep-run-${++this.#nextRunId}` };
      member.job = job;
      const { runId, sweep, cell, experiment, variant, engineUrl, files } = job;
      member.ensure(this.#onMessage, this.#onLost).postMessage({ type: 'train', runId, sweep, cell, experiment, variant, engineUrl, files });
      this.#listener?.({ type: 'started', job });
    }
  }

  /** Drops the queue and stops every busy worker; each reports its run as stopped. */
  stop() {
    const dropped = this.#queue;
    this.#queue = [];
    for (const job of dropped) this.#listener?.({ type: 'dropped', job });
    for (const member of this.#workers) {
      if (member.job !== null) member.worker?.postMessage({ type: 'stop', runId: member.job.runId });
    }
  }

  /** Ends every worker at once (the cell left the page). */
  terminate() {
    this.#queue = [];
    this.#listener = null;
    for (const member of this.#workers) member.terminate();
  }
}

/**
 * One worker for the whole page that only expands sweeps (every sweep cell asks it when the
 * notebook is shown), so a page of sweep cells loads one extra engine, not one per cell; the
 * training pools start on the first Run.
 */
export const pageSweepExpander = new SweepPool(1);
