// One press of Run in an experiment cell: every variant of its experiment (as written, without
// BatchNorm, BatchNorm before / after the activation), each in its own worker, from the same
// seed — so the same initial weights in every common layer and the same mini-batches. The
// engine guarantees it; the session checks it: every worker reports the digest of the common
// initial weights, and digests that differ are shown as an error and stop the session.
// The session turns worker messages into state the views read; it renders nothing itself.

import { fromWorker } from '../worker/protocol.js';
import { RunHistory } from './run_history.js';

const endedStatuses = new Set(['complete', 'diverged', 'stopped', 'failed']);

/** The state of one run of the session, as the views read it. */
class RunState {
  history = new RunHistory();
  /** 'starting' | 'training' | 'paused' | 'complete' | 'diverged' | 'stopped' | 'failed' */
  status = 'starting';
  /** what a starting run waits for: 'engine' | 'data' | 'building' */
  phase = 'engine';
  info = null;
  progress = null;
  stepsPerSecond = 0;
  summary = null;
  /** the engine's divergence record {step, cause, lastLoss, tensor, message} */
  divergence = null;
  /** hex digest of the initial weights of the layers every variant shares (null if unknown) */
  initialWeightsDigest = null;
  /** the model file of the weights the run ended with (docs/MODEL_FORMAT.md), once it ended */
  model = null;
  /** {name, message, path} when the run could not start or the engine failed */
  error = null;

  constructor(variant) {
    this.variant = variant;
  }

  get ended() { return endedStatuses.has(this.status); }
}

function newSessionId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export class ComparisonSession {
  #clients;
  #onChange;
  #resolveFinished;
  /** Resolves when every run has ended (complete, diverged, stopped or failed). */
  finished;
  /** Whether the learner asked to pause (the runs confirm with their next message). */
  pauseRequested = false;
  stopRequested = false;
  /** [{variant, digest}] when the variants did not start from the same common weights */
  initialWeightsMismatch = null;

  /**
   * @param {object} options
   * @param {object} options.experiment   the experiment file (settings/experiment_builder.js)
   * @param {string[]} options.variants   variant names (docs/EXPERIMENT_FORMAT.md, "Variants")
   * @param {import('./training_client.js').TrainingClient[]} options.clients  one per variant
   * @param {string} options.engineUrl    absolute URL of bnlab-engine.mjs
   * @param {Array<{url: string, enginePath: string}>} options.files  dataset files (absolute URLs)
   * @param {() => void} options.onChange  called after every state change
   * @param {object|null} [options.initialModel]  a model file every variant starts from (the engine
   *   refuses it, naming the first layer that differs, for a variant of another architecture)
   */
  constructor({ experiment, variants, clients, engineUrl, files, onChange, initialModel = null }) {
    this.experiment = experiment;
    this.runs = variants.map((variant) => new RunState(variant));
    this.#clients = clients;
    this.#onChange = onChange;
    this.finished = new Promise((resolve) => { this.#resolveFinished = resolve; });
    const sessionId = newSessionId();
    this.runs.forEach((run, index) => {
      this.#clients[index].start(
        { runId: `${sessionId}-${run.variant}`, experiment, variant: run.variant, engineUrl, files, initialModel },
        (message) => this.#receive(run, message),
      );
    });
  }

  get ended() { return this.runs.every((run) => run.ended); }
  get starting() { return this.runs.some((run) => run.status === 'starting'); }
  get paused() { return !this.ended && this.pauseRequested; }

  pause() { this.pauseRequested = true; this.#eachLiveClient((client) => client.pause()); this.#onChange(); }
  resume() { this.pauseRequested = false; this.#eachLiveClient((client) => client.resume()); this.#onChange(); }
  step() { this.#eachLiveClient((client) => client.step()); }
  stop() {
    this.stopRequested = true;
    this.pauseRequested = false;
    this.#eachLiveClient((client) => client.stop());
    this.#onChange();
  }

  /**
   * Marks the runs that have not ended as stopped without waiting for their workers (which the
   * cell terminates: reset, or the cell left the page), so `finished` still resolves.
   */
  abandon() {
    for (const run of this.runs) if (!run.ended) run.status = 'stopped';
    this.#resolveFinished();
  }

  /** Once every run has started: the common initial weights must be the same in all of them. */
  #checkInitialWeights() {
    const started = this.runs.filter((run) => run.info !== null);
    if (started.length < this.runs.length || started.length < 2) return;
    const digests = started.map((run) => ({ variant: run.variant, digest: run.initialWeightsDigest }));
    if (digests.some(({ digest }) => typeof digest !== 'string')) return;
    if (new Set(digests.map(({ digest }) => digest)).size > 1) {
      this.initialWeightsMismatch = digests;
      this.stop();
    }
  }

  #eachLiveClient(action) {
    this.runs.forEach((run, index) => { if (!run.ended) action(this.#clients[index]); });
  }

  #receive(run, message) {
    switch (message.type) {
      case fromWorker.phase:
        run.phase = message.phase;
        break;
      case fromWorker.started:
        run.info = message.info;
        run.initialWeightsDigest = message.initialWeightsDigest ?? null;
        run.status = 'training';
        this.#checkInitialWeights();
        // A pause or stop pressed while the run was loading applies now.
        if (this.stopRequested) this.#clients[this.runs.indexOf(run)].stop();
        else if (this.pauseRequested) this.#clients[this.runs.indexOf(run)].pause();
        break;
      case fromWorker.progress:
        run.history.append(message.losses, message.evaluations);
        run.progress = message.progress;
        run.stepsPerSecond = message.stepsPerSecond;
        run.status = message.paused ? 'paused' : 'training';
        break;
      case fromWorker.finished:
        run.history.append(message.losses, message.evaluations);
        run.progress = message.progress ?? run.progress;
        run.summary = message.summary;
        run.model = message.model ?? null;
        run.divergence = message.progress?.divergence ?? null;
        run.status = message.progress?.status === 'diverged' ? 'diverged' : (message.stopped ? 'stopped' : 'complete');
        break;
      case fromWorker.failed:
        run.error = message.error;
        run.status = 'failed';
        break;
      default:
        return;
    }
    if (this.ended) this.#resolveFinished();
    this.#onChange();
  }
}
