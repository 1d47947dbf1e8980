// A training worker: owns one WebAssembly engine and trains with it one run, or the runs of one
// group (a cell's variants, on a machine of ≤ 2 cores: runs/training_client.js) side by side,
// their chunks interleaved, so the page keeps a core. Every Run handle is deleted in `finally`,
// whatever ends the run. Messages: ./protocol.js.

import { EngineAbortedError, loadEngine } from '@bnlab/api';

import { validateInEngine } from './validate_experiment.js';

import { DatasetFiles } from './dataset_files.js';
import { errorToMessage, fromWorker, toWorker } from './protocol.js';
import { RunReporter } from './run_reporter.js';
import { batchNormTraceReply } from './batchnorm_trace_reply.js';
import { activationCurvesReply } from './activation_curves_reply.js';
import { foldCheckReply } from './fold_check_reply.js';
import { ChunkSizer, RunControl, trainUntilDone } from './training_loop.js';

class TrainingWorker {
  #scope;
  #engine = null;          // Promise<Engine>, loaded on the first start or warm message
  #datasets = new DatasetFiles();
  #active = new Map();     // runId -> {control, run}, of the runs being trained (one, or one group's)
  #queue = Promise.resolve();  // runs (groups) one after another, never two groups at once
  #group = null;           // the group of the runs started last, or null
  #groupReady = null;      // what that group's first run waited for before it began
  #groupChunks = null;     // {group, sizer}: the chunk size the group's runs share

  constructor(scope) {
    this.#scope = scope;
  }

