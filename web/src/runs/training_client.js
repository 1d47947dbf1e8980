// The page's handle on a training run in a worker (web/src/worker/training_worker.js). A cell
// keeps its clients between runs, so the engine and the datasets load once. Each client has
// its own worker on a machine with more than two cores (a compare pair trains on two cores);
// on ≤ 2 cores (navigator.hardwareConcurrency) a cell's clients share one worker unless its
// runs are long (longRunSteps), and that worker trains
// the variants interleaved chunk by chunk: the page thread then keeps a core of its own
// instead of waiting for one behind two workers (bench/page/page_trace.mjs measured long tasks
// that spent ~90 % of their wall time off the CPU). A worker that dies — an error event (its
// script failed, it ran out of memory) or an engine abort — is dropped at once, the runs it
// held are told why ('failed' with error.name WorkerLost or EngineAbortedError), and the next
// start gets a fresh worker; the other workers of the page keep going.

import { fromWorker, toWorker } from '../worker/protocol.js';
import { startTrainingWorker } from './worker_bootstrap.js';

/**
 * From this many steps per run (training.steps), a cell's variants train in a worker each even
 * on 2 cores. Sharing one worker keeps a core for the page, but a long pair then takes twice
 * its time: Ioffe's Fig. 1 (2 × 50 000 steps) needed ~150 s in one worker and ~90 s in two
 * (docs/PERFORMANCE.md); on 2026-12-07, with the faster engine, 112.8 s against 77.9 s. Every other shipped cell trains in under 10 s and keeps sharing.
 */
export const longRunSteps = 20000;

/**
 * Whether a cell's variants should share one worker on a machine with `cores` cores, for runs
 * of `stepsPerRun` steps (null: not known, e.g. a run given in epochs, which counts as short).
 */
export function sharesOneWorker(cores = globalThis.navigator?.hardwareConcurrency, stepsPerRun = null) {
  const long = Number.isInteger(stepsPerRun) && stepsPerRun >= longRunSteps;
  return Number.isInteger(cores) && cores <= 2 && !long;
}

/**
 * Whether `count` runs of `stepsPerRun` steps leave the page thread no core of its own: on ≤ 2
 * cores, a long pair trains in a worker per variant (sharesOneWorker), and every frame the page
 * draws is then CPU time taken from training. Such a cell draws less often (cells/experiment_cell.js).
 */
export function crowdsTheCores(count, cores = globalThis.navigator?.hardwareConcurrency, stepsPerRun = null) {
  return count > 1 && Number.isInteger(cores) && cores <= 2 && !sharesOneWorker(cores, stepsPerRun);
}

/** One training worker and the runs of the clients using it, by runId. */
class WorkerHost {
  #worker = null;
  /** runId -> the client whose run it is */
  #routes = new Map();

