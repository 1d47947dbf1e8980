// The data of Ioffe & Szegedy's Fig. 1 as one CSV file (the cell's "Fig. 1 data (CSV)"): per
// step, the test accuracy of every variant (a) and the 15th/50th/85th percentiles (the
// experiment's probes.percentiles) of the last watched activation's input on the test probe
// set in eval mode (b, c) — exactly the points the evaluation curve (split "test", accuracy)
// and the percentile bands draw. Steps where a series has no reading are left empty (the
// probes read every probes.every steps, the evaluation every training.evaluate_every). Pure.

import { sourceColumns, percentileSeries } from '../instruments/layer_choices.js';

/** The probe set the figure reads: the test split in eval mode, as the paper's (b, c). */
const figureSource = 'test';

/** The last watched activation of the test probe set of one run, or null. */
function lastActivation(run) {
  const activations = sourceColumns(run.instruments?.probes, figureSource)?.activations ?? [];
  return activations.length > 0 ? activations[activations.length - 1] : null;
}

/** Whether the runs hold what the figure needs: test-set percentiles and test evaluations. */
export function hasFigureOneData(runs) {
  return runs.length > 0 && runs.every((run) => lastActivation(run) !== null && run.history.hasSplit('test'));
}

/** The column names: step, test_accuracy_<variant>…, then p<percent>_<variant> per variant. */
export function figureOneColumns(runs, percents) {
  return ['step', ...runs.map((run) => `test_accuracy_${run.variant}`),
    ...runs.flatMap((run) => percents.map((percent) => `p${percent}_${run.variant}`))];
}

function csvNumber(value) {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

/**
 * @param {object[]} runs  the session's runs (history, instruments, variant)
 * @param {number[]} percents  probes.percentiles of the experiment ([15, 50, 85])
 */
export function figureOneCsvText(runs, percents) {
  // step -> column index -> value
  const rows = new Map();
  const put = (step, column, value) => {
    if (!rows.has(step)) rows.set(step, new Map());
    rows.get(step).set(column, value);
  };
  runs.forEach((run, runIndex) => {
    const accuracy = run.history.evaluationCurve(figureSource, 'accuracy');
    accuracy.x.forEach((step, index) => put(step, 1 + runIndex, accuracy.y[index]));
    const column = lastActivation(run);
    if (column === null) return;
    const steps = run.instruments.probes.step;
    percents.forEach((percent, percentIndex) => {
      const series = percentileSeries(column, percents.length, percentIndex);
      const target = 1 + runs.length + runIndex * percents.length + percentIndex;
      series.forEach((value, index) => put(steps[index], target, value));
    });
  });
  const columns = figureOneColumns(runs, percents);
  const lines = [columns.join(',')];
  for (const step of [...rows.keys()].sort((first, second) => first - second)) {
    const values = rows.get(step);
    lines.push([String(step), ...columns.slice(1).map((_, index) => csvNumber(values.get(index + 1)))].join(','));
  }
  return `${lines.join('\n')}\n`;
}
