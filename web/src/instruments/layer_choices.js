// Which layer a picker means in every variant of a cell. Variants have different layer indices
// (without BatchNorm, the third sigmoid is layer 5 instead of 8), so a choice is "the n-th
// watched activation" (or "the n-th BatchNorm"), found in each run's own columns.

/** The probe columns of one source: 'train_batch' or a probe set's split name. */
export function sourceColumns(probes, source) {
  if (!probes) return null;
  if (source === 'train_batch') return { activations: probes.activations ?? [], histograms: probes.histograms ?? [] };
  const set = (probes.probeSets ?? []).find((candidate) => candidate.split === source);
  return set ? { activations: set.activations ?? [], histograms: set.histograms ?? [] } : null;
}

/** The sources any run recorded: 'train_batch' when it has training-batch activations, then each probe set's split. */
export function availableSources(runs) {
  const sources = [];
  for (const run of runs) {
    const probes = run.instruments?.probes;
    if (!probes) continue;
    if ((probes.activations ?? []).length > 0 && !sources.includes('train_batch')) sources.push('train_batch');
    for (const set of probes.probeSets ?? []) if (!sources.includes(set.split)) sources.push(set.split);
  }
  return sources;
}

/** The most watched activations of any run: the picker offers positions 0 … count − 1. */
export function activationCount(runs, source) {
  return Math.max(0, ...runs.map((run) => sourceColumns(run.instruments?.probes, source)?.activations.length ?? 0));
}

/**
 * The histograms of the block that ends in the `position`-th watched activation: every watched
 * layer after the previous watched activation up to this one (its BatchNorm's input and output,
 * then the activation's input).
 */
export function blockHistograms(columns, position) {
  if (!columns) return [];
  const activation = columns.activations[position];
  if (!activation) return [];
  const previous = position > 0 ? columns.activations[position - 1].layer : -1;
  return columns.histograms.filter((histogram) => histogram.layer > previous && histogram.layer <= activation.layer);
}

/** Min and max of the finite values of many arrays (null when there is none). */
export function valueRange(arrays) {
  let minimum = Infinity;
  let maximum = -Infinity;
  for (const values of arrays) {
    for (const value of values) {
      if (!Number.isFinite(value)) continue;
      if (value < minimum) minimum = value;
      if (value > maximum) maximum = value;
    }
  }
  return minimum <= maximum ? [minimum, maximum] : null;
}

/** Column `unit` of a records × units array, as one value per record. */
export function unitColumn(values, units, unit) {
  const records = units > 0 ? Math.floor(values.length / units) : 0;
  return Float64Array.from({ length: records }, (_, record) => values[record * units + unit]);
}

/** Percentile number `index` (of `width` recorded per reading) of an activation column: one value per reading. */
export function percentileSeries(column, width, index) {
  const records = Math.floor(column.percentiles.length / width);
  return Float64Array.from({ length: records }, (_, record) => column.percentiles[record * width + index]);
}
