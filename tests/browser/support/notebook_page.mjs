// How the tests work the notebook page: find a cell, change a field through its form control
// or its experiment file, press its buttons, and wait for what the page shows (never for a
// fixed time).

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

/** The id of a form control: the cell id and the lens name ("playground-training-batch_size"). */
export function controlId(cellId, lensName) {
  return `${cellId}-${lensName.replace(/[^a-z0-9_]+/gi, '-')}`;
}

/** Changes one form field (a lens, e.g. 'training.batch_size') the way a learner does. */
export async function setSetting(page, cellId, name, value) {
  await openSettings(page, cellId);
  const control = page.locator(`#${controlId(cellId, name)}`);
  const tag = await control.evaluate((element) => `${element.tagName}:${element.type}`);
  if (tag.startsWith('SELECT')) await control.selectOption(String(value));
  else if (tag === 'INPUT:checkbox') await control.setChecked(Boolean(value));
  else await control.fill(String(value));
}

/** The problem shown under a form field ('' if none). */
export async function settingProblem(page, cellId, name) {
  const problem = cell(page, cellId).locator(`[data-lens="${name}"] .problem`);
  return (await problem.count()) === 0 ? '' : problem.innerText();
}

/** Resolves once the engine has judged the cell's current experiment; returns whether it can run. */
export function engineVerdict(page, cellId) {
  return page.locator(`bn-experiment-cell[cell-id="${cellId}"]`).evaluate((element) => element.validated());
}

/** The cell's experiment object, as Run would train it. */
export function cellExperiment(page, cellId) {
  return page.locator(`bn-experiment-cell[cell-id="${cellId}"]`).evaluate((element) => element.experiment);
}

/** Opens the cell's "Experiment file" view and waits for its editor. */
export async function openExperimentFile(page, cellId) {
  const details = cell(page, cellId).locator('details.experiment-file');
  if (!(await details.evaluate((element) => element.open))) await details.locator('summary').click();
  await cell(page, cellId).locator('.json-editor[data-ready="true"] .cm-content').waitFor();
}

/** Replaces the text of the cell's JSON editor as typing would (select all, then insert). */
export async function typeExperimentText(page, cellId, text) {
  await openExperimentFile(page, cellId);
  const content = cell(page, cellId).locator('.json-editor .cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

/** The problems the cell lists (path and text), once the engine has answered. */
export async function cellProblems(page, cellId) {
  await engineVerdict(page, cellId);
  return cell(page, cellId).locator('.cell-problems li').evaluateAll((items) => items.map((item) => ({
    path: item.dataset.path, code: item.dataset.code, text: item.textContent.trim(),
  })));
}

/** Resolves when every run of the cell has ended (its status is no longer starting/training/paused). */
export async function waitForRunsToEnd(page, cellId, timeout = 120_000, polling = 'raf') {
  await page.waitForFunction((id) => {
    const runs = [...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] .run-progress`)];
    return runs.length > 0 && runs.every((run) => ['complete', 'stopped', 'diverged', 'failed'].includes(run.dataset.status));
  }, cellId, { timeout, polling });
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
