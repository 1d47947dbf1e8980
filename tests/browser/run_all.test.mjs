// "Run all" in Chromium on a notebook of one experiment cell and one sweep cell (the short
// learning-rate sweep of tests/browser/fixtures/): the experiment cell trains to its end first,
// then the sweep fills its whole grid, and only then is Run all free again.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { runProgress, waitForRunsToEnd } from './support/notebook_page.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';

const shortSweep = JSON.parse(await readFile(join(repositoryRoot, 'tests', 'browser', 'fixtures', 'learning-rate-short.sweep.json'), 'utf8'));
const fence = '```';
const notebook = [
  '# Run all',
  `${fence}bnlab\n${JSON.stringify({ id: 'counting', experiment: 'examples/epochs-and-iterations.json', variants: ['as_written'] })}\n${fence}`,
  `${fence}bnlab\n${JSON.stringify({ id: 'short-sweep', sweep: shortSweep })}\n${fence}`,
].join('\n\n');

describe('Run all', () => {
  let server;
  let browser;
  before(async () => {
    server = await startSiteServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('runs the experiment cell to its end, then every run of the sweep cell', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(server.url);
    // The page's own notebook first, so the opened one replaces it (not the other way round).
    await page.locator('bn-experiment-cell[cell-id="lecture"] button[data-action="run"]').waitFor();
    await page.locator('input[data-action="open-notebook"]').setInputFiles({ name: 'run-all.md', mimeType: 'text/markdown', buffer: Buffer.from(notebook) });
    await page.waitForFunction(() => document.querySelector('bn-sweep-cell[cell-id="short-sweep"]')?.dataset.state === 'idle'
      && document.querySelector('bn-experiment-cell[cell-id="counting"]') !== null, null, { polling: 'raf', timeout: 60_000 });
    // Every frame: did the sweep start while the experiment cell still trained?
    await page.evaluate(() => {
      window.bnlabOverlap = false;
      const watch = () => {
        const experimentRunning = [...document.querySelectorAll('bn-experiment-cell[cell-id="counting"] .run-progress')]
          .some((run) => !['complete', 'stopped', 'diverged', 'failed'].includes(run.dataset.status));
        if (experimentRunning && document.querySelector('bn-sweep-cell[cell-id="short-sweep"]').dataset.state === 'running') window.bnlabOverlap = true;
        if (!window.bnlabStopWatch) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });

    await page.locator('button[data-action="run-all"]').click();
    await waitForRunsToEnd(page, 'counting');
    const counting = await runProgress(page, 'counting');
    assert.deepEqual([counting.as_written.status, counting.as_written.done], ['complete', 300]);
    await page.waitForFunction(() => document.querySelector('bn-sweep-cell[cell-id="short-sweep"]').dataset.state === 'running', null, { polling: 'raf', timeout: 60_000 });
    // Run all waits for the sweep: it is free again only once every run of the grid has ended.
    await page.waitForFunction(() => !document.querySelector('button[data-action="run-all"]').disabled, null, { polling: 500, timeout: 600_000 });
    const grid = await page.locator('bn-sweep-cell[cell-id="short-sweep"] .sweep-grid td').evaluateAll((entries) => entries.map((entry) => entry.dataset.status));
    assert.equal(grid.length, shortSweep.axes[0].values.length * shortSweep.variants.length);
    for (const status of grid) assert.ok(['complete', 'diverged'].includes(status), `every run of the sweep ended by itself: ${grid.join(', ')}`);
    assert.equal(await page.evaluate(() => { window.bnlabStopWatch = true; return window.bnlabOverlap; }), false, 'the sweep started after the experiment cell ended');
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });
});
