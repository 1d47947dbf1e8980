// The files a cell exports (docs/EMBED.md, "Export"), built from what the page holds — the
// experiment it trained and each run's records, summary and model file. Pure: text in, text
// out; the view (cell_export.js) turns them into downloads. Every file opens again: the report
// is JSON, the CSV has one row per curve point, the model file is exactly the engine's
// Run.getModel() (docs/MODEL_FORMAT.md), which `bnlab eval` reads.

import { evaluationMetrics, splitNames } from '../runs/run_history.js';

export const reportFormat = Object.freeze({ format: 'bnlab-report', version: 1 });

/** A file name made of safe characters: "lecture-without_batchnorm.model.json". */
export function exportFileName(cellId, variant, suffix) {
  const safe = (text) => String(text).replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'bnlab';
  return variant === null ? `${safe(cellId)}.${suffix}` : `${safe(cellId)}-${safe(variant)}.${suffix}`;
}

/** The model file of one run, as text (null while the run has none). */
export function modelFileText(run) {
  return run.model === null || run.model === undefined ? null : `${JSON.stringify(run.model)}\n`;
}

function lossRecords(history) {
  return { step: [...history.lossSteps], loss: [...history.losses] };
}

function evaluationRecords(history) {
  return Object.fromEntries(splitNames.filter((split) => history.hasSplit(split))
    .map((split) => [split, structuredClone(history.evaluations[split])]));
}

/**
 * The report of one press of Run: the engine's version, the experiment, its seed, and every
 * variant's records and final metrics.
 * @param {{cellId: string, engineVersion: string, experiment: object, runs: object[], created?: Date}} source
 */
export function reportText({ cellId, engineVersion, experiment, runs, created = new Date() }) {
  const report = {
    ...reportFormat,
    engine: { name: 'bnlab', version: engineVersion },
    created: created.toISOString(),
    cell: cellId,
    seed: experiment?.seed ?? null,
    experiment,
    variants: runs.map((run) => ({
      variant: run.variant,
      status: run.status,
      steps: run.progress?.stepsDone ?? 0,
      final: run.summary?.final ?? null,
      divergence: run.divergence ?? null,
      error: run.error ?? null,
      records: { losses: lossRecords(run.history), evaluations: evaluationRecords(run.history) },
    })),
  };
  // NaN (a metric that does not apply) becomes null, as in the CLI's records.
  return `${JSON.stringify(report, (key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}

function csvNumber(value) {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

export const curveCsvColumns = Object.freeze(['record', 'split', 'step', 'final', ...evaluationMetrics]);

/**
 * One run's curves as CSV: a row per logged training loss (record "loss", the mini-batch loss)
 * and a row per evaluation (record "evaluation", eval mode, with its split).
 */
export function curveCsvText(run) {
  const lines = [curveCsvColumns.join(',')];
  const { history } = run;
  for (let index = 0; index < history.lossSteps.length; index += 1) {
    lines.push(['loss', '', String(history.lossSteps[index]), '', csvNumber(history.losses[index]), ...evaluationMetrics.slice(1).map(() => '')].join(','));
  }
  for (const split of splitNames) {
    const columns = history.evaluations[split];
    for (let index = 0; index < columns.step.length; index += 1) {
      lines.push(['evaluation', split, String(columns.step[index]), columns.final[index] ? 'true' : 'false',
        ...evaluationMetrics.map((metric) => csvNumber(columns[metric][index]))].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