  #ensureWorker() {
    if (this.#worker !== null) return this.#worker;
    const worker = startTrainingWorker('bnlab-training');
    worker.addEventListener('message', (event) => this.#receive(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#lost({ name: 'WorkerLost', message: event.message || '', path: '' });
    });
    this.#worker = worker;
    return worker;
  }

  #receive(message) {
    this.#routes.get(message.runId)?.deliver(message);
    if ((message.type === fromWorker.failed || message.type === fromWorker.foldCheck) && message.error?.name === 'EngineAbortedError') {
      // The worker closes itself after an abort; its other runs are gone with it.
      this.#lost({ name: 'WorkerLost', message: message.error.message ?? '', path: '' });
    }
  }

  /** The worker died: forget it (the next start makes a new one) and tell every run it held. */
  #lost(error) {
    const routes = [...this.#routes.entries()];
    this.#worker?.terminate();
    this.#worker = null;
    this.#routes.clear();
    for (const [runId, client] of routes) client.deliver({ type: fromWorker.failed, runId, error });
  }

  route(runId, client) { this.#routes.set(runId, client); }
  unroute(runId) { this.#routes.delete(runId); }

  post(message) { this.#ensureWorker().postMessage(message); }

  /** Posts only to a live worker (commands for a run; a dead worker's runs have been failed). */
  postIfAlive(message) { this.#worker?.postMessage(message); }

  get alive() { return this.#worker !== null; }

  terminate() {
    this.#worker?.terminate();
    this.#worker = null;
    this.#routes.clear();
  }
}

export class TrainingClient {
  #host;
  #runId = null;
  #listener = null;
  /** BN step-through and fold requests waiting for their answer: requestId -> {resolve, reject} */
  #requests = new Map();
  #nextRequest = 1;

  /** @param {WorkerHost} [host]  the worker it trains in (shared by a cell's clients on ≤ 2 cores) */
  constructor(host = new WorkerHost()) {
    this.#host = host;
  }

  get host() { return this.#host; }

  /** A message of this client's current run (the host routes by runId). */
  deliver(message) {
    if (message.runId !== this.#runId) return;
    if (message.type === fromWorker.batchNormTrace || message.type === fromWorker.foldCheck) {
      this.#answer(message.requestId, message.error, message.trace ?? message.result);
      return;
    }
    const listener = this.#listener;
    if (message.type === fromWorker.failed) {
      this.#host.unroute(this.#runId);
      this.#runId = null;
      this.#listener = null;
      this.#dropRequests('the run failed');
    }
    listener?.(message);
  }

  #answer(requestId, error, answer) {
    const request = this.#requests.get(requestId);
    if (request === undefined) return;
    this.#requests.delete(requestId);
    if (error !== undefined) request.reject(Object.assign(new Error(error.message), error));
    else request.resolve(answer);
  }

  #dropRequests(reason) {
    for (const request of this.#requests.values()) request.reject(new Error(reason));
    this.#requests.clear();
  }

  /** Posts a request about the current run; its answer (routed by runId) settles the Promise. */
  #request(fields) {
    if (this.#runId === null || !this.#host.alive) return Promise.reject(new Error('no run'));
    const requestId = this.#nextRequest;
    this.#nextRequest += 1;
    return new Promise((resolve, reject) => {
      this.#requests.set(requestId, { resolve, reject });
      this.#host.postIfAlive({ ...fields, runId: this.#runId, requestId });
    });
  }

  /**
   * The BN step-through of the current run (worker/protocol.js, traceBatchNorm): resolves with
   * the engine's trace, rejects with the engine's error (name, message) or when the worker goes.
   */
  traceBatchNorm(layer, unit) {
    return this.#request({ type: toWorker.traceBatchNorm, layer, unit });
  }

  /**
   * BN folding for inference on `model`, the model file this client's run ended with
   * (worker/protocol.js, foldBatchNorm): resolves with Run.foldBatchNorm's check, rejects with
   * the engine's error or when the worker goes. The worker answers after any run it is training.
   */
  foldBatchNorm({ experiment, variant, model, engineUrl, files }) {
    return this.#request({ type: toWorker.foldBatchNorm, experiment, variant, model, engineUrl, files });
  }

  /**
   * Starts a run (replacing any run this client still has). `listener` receives every message
   * of this run and of no other. Runs started with the same `group` in one worker train side by
   * side there (a session's variants); another group replaces the worker's runs.
   */
  start({ runId, experiment, variant, engineUrl, files, initialModel = null, group = null, paused = false }, listener) {
    if (this.#runId !== null) this.#host.unroute(this.#runId);
    this.#dropRequests('another run started');
    this.#runId = runId;
    this.#listener = listener;
    this.#host.route(runId, this);
    this.#host.post({ type: toWorker.start, runId, experiment, variant, engineUrl, files, initialModel, group, paused });
  }

  /** Loads the engine and datasets ahead of the first run (no reply). */
  warm({ engineUrl, files }) {
    this.#host.post({ type: toWorker.warm, engineUrl, files });
  }

  pause() { this.#command(toWorker.pause); }
  resume() { this.#command(toWorker.resume); }
  step() { this.#command(toWorker.step); }
  /** While paused: train until `step` steps are done, then pause again (lockstep). */
  advance(step) {
    if (this.#runId !== null) this.#host.postIfAlive({ type: toWorker.advance, runId: this.#runId, step });
  }
  stop() { this.#command(toWorker.stop); }

  #command(type) {
    if (this.#runId !== null) this.#host.postIfAlive({ type, runId: this.#runId });
  }

  /** Ends the worker at once (reset, or the cell left the page): for every client sharing it. */
  terminate() {
    this.#dropRequests('worker ended');
    this.#host.terminate();
    this.#runId = null;
    this.#listener = null;
  }
}

/**
 * `count` clients for a cell's variants, keeping the `existing` ones where they still fit (their
 * workers have the engine loaded): one worker each, or one worker for all on ≤ 2 cores unless
 * the runs are long (sharesOneWorker). A client whose worker arrangement no longer fits is
 * replaced (its own worker ended; a shared worker stays with the first client).
 * @param {number} count
 * @param {TrainingClient[]} [existing]
 * @param {number} [cores]  navigator.hardwareConcurrency
 * @param {number|null} [stepsPerRun]  the experiment's training.steps
 * @returns {TrainingClient[]}
 */
export function trainingClientsFor(count, existing = [], cores = globalThis.navigator?.hardwareConcurrency, stepsPerRun = null) {
  const shared = sharesOneWorker(cores, stepsPerRun);
  const clients = [...existing];
  const firstHost = clients[0]?.host ?? null;
  for (let index = 1; index < clients.length; index += 1) {
    const sharing = clients[index].host === firstHost;
    if (sharing === shared) continue;
    if (!sharing) clients[index].terminate();
    clients[index] = new TrainingClient(shared ? firstHost : undefined);
  }
  const host = shared ? (clients[0]?.host ?? new WorkerHost()) : null;
  while (clients.length < count) clients.push(new TrainingClient(host ?? undefined));
  return clients;
}
