// One press of Run in an experiment cell: every variant of its experiment (as written, without
// BatchNorm, BatchNorm before / after the activation), each in its own worker (or all in one
// worker, interleaved, on ≤ 2 cores: runs/training_client.js), from the same
// seed — so the same initial weights in every common layer and the same mini-batches. The
// engine guarantees it; the session checks it: every worker reports the digest of the common
// initial weights, and digests that differ are shown as an error and stop the session.
// The session turns worker messages into state the views read; it renders nothing itself.
//
// Lockstep: comparisons are at the same step. Pause stops every worker, then brings those that
// are behind up to the step of the one furthest ahead (the worker's `advance`); Step once
// advances every run to one step past that; Stop first pauses and aligns, then stops, so the
// final table compares every variant at one step. A diverged or failed run is left where it is.

import { fromWorker } from '../worker/protocol.js';
import { InstrumentHistory } from './instrument_history.js';
import { RunHistory } from './run_history.js';

const endedStatuses = new Set(['complete', 'diverged', 'stopped', 'failed']);

/** The state of one run of the session, as the views read it. */
class RunState {
  history = new RunHistory();
  instruments = new InstrumentHistory();
  /** the preprocessed train/test points, when the run draws a decision grid (protocol.js) */
  samples = null;
  /** 'starting' | 'training' | 'paused' | 'complete' | 'diverged' | 'stopped' | 'failed' */
  status = 'starting';
  /** what a starting run waits for: 'engine' | 'data' | 'building' */
  phase = 'engine';
  info = null;
  progress = null;
  stepsPerSecond = 0;
  summary = null;
  /** the step this run was last told to advance to (lockstep) */
  advanceTarget = null;
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
  get stepsDone() { return this.progress?.stepsDone ?? 0; }
}

/** Runs whose step others catch up with: not a diverged or failed one. */
function setsTheStep(run) {
  return run.status !== 'diverged' && run.status !== 'failed';
}

