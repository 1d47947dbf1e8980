// A sweep worker: one of the page's pool (web/src/runs/sweep_pool.js). It owns one WebAssembly
// engine; it expands a sweep file (engine.expandSweep: the engine validates the file and numbers
// its cells as `bnlab sweep` does) and trains one cell × variant at a time, reporting only what
// the grid needs: a few progress ticks, then the run's summary record and whether it passes the
// sweep's `stable` rule (engine.sweepResultIsStable — the page never judges stability itself).
// Every Run handle is deleted in `finally`. Messages:
//
// page -> worker
//   expand {requestId, sweep, engineUrl}            sweep: the sweep object, its experiment inline
//   train  {runId, sweep, cell, experiment, variant, engineUrl, files: [{url, enginePath}]}
//   stop   {runId}                                  end that run now; it reports `stopped`
// worker -> page
//   expanded {requestId, result: {name, axes, variants, stable, cells: [{cell, values, experiment}]}} or {requestId, error}
//   progress {runId, stepsDone, totalSteps}
//   result   {runId, stopped, summary, stable}      summary = Run.summary() (docs/OUTPUT_FORMAT.md)
//   failed   {runId, error: {name, message, path, code?, params?}}

import { EngineAbortedError, loadEngine } from '@bnlab/api';

import { DatasetFiles } from './dataset_files.js';
import { errorToMessage } from './protocol.js';
import { RunControl, trainUntilDone } from './training_loop.js';

const progressIntervalMilliseconds = 250;

class SweepWorker {
  #scope;
  #engine = null;
  #datasets = new DatasetFiles();
  #active = null;              // {runId, control}
  #queue = Promise.resolve();  // one task at a time

  constructor(scope) {
    this.#scope = scope;
  }

  receive(message) {
    if (message.type === 'expand') this.#queue = this.#queue.then(() => this.#expand(message));
    else if (message.type === 'train') this.#queue = this.#queue.then(() => this.#train(message));
    else if (message.type === 'stop' && this.#active?.runId === message.runId) this.#active.control.stop();
  }

  #loadEngine(engineUrl) {
    this.#engine ??= loadEngine({ moduleUrl: engineUrl }).catch((error) => {
      this.#engine = null;
      throw error;
    });
    return this.#engine;
  }

  async #expand({ requestId, sweep, engineUrl }) {
    try {
      const engine = await this.#loadEngine(engineUrl);
      const expanded = engine.expandSweep(sweep);
      // Each cell's experiment goes back too: any worker of the pool may train that cell.
      this.#scope.postMessage({ type: 'expanded', requestId, result: expanded });
    } catch (error) {
      this.#scope.postMessage({ type: 'expanded', requestId, error: errorToMessage(error) });
      if (error instanceof EngineAbortedError) this.#scope.close();
    }
  }

  async #train({ runId, sweep, experiment, variant, engineUrl, files }) {
    const control = new RunControl();
    this.#active = { runId, control };
    let run = null;
    try {
      const engine = await this.#loadEngine(engineUrl);
      if (files.length > 0) await this.#datasets.ensure(engine, files);
      if (control.stopRequested) {
        this.#scope.postMessage({ type: 'result', runId, stopped: true, summary: null, stable: false });
        return;
      }
      run = engine.createRun(experiment, { variant });
      let lastSent = -Infinity;
      const { progress, stopped } = await trainUntilDone(run, control, (current) => {
        const now = performance.now();
        if (now - lastSent < progressIntervalMilliseconds) return;
        lastSent = now;
        this.#scope.postMessage({ type: 'progress', runId, stepsDone: current.stepsDone, totalSteps: current.totalSteps });
      });
      if (stopped) {
        this.#scope.postMessage({ type: 'result', runId, stopped: true, summary: null, stable: false });
        return;
      }
      if (progress.status !== 'diverged') run.finalize();
      const summary = run.summary();
      this.#scope.postMessage({ type: 'result', runId, stopped: false, summary, stable: engine.sweepResultIsStable(sweep, summary) });
    } catch (error) {
      this.#scope.postMessage({ type: 'failed', runId, error: errorToMessage(error) });
      if (error instanceof EngineAbortedError) this.#scope.close();
    } finally {
      run?.delete();
      if (this.#active?.runId === runId) this.#active = null;
    }
  }
}

const sweepWorker = new SweepWorker(self);
self.addEventListener('message', (event) => sweepWorker.receive(event.data));
