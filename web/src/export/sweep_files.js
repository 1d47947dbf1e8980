// The files a sweep cell exports (docs/EMBED.md, "Export"): a report (JSON) with the sweep, the
// engine's version and every run's outcome and final metrics, and the grid as CSV, one row per
// cell × variant — the numbers the grid on screen shows. Pure: text in, text out.

export const sweepReportFormat = Object.freeze({ format: 'bnlab-sweep-report', version: 1 });

/** Non-finite numbers (a metric that does not apply, a diverged loss) become null, as in the CLI's records. */
function finiteOrNull(key, value) {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

function axisPaths(expansion) {
  return expansion.axes.map((axis) => axis.path);
}

/**
 * @param {{cellId: string, engineVersion: string, expansion: object, sweep: object, metric: {split, metric},
 *   results: Array<{cell, values, variant, status, value?, stable?, divergenceStep?, final?, error?}>, created?: Date}} source
 */
export function sweepReportText({ cellId, engineVersion, expansion, sweep, metric, results, created = new Date() }) {
  const report = {
    ...sweepReportFormat,
    engine: { name: 'bnlab', version: engineVersion },
    created: created.toISOString(),
    cell: cellId,
    sweep,
    axes: axisPaths(expansion),
    variants: [...expansion.variants],
    shown: metric,
    runs: results.map((result) => ({
      cell: result.cell,
      values: result.values,
      variant: result.variant,
      status: result.status,
      value: result.value ?? null,
      stable: result.stable ?? null,
      divergence_step: result.divergenceStep ?? null,
      final: result.final ?? null,
      error: result.error ?? null,
    })),
  };
  return `${JSON.stringify(report, finiteOrNull, 2)}\n`;
}

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : (typeof value === 'string' ? value : JSON.stringify(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The columns of the grid's CSV: cell, one per axis path, variant, status, the shown metric, stable, divergence_step. */
export function sweepCsvColumns(expansion, metric) {
  return ['cell', ...axisPaths(expansion), 'variant', 'status', `${metric.split}_${metric.metric}`, 'stable', 'divergence_step'];
}

/** The grid as CSV: one row per cell × variant, in the sweep's order. */
export function sweepCsvText({ expansion, metric, results }) {
  const lines = [sweepCsvColumns(expansion, metric).map(csvField).join(',')];
  for (const result of results) {
    lines.push([
      result.cell, ...axisPaths(expansion).map((path) => result.values?.[path]), result.variant, result.status,
      result.value ?? null, result.stable === undefined || result.stable === null ? null : String(result.stable), result.divergenceStep ?? null,
    ].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}