function newSessionId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export class ComparisonSession {
  #clients;
  #engineUrl;
  #files;
  #onChange;
  #resolveFinished;
  /** Resolves when every run has ended (complete, diverged, stopped or failed). */
  finished;
  /** Whether the learner asked to pause (the runs confirm with their next message). */
  pauseRequested = false;
  stopRequested = false;
  /** [{variant, digest}] when the variants did not start from the same common weights */
  initialWeightsMismatch = null;
  /** Stop was pressed: the runs are being brought to one step, then stopped */
  #stopAfterAligning = false;
  /** the step a lockstep (pause, step once, stop) brings every run to, or null */
  #targetStep = null;

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
   * @param {boolean} [options.startPaused]  every run holds before its first step (as after Pause)
   */
  constructor({ experiment, variants, clients, engineUrl, files, onChange, initialModel = null, startPaused = false }) {
    this.experiment = experiment;
    this.runs = variants.map((variant) => new RunState(variant));
    this.#clients = clients;
    this.#engineUrl = engineUrl;
    this.#files = files;
    this.#onChange = onChange;
    this.finished = new Promise((resolve) => { this.#resolveFinished = resolve; });
    this.pauseRequested = startPaused;
    const sessionId = newSessionId();
    this.runs.forEach((run, index) => {
      this.#clients[index].start(
        // One group per session: variants that share a worker (≤ 2 cores) train there side by side.
        { runId: `${sessionId}-${run.variant}`, experiment, variant: run.variant, engineUrl, files, initialModel, group: sessionId, paused: startPaused },
        (message) => this.#receive(run, message),
      );
    });
  }

  get ended() { return this.runs.every((run) => run.ended); }
  get starting() { return this.runs.some((run) => run.status === 'starting'); }
  get paused() { return !this.ended && this.pauseRequested; }

  /**
   * The step every run that sets the step is at, once they agree (paused and aligned, or
   * ended); null while they are apart or training.
   */
  get commonStep() {
    const runs = this.runs.filter(setsTheStep);
    if (runs.length === 0 || runs.some((run) => !run.ended && run.status !== 'paused')) return null;
    const steps = new Set(runs.map((run) => run.stepsDone));
    return steps.size === 1 ? [...steps][0] : null;
  }

  pause() {
    this.pauseRequested = true;
    this.#targetStep = null;
    this.#eachLiveClient((client) => client.pause());
    this.#onChange();
  }

  resume() {
    this.pauseRequested = false;
    this.#targetStep = null;
    this.#eachLiveClient((client) => client.resume());
    this.#onChange();
  }

  /** One step for every run, from the common step (so runs that were apart end up together). */
  step() {
    const target = this.#furthestStep() + 1;
    this.#targetStep = target;
    this.runs.forEach((run, index) => {
      if (run.ended) return;
      run.status = 'training';
      this.#clients[index].advance(target);
    });
    this.#onChange();
  }

  /**
   * The BN step-through of run `runIndex` (batchnorm layer `layer` of its variant, unit `unit`)
   * on the batch its next step trains on: a Promise of the engine's trace (worker/protocol.js).
   */
  traceBatchNorm(runIndex, layer, unit) {
    return this.#clients[runIndex].traceBatchNorm(layer, unit);
  }

  /**
   * BN folding for inference on the model run `runIndex` ended with (Run.foldBatchNorm, in the
   * run's worker): a Promise of the engine's check. Rejects when the run left no model.
   */
  foldBatchNorm(runIndex) {
    const run = this.runs[runIndex];
    if (run?.model === null || run?.model === undefined) return Promise.reject(new Error('the run left no model'));
    return this.#clients[runIndex].foldBatchNorm({
      experiment: this.experiment, variant: run.variant, model: run.model, engineUrl: this.#engineUrl, files: this.#files,
    });
  }

  stop() {
    this.stopRequested = true;
    const live = this.runs.filter((run) => !run.ended);
    if (this.runs.length < 2 || live.length === 0) {
      this.#stopNow();
      return;
    }
    // Catch every run at one step first; #alignRuns stops them once they are there.
    this.#stopAfterAligning = true;
    this.pauseRequested = true;
    this.#targetStep = null;
    this.#eachLiveClient((client) => client.pause());
    this.#alignRuns();
    this.#onChange();
  }

  #stopNow() {
    this.#stopAfterAligning = false;
    this.pauseRequested = false;
    this.#eachLiveClient((client) => client.stop());
    this.#onChange();
  }

  #furthestStep() {
    return Math.max(0, ...this.runs.filter(setsTheStep).map((run) => run.stepsDone));
  }

  /**
   * While paused (or stopping): once every live run has confirmed its pause, the runs behind are
   * told to advance to the furthest one's step; when all are there, a pending Stop is sent.
   */
  #alignRuns() {
    if (!this.pauseRequested) return;
    const live = this.runs.filter((run) => !run.ended);
    if (live.some((run) => run.status !== 'paused')) return;
    const target = Math.max(this.#furthestStep(), this.#targetStep ?? 0);
    let aligned = true;
    this.runs.forEach((run, index) => {
      if (run.ended || run.stepsDone >= target) return;
      aligned = false;
      if (run.advanceTarget !== target) {
        run.advanceTarget = target;
        // Catching up is training: the cell shows "paused" only once every run is at the step.
        run.status = 'training';
        this.#clients[index].advance(target);
      }
    });
    if (aligned && this.#stopAfterAligning) this.#stopNow();
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
      // Runs from different weights are not a comparison at any step: stop at once, unaligned.
      this.stopRequested = true;
      this.#stopNow();
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
        run.samples = message.samples ?? null;
        // A pause or stop pressed while the run was loading applies now.
        if (this.stopRequested && !this.#stopAfterAligning) this.#clients[this.runs.indexOf(run)].stop();
        else if (this.pauseRequested) this.#clients[this.runs.indexOf(run)].pause();
        break;
      case fromWorker.progress:
        run.history.append(message.losses, message.evaluations);
        run.instruments.append(message.instruments);
        run.progress = message.progress;
        run.stepsPerSecond = message.stepsPerSecond;
        run.status = message.paused ? 'paused' : 'training';
        if (message.paused) this.#alignRuns();
        break;
      case fromWorker.finished:
        run.history.append(message.losses, message.evaluations);
        run.instruments.append(message.instruments);
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
    // A run that ended (complete, say) may be the one the others must catch up with.
    if (message.type === fromWorker.finished || message.type === fromWorker.failed) this.#alignRuns();
    if (this.ended) this.#resolveFinished();
    this.#onChange();
  }
}
