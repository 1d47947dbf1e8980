// Reads a run's instrument records (docs/API.md: probes, runningStatistics, modeGap,
// decisionGrids, confusions) incrementally, each with its own `{from}` cursor, and packs what is
// new for one message to the page. Only the readers the experiment's `probes` section turns on
// are asked. Decision grids and confusion matrices are frames: only the newest one is sent (the
// views show the latest state); the other records are columns the page appends to its history.
// Nothing here computes: it selects records and transfers their typed arrays.

const digitStripLength = 16;

/** Every ArrayBuffer under `value` (typed arrays in nested objects and arrays), for transfer. */
export function collectBuffers(value, list = [], seen = new Set()) {
  if (ArrayBuffer.isView(value)) {
    if (!seen.has(value.buffer)) { seen.add(value.buffer); list.push(value.buffer); }
  } else if (Array.isArray(value)) {
    for (const item of value) collectBuffers(item, list, seen);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectBuffers(item, list, seen);
  }
  return list;
}

/** The last frame of a decision-grid history (frames are size × size × classes values each). */
function lastGridFrame(grids) {
  const frames = grids.step.length;
  if (frames === 0) return null;
  const frameLength = grids.size * grids.size * grids.classes;
  return {
    step: grids.step[frames - 1], size: grids.size, classes: grids.classes, x: grids.x, y: grids.y,
    eval: grids.eval.slice((frames - 1) * frameLength, frames * frameLength),
    train: grids.train.length > 0 ? grids.train.slice((frames - 1) * frameLength, frames * frameLength) : null,
  };
}

export class InstrumentReader {
  #run;
  #probes;
  #cursors = { probes: 0, runningStatistics: 0, modeGap: 0, decisionGrids: 0, confusions: 0 };

  /**
   * @param {import('@bnlab/api').Run} run
   * @param {object} experiment  the experiment file the run was made from
   */
  constructor(run, experiment) {
    this.#run = run;
    this.#probes = experiment?.probes ?? null;
  }

  get enabled() { return this.#probes !== null && typeof this.#probes === 'object'; }

  /**
   * The points the run trains and is tested on (preprocessed), once at the start, when a
   * decision grid will be drawn over them; null otherwise (or from an engine without samples()).
   */
  samplesForGrid() {
    if (!this.enabled || !this.#probes.decision_grid || typeof this.#run.samples !== 'function') return null;
    const train = this.#run.samples('train');
    const test = this.#run.samples('test');
    return { train: { inputs: train.inputs, labels: train.labels }, test: { inputs: test.inputs, labels: test.labels } };
  }

  #read(name, method) {
    const columns = this.#run[method]({ from: this.#cursors[name] });
    this.#cursors[name] = columns.next;
    return columns.step.length > 0 ? columns : null;
  }

  /** Up to 16 misclassified samples of the newest confusion record, with their pixels and labels. */
  #misclassifiedDigits(confusion, last) {
    if (typeof this.#run.samples !== 'function') return [];
    const indices = confusion.misclassified[last] ?? [];
    const digits = [];
    for (const index of indices.slice(0, digitStripLength)) {
      const sample = this.#run.samples(confusion.split, { from: index, count: 1 });
      if (sample.sampleShape.reduce((product, extent) => product * extent, 1) < 64) return [];  // not an image
      digits.push({ index, label: sample.labels[0] ?? -1, shape: sample.sampleShape, pixels: sample.inputs });
    }
    return digits;
  }

  /** What is new since the last call: {probes, runningStatistics, modeGap, decisionGrid, confusion} or null. */
  newRecords() {
    if (!this.enabled) return null;
    const records = {
      probes: this.#read('probes', 'probes'),
      runningStatistics: this.#probes.running_statistics ? this.#read('runningStatistics', 'runningStatistics') : null,
      modeGap: this.#probes.mode_gap ? this.#read('modeGap', 'modeGap') : null,
      decisionGrid: null,
      confusion: null,
    };
    if (this.#probes.decision_grid) {
      const grids = this.#read('decisionGrids', 'decisionGrids');
      records.decisionGrid = grids === null ? null : lastGridFrame(grids);
    }
    if (this.#probes.confusion) {
      const confusions = this.#read('confusions', 'confusions');
      if (confusions !== null) {
        const last = confusions.step.length - 1;
        const cells = confusions.classes * confusions.classes;
        records.confusion = {
          step: confusions.step[last], classes: confusions.classes, split: confusions.split,
          matrix: confusions.matrix.slice(last * cells, (last + 1) * cells),
          misclassifiedCount: confusions.misclassified[last]?.length ?? 0,
          digits: this.#misclassifiedDigits(confusions, last),
        };
      }
    }
    return Object.values(records).some((value) => value !== null) ? records : null;
  }
}
