// Sends a run's new records to the page: at most every `intervalMilliseconds` (about 10
// messages a second per run, what the cell draws at — it renders at most every 66 ms; more
// messages only cost the page thread deserializing them), plus at once when the page waits for an
// answer (pause, step once). Only records the page has not seen yet are read and sent; their
// typed arrays are transferred, not copied. The instrument records (./instrument_reader.js)
// travel in the same messages, so every view sees one consistent step.

import { InstrumentReader, collectBuffers } from './instrument_reader.js';
import { fromWorker } from './protocol.js';

const intervalMilliseconds = 100;
const splitNames = ['train', 'validation', 'test'];

function transferablesOf(columns, list) {
  for (const value of Object.values(columns)) {
    if (ArrayBuffer.isView(value)) list.push(value.buffer);
  }
}

export class RunReporter {
  #scope;
  #runId;
  #run;
  #lossCursor = 0;
  #evaluationCursor = 0;
  #lastSent = -Infinity;
  #instruments;

  /**
   * @param {DedicatedWorkerGlobalScope} scope
   * @param {string} runId
   * @param {import('@bnlab/api').Run} run
   * @param {object} experiment  the run's experiment file (its `probes` say which instruments to read)
   */
  constructor(scope, runId, run, experiment) {
    this.#scope = scope;
    this.#runId = runId;
    this.#run = run;
    this.#instruments = new InstrumentReader(run, experiment);
  }

  /** The 2-D points a decision grid is drawn over (null when the run has no grid). */
  samplesForGrid() {
    return this.#instruments.samplesForGrid();
  }

  /** The records written since the last call, and the buffers to transfer with them. */
  #newRecords() {
    const losses = this.#run.losses({ from: this.#lossCursor });
    this.#lossCursor = losses.next;
    const evaluations = this.#run.evaluations({ from: this.#evaluationCursor });
    this.#evaluationCursor = evaluations.next;
    const transfer = [];
    const lossColumns = { step: losses.step, loss: losses.loss };
    transferablesOf(lossColumns, transfer);
    const evaluationColumns = {};
    for (const split of splitNames) {
      evaluationColumns[split] = evaluations[split];
      transferablesOf(evaluations[split], transfer);
    }
    const instruments = this.#instruments.newRecords();
    if (instruments !== null) collectBuffers(instruments, transfer, new Set(transfer));
    return { losses: lossColumns, evaluations: evaluationColumns, instruments, transfer };
  }

  /** Sends progress if the interval has passed (or `urgent`). */
  progress(progress, { stepsPerSecond, paused, urgent }) {
    const now = performance.now();
    const due = urgent || progress.status !== 'training' || now - this.#lastSent >= intervalMilliseconds;
    if (!due) return;
    this.#lastSent = now;
    const { losses, evaluations, instruments, transfer } = this.#newRecords();
    this.#scope.postMessage({
      type: fromWorker.progress, runId: this.#runId, progress, losses, evaluations, instruments, stepsPerSecond, paused,
    }, transfer);
  }

  /** The last message of a run: the remaining records (final evaluation included) and the summary. */
  finished(progress, { stopped, summary, model = null }) {
    const { losses, evaluations, instruments, transfer } = this.#newRecords();
    this.#scope.postMessage({
      type: fromWorker.finished, runId: this.#runId, progress, stopped, summary, losses, evaluations, instruments, model,
    }, transfer);
  }
}