  receive(message) {
    switch (message.type) {
      case toWorker.start:
        if (typeof message.group === 'string' && message.group === this.#group) {
          // Another run of the group being trained: it trains alongside, chunk for chunk.
          const trained = this.#groupReady.then(() => this.#train(message));
          this.#queue = Promise.all([this.#queue, trained]);
          break;
        }
        // A start while runs are active replaces them: stop those first, then begin.
        for (const { control } of this.#active.values()) control.stop();
        this.#group = typeof message.group === 'string' ? message.group : null;
        this.#groupReady = this.#queue;
        this.#queue = this.#queue.then(() => this.#train(message));
        break;
      case toWorker.warm:
        this.#queue = this.#queue.then(() => this.#warm(message));
        break;
      case toWorker.validate:
        this.#queue = this.#queue.then(() => this.#validate(message));
        break;
      case toWorker.activationCurves:
        this.#queue = this.#queue.then(() => this.#activationCurves(message));
        break;
      case toWorker.foldBatchNorm:
        // After the runs in the queue: the page asks once a session has ended.
        this.#queue = this.#queue.then(() => this.#foldCheck(message));
        break;
      case toWorker.traceBatchNorm: {
        // Answered at once, between chunks: while paused that is the batch of the next step.
        const active = this.#active.get(message.runId) ?? null;
        const { message: reply, transfer } = batchNormTraceReply(active?.run ?? null, message);
        this.#scope.postMessage(reply, transfer);
        break;
      }
      case toWorker.pause:
      case toWorker.resume:
      case toWorker.step:
      case toWorker.advance:
      case toWorker.stop: {
        const control = this.#active.get(message.runId)?.control;
        if (control === undefined) break;  // an older run's
        if (message.type === toWorker.pause) control.pause();
        else if (message.type === toWorker.resume) control.resume();
        else if (message.type === toWorker.step) control.stepOnce();
        else if (message.type === toWorker.advance) control.advanceTo(message.step);
        else control.stop();
        break;
      }
      default:
        console.error(`training worker: unknown message type ${JSON.stringify(message.type)}`);
    }
  }

  #loadEngine(engineUrl) {
    // A failed load is not kept: the next start tries again (the server may be back).
    this.#engine ??= loadEngine({ moduleUrl: engineUrl }).catch((error) => {
      this.#engine = null;
      throw error;
    });
    return this.#engine;
  }

  async #warm({ engineUrl, files }) {
    try {
      const engine = await this.#loadEngine(engineUrl);
      await this.#datasets.ensure(engine, files);
    } catch {
      // Warming is only a head start; the next start reports whatever fails.
    }
  }

  async #validate({ requestId, experiment, engineUrl }) {
    try {
      const engine = await this.#loadEngine(engineUrl);
      const result = validateInEngine(engine, experiment);
      this.#scope.postMessage({ type: fromWorker.validated, requestId, result });
    } catch (error) {
      this.#scope.postMessage({ type: fromWorker.validated, requestId, error: errorToMessage(error) });
      if (error instanceof EngineAbortedError) this.#scope.close();
    }
  }

  /** One chunk size for every run of a group: they take the same steps, chunk by chunk. */
  #chunkSizer(group) {
    if (this.#groupChunks?.group !== group) this.#groupChunks = { group, sizer: new ChunkSizer() };
    return this.#groupChunks.sizer;
  }

  async #activationCurves(message) {
    try {
      const engine = await this.#loadEngine(message.engineUrl);
      const { message: reply, transfer } = activationCurvesReply(engine, message);
      this.#scope.postMessage(reply, transfer);
    } catch (error) {
      this.#scope.postMessage({ type: fromWorker.activationCurves, requestId: message.requestId, error: errorToMessage(error) });
    }
  }

  async #foldCheck(message) {
    try {
      const engine = await this.#loadEngine(message.engineUrl);
      await this.#datasets.ensure(engine, message.files);
      const reply = foldCheckReply(engine, message);
      this.#scope.postMessage(reply);
      if (reply.error?.name === 'EngineAbortedError') this.#scope.close();
    } catch (error) {
      this.#post(fromWorker.foldCheck, message.runId, { requestId: message.requestId, error: errorToMessage(error) });
      if (error instanceof EngineAbortedError) this.#scope.close();
    }
  }

  #post(type, runId, fields = {}) {
    this.#scope.postMessage({ type, runId, ...fields });
  }

  async #train({ runId, experiment, variant, engineUrl, files, initialModel = null, group = null, paused = false }) {
    const control = new RunControl();
    // Started paused: the run is built, reports itself paused at step 0 and waits (a pause
    // message could not reach it earlier: a run's control exists only once its turn comes).
    if (paused === true) control.pause();
    const active = { control, run: null };
    this.#active.set(runId, active);
    let run = null;
    try {
      this.#post(fromWorker.phase, runId, { phase: 'engine' });
      const engine = await this.#loadEngine(engineUrl);
      if (files.length > 0) {
        this.#post(fromWorker.phase, runId, { phase: 'data' });
        await this.#datasets.ensure(engine, files);
      }
      if (control.stopRequested) {
        this.#post(fromWorker.finished, runId, { progress: null, stopped: true, summary: null, losses: null, evaluations: null });
        return;
      }
      this.#post(fromWorker.phase, runId, { phase: 'building' });
      // An imported model file (Export row, "Import a model file…") sets the starting weights.
      run = engine.createRun(experiment, initialModel === null ? { variant } : { variant, initialModel });
      active.run = run;  // for traceBatchNorm messages
      // The digest of the initial weights every variant shares: the page compares the digests
      // of a cell's workers to prove its variants start from the same weights.
      const initialWeightsDigest = typeof run.initialWeightsDigest === 'function' ? run.initialWeightsDigest() : null;
      const reporter = new RunReporter(this.#scope, runId, run, experiment);
      const samples = reporter.samplesForGrid();
      const transfer = samples === null ? [] : [samples.train.inputs.buffer, samples.train.labels.buffer, samples.test.inputs.buffer, samples.test.labels.buffer];
      this.#scope.postMessage({ type: fromWorker.started, runId, info: run.info(), initialWeightsDigest, samples }, transfer);

      const chunks = typeof group === 'string' ? this.#chunkSizer(group) : new ChunkSizer();
      const { progress, stopped } = await trainUntilDone(run, control, (current, details) => reporter.progress(current, details), chunks);
      // Stopped early or complete: the final evaluation (eval mode) of the weights reached.
      const final = progress.status === 'diverged' ? progress : run.finalize();
      // The trained model file (parameters and BatchNorm running statistics) goes with the last
      // message, so the page can export it after the run's handle is gone.
      reporter.finished(final, { stopped, summary: run.summary(), model: run.getModel() });
    } catch (error) {
      this.#post(fromWorker.failed, runId, { error: errorToMessage(error) });
      if (error instanceof EngineAbortedError) {
        // Its memory can no longer be trusted: this worker is done; the page starts a new one.
        this.#scope.close();
      }
    } finally {
      active.run = null;
      run?.delete();
      if (this.#active.get(runId) === active) this.#active.delete(runId);
    }
  }
}

const trainingWorker = new TrainingWorker(self);
self.addEventListener('message', (event) => trainingWorker.receive(event.data));
