// How the tests work the notebook page: find a cell, change a setting through its control,
// press its buttons, and wait for what the page shows (never for a fixed time).

/** The experiment cell with this id. */
export function cell(page, cellId) {
  return page.locator(`bn-experiment-cell[cell-id="${cellId}"]`);
}

export function button(page, cellId, action) {
  return cell(page, cellId).locator(`button[data-action="${action}"]`);
}

/** Opens a cell's settings (a <details>) if it is closed. */
export async function openSettings(page, cellId) {
  const details = cell(page, cellId).locator('details.cell-settings');
  if (!(await details.evaluate((element) => element.open))) await details.locator('summary').click();
}

/** Changes one setting the way a learner does: select, tick or type into its control. */
export async function setSetting(page, cellId, name, value) {
  await openSettings(page, cellId);
  const control = page.locator(`#${cellId}-${name}`);
  const tag = await control.evaluate((element) => `${element.tagName}:${element.type}`);
  if (tag.startsWith('SELECT')) await control.selectOption(String(value));
  else if (tag === 'INPUT:checkbox') await control.setChecked(Boolean(value));
  else await control.fill(String(value));
}

/** The problem shown under a setting's control ('' if none). */
export async function settingProblem(page, cellId, name) {
  const problem = cell(page, cellId).locator(`[data-setting="${name}"] .problem`);
  return (await problem.count()) === 0 ? '' : problem.innerText();
}

/** Resolves when every run of the cell has ended (its status is no longer starting/training/paused). */
export async function waitForRunsToEnd(page, cellId, timeout = 120_000) {
  await page.waitForFunction((id) => {
    const runs = [...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] .run-progress`)];
    return runs.length > 0 && runs.every((run) => ['complete', 'stopped', 'diverged', 'failed'].includes(run.dataset.status));
  }, cellId, { timeout, polling: 'raf' });
}

/** Resolves when every run of the cell shows `status` (e.g. 'paused', 'training'). */
export async function waitForRunStatus(page, cellId, status, timeout = 60_000) {
  await page.waitForFunction(({ id, wanted }) => {
    const runs = [...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] .run-progress`)];
    return runs.length > 0 && runs.every((run) => run.dataset.status === wanted);
  }, { id: cellId, wanted: status }, { timeout, polling: 'raf' });
}

/** {variant: {status, done, total}} from each run's progress line. */
export function runProgress(page, cellId) {
  return page.evaluate((id) => Object.fromEntries(
    [...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] .run-progress`)].map((run) => {
      const bar = run.querySelector('progress');
      return [run.dataset.variant, { status: run.dataset.status, done: bar.value, total: bar.max, text: run.innerText }];
    })), cellId);
}

/** The summary table as {variant: {"split metric": number}} (numbers parsed from the cells). */
export function summaryTable(page, cellId) {
  return page.evaluate((id) => {
    const table = document.querySelector(`bn-experiment-cell[cell-id="${id}"] .summary-table`);
    if (table === null) return null;
    const result = {};
    for (const row of table.querySelectorAll('tbody tr')) {
      for (const entry of row.querySelectorAll('td')) {
        const shown = entry.cloneNode(true);
        shown.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
        const text = shown.textContent;
        const number = Number.parseFloat(text.replace(/[,\s%]/g, ''));
        result[entry.dataset.variant] ??= {};
        result[entry.dataset.variant][`${row.dataset.split} ${row.dataset.metric}`] = Number.isFinite(number) ? number : null;
      }
    }
    return result;
  }, cellId);
}

/** How many points each curve of the cell's plots holds: {loss: [with, without], evaluation: [...]}. */
export function plotPointCounts(page, cellId) {
  return page.evaluate((id) => {
    const root = document.querySelector(`bn-experiment-cell[cell-id="${id}"]`);
    return {
      loss: root.querySelector('bn-curve-plot.loss-plot')?.pointCounts ?? [],
      evaluation: root.querySelector('bn-curve-plot.evaluation-plot')?.pointCounts ?? [],
    };
  }, cellId);
}
