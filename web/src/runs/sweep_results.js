// What a sweep's results say, for the grid: each result is the engine's (a run's summary and
// the engine's verdict on the sweep's `stable` rule, from the worker); nothing here decides
// whether a run trained. The mark a lesson points at — "the highest learning rate that still
// trains" — is read off those verdicts along the sweep's one axis, in the order its values are
// listed (docs/SWEEP_FORMAT.md: list them from low to high).

/** The key of one run of a sweep: its cell number and variant. */
export function resultKey(cell, variant) {
  return `${cell}|${variant}`;
}

/**
 * For each variant, the number of the last cell (in the axis's order) whose run the engine
 * judged stable, or null when none is; an empty object for sweeps of more than one axis or
 * without a `stable` rule (no single "highest" value to mark).
 * @param {{axes: object[], variants: string[], stable?: object, cells: Array<{cell: number}>}} expansion
 * @param {Map<string, {stable: boolean}>} results  by resultKey
 * @returns {Record<string, number|null>}
 */
export function highestStableCells(expansion, results) {
  if (expansion.axes.length !== 1 || expansion.stable === undefined || expansion.stable === null) return {};
  const marks = {};
  for (const variant of expansion.variants) {
    marks[variant] = null;
    for (const { cell } of expansion.cells) {
      if (results.get(resultKey(cell, variant))?.stable === true) marks[variant] = cell;
    }
  }
  return marks;
}

/** The final metric a sweep's grid shows: the engine's `show` (the file's, else its `stable` rule's, else test accuracy). */
export function shownMetric(expansion) {
  return { split: expansion.show?.split ?? 'test', metric: expansion.show?.metric ?? 'accuracy' };
}
