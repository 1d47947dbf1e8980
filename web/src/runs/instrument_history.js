// The instrument records of one run as the page has received them (worker/instrument_reader.js):
// the probe, running-statistics and mode-gap columns grow message by message; the decision grid
// and the confusion matrix are the newest frame. Appended to by the session, read by the views.

// Typed-array columns grow in place. Each gets a buffer with room to spare, twice what it holds
// when it is outgrown, so a run's N records cost O(N) copying in all. Joining the columns anew on
// every message copied the whole history each time: 0.6 s of the page thread in a 2 × 20 000-step
// Fig. 1 pair (bench/page/page_profile.mjs), growing with the square of the run's length.
const minimumCapacity = 64;

/** buffer allocated here → how many elements of it are in use (the end of its newest column) */
const lengthInUse = new WeakMap();

/**
 * `first` followed by `second`, one kind of typed array. When `first` is the newest column on
 * a buffer of ours with room left, `second` is written after it and a longer view returned;
 * views handed out before keep their length and values. Otherwise both go into a new buffer.
 */
function concatenated(first, second) {
  if (second.length === 0) return first;
  const length = first.length + second.length;
  const buffer = first.buffer;
  const Kind = first.constructor;
  const grownInPlace = lengthInUse.get(buffer) === first.length && first.byteOffset === 0 &&
    length * Kind.BYTES_PER_ELEMENT <= buffer.byteLength;
  if (grownInPlace) {
    const joined = new Kind(buffer, 0, length);
    joined.set(second, first.length);
    lengthInUse.set(buffer, length);
    return joined;
  }
  const joined = new Kind(Math.max(minimumCapacity, 2 * length)).subarray(0, length);
  joined.set(first, 0);
  joined.set(second, first.length);
  lengthInUse.set(joined.buffer, length);
  return joined;
}

/**
 * Appends `incoming` columns to `existing` of the same layout (the API's column objects: typed
 * arrays, arrays of per-layer objects, name → typed array maps); other values take the newest.
 */
export function appendColumns(existing, incoming) {
  if (existing === null || existing === undefined) return incoming;
  if (ArrayBuffer.isView(existing) && ArrayBuffer.isView(incoming)) return concatenated(existing, incoming);
  if (Array.isArray(existing) && Array.isArray(incoming)) {
    // A column of plain values (modeGap.split: one name per record) grows; per-layer lists merge.
    const perRecord = incoming.every((item) => item === null || typeof item !== 'object');
    if (perRecord) return [...existing, ...incoming];
    return incoming.map((item, index) => appendColumns(existing[index], item));
  }
  if (existing !== null && typeof existing === 'object' && incoming !== null && typeof incoming === 'object') {
    const joined = { ...existing };
    for (const [key, value] of Object.entries(incoming)) joined[key] = appendColumns(existing[key], value);
    return joined;
  }
  return incoming;
}

export class InstrumentHistory {
  /** the API's probe columns (docs/API.md, Run.probes), every record so far; null before one */
  probes = null;
  runningStatistics = null;
  modeGap = null;
  /** the newest decision-grid frame {step, size, classes, x, y, eval, train} */
  decisionGrid = null;
  /** the newest confusion record {step, classes, split, matrix, misclassifiedCount, digits} */
  confusion = null;
  /** bumped by every append that brought something: views redraw canvases only then */
  revision = 0;

  /** Adds the instrument records of one worker message (null when it had none). */
  append(records) {
    if (!records) return;
    if (records.probes) this.probes = appendColumns(this.probes, records.probes);
    if (records.runningStatistics) this.runningStatistics = appendColumns(this.runningStatistics, records.runningStatistics);
    if (records.modeGap) this.modeGap = appendColumns(this.modeGap, records.modeGap);
    if (records.decisionGrid) this.decisionGrid = records.decisionGrid;
    if (records.confusion) this.confusion = records.confusion;
    this.revision += 1;
  }
}
