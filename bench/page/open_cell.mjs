// What the page benchmarks share. openCellReadyToRun opens `link` on the site and waits until
// cell `cellId` can run: its Run button exists, the cell is on screen, the page's loads have
// settled and the engine has accepted the experiment (Run is enabled). runSweepUntilFull
// presses a sweep cell's Run and waits until every run of its grid has ended. What the page
// benchmarks measure starts after the first and is timed by the second.

import { button } from '../../tests/browser/support/notebook_page.mjs';

export async function openCellReadyToRun(page, url, cellId) {
  await page.goto(url, { waitUntil: 'load' });
  await button(page, cellId, 'run').waitFor();
  await page.locator(`bn-experiment-cell[cell-id="${cellId}"]`).scrollIntoViewIfNeeded();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction((id) => !document.querySelector(`bn-experiment-cell[cell-id="${id}"] button[data-action="run"]`).disabled, cellId);
}

/** Presses Run on sweep cell `cellId` once it is idle; resolves with the seconds until its grid is full. */
export async function runSweepUntilFull(page, cellId, timeoutMilliseconds) {
  const cell = page.locator(`bn-sweep-cell[cell-id="${cellId}"]`);
  await page.waitForFunction((id) => document.querySelector(`bn-sweep-cell[cell-id="${id}"]`)?.dataset.state === 'idle', cellId, { timeout: 120_000 });
  const started = Date.now();
  await cell.locator('button[data-action="run"]').click();
  await page.waitForFunction((id) => {
    const entries = [...document.querySelectorAll(`bn-sweep-cell[cell-id="${id}"] .sweep-grid td`)];
    return entries.length > 0 && entries.every((entry) => ['complete', 'diverged', 'failed'].includes(entry.dataset.status));
  }, cellId, { timeout: timeoutMilliseconds, polling: 1000 });
  return (Date.now() - started) / 1000;
}
