// One press of Run in an experiment cell: the run as written and, when comparing, the same
// experiment without BatchNorm — each in its own worker, from the same seed (so the same
// initial weights in every common layer and the same mini-batches; the engine guarantees it).
// The session turns worker messages into state the views read; it renders nothing itself.

import { fromWorker } from '../worker/protocol.js';
import { RunHistory } from './run_history.js';

export const variantNames = Object.freeze({ withBatchNorm: 'as_written', withoutBatchNorm: 'without_batchnorm' });

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
  /** the engine's message, "diverged at step k: loss became NaN ..." */
  divergence = null;
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

  /**
   * @param {object} options
   * @param {object} options.experiment   the experiment file (settings/experiment_builder.js)
   * @param {string[]} options.variants   'as_written' and possibly 'without_batchnorm'
   * @param {import('./training_client.js').TrainingClient[]} options.clients  one per variant
   * @param {string} options.engineUrl    absolute URL of bnlab-engine.mjs
   * @param {Array<{url: string, enginePath: string}>} options.files  dataset files (absolute URLs)
   * @param {() => void} options.onChange  called after every state change
   */
  constructor({ experiment, variants, clients, engineUrl, files, onChange }) {
    this.experiment = experiment;
    this.runs = variants.map((variant) => new RunState(variant));
    this.#clients = clients;
    this.#onChange = onChange;
    this.finished = new Promise((resolve) => { this.#resolveFinished = resolve; });
    const sessionId = newSessionId();
    this.runs.forEach((run, index) => {
      this.#clients[index].start(
        { runId: `${sessionId}-${run.variant}`, experiment, variant: run.variant, engineUrl, files },
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
        run.status = 'training';
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
