// Opens `link` on the site and waits until cell `cellId` can run: its Run button exists, the
// cell is on screen, the page's loads have settled and the engine has accepted the experiment
// (Run is enabled). What the page benchmarks measure starts after this.

import { button } from '../../tests/browser/support/notebook_page.mjs';

export async function openCellReadyToRun(page, url, cellId) {
  await page.goto(url, { waitUntil: 'load' });
  await button(page, cellId, 'run').waitFor();
  await page.locator(`bn-experiment-cell[cell-id="${cellId}"]`).scrollIntoViewIfNeeded();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction((id) => !document.querySelector(`bn-experiment-cell[cell-id="${id}"] button[data-action="run"]`).disabled, cellId);
}
