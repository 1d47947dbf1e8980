// The headline, in Debian's Chromium: the lecture's MNIST experiment (784-32-32-10, ReLU,
// Linear -> BN -> ReLU vs plain) trains with and without BN side by side, both curves grow
// live, the final table has numbers for both runs, and the page answers a click while two
// workers train. Screenshots at desktop and phone width go to tests/output/screenshots.
// How long the page thread's tasks take while the pair trains is a benchmark figure
// (bench/page/page_benchmark.mjs), not an assertion.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { desktopViewport, launchBrowser, phoneViewport, watchPage } from './support/browser.mjs';
import { button, cell, engineVerdict, plotPointCounts, runProgress, summaryTable, waitForRunsToEnd } from './support/notebook_page.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';

const screenshotFolder = join(repositoryRoot, 'tests', 'output', 'screenshots');
// Long enough to click while both workers train, short enough for CI: ten epochs of 110
// steps. The link changes three fields of examples/mnist-compare.json.
const steps = 1100;
const link = 'lecture.training.epochs=10&lecture.training.log_every=1&lecture.training.evaluate_every=50';

/** Records (page clock) every time the loss plot's point count changes, once per frame. */
function recordPlotUpdates(page, cellId) {
  return page.evaluate((id) => {
    const updates = [];
    window.bnlabPlotUpdates = updates;
    let last = -1;
    const watch = () => {
      const plot = document.querySelector(`bn-experiment-cell[cell-id="${id}"] bn-curve-plot.loss-plot`);
      const points = plot ? plot.pointCounts.reduce((sum, count) => sum + count, 0) : 0;
      if (points !== last) {
        if (points > 0) updates.push(performance.now());
        last = points;
      }
      if (!window.bnlabStopPlotWatch) requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  }, cellId);
}

function stopRecordingPlotUpdates(page) {
  return page.evaluate(() => { window.bnlabStopPlotWatch = true; return window.bnlabPlotUpdates; });
}

/**
 * Resolves once both runs have taken a step, then clicks the cell's settings summary and
 * resolves with what the page saw when it handled the click: whether the <details> opened and
 * each run's status and step at that moment.
 */
async function clickWhileTraining(page, cellId) {
  await page.waitForFunction((id) => {
    const runs = [...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] .run-progress`)];
    return runs.length === 2 && runs.every((run) => run.querySelector('progress').value >= 1);
  }, cellId, { polling: 'raf' });
  await page.evaluate((id) => {
    const details = document.querySelector(`bn-experiment-cell[cell-id="${id}"] details.cell-settings`);
    window.bnlabClickAnswer = new Promise((resolve) => {
      details.addEventListener('toggle', () => resolve({
        opened: details.open,
        runs: Object.fromEntries([...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] .run-progress`)]
          .map((run) => [run.dataset.variant, { status: run.dataset.status, done: run.querySelector('progress').value }])),
      }), { once: true });
    });
  }, cellId);
  await cell(page, cellId).locator('details.cell-settings summary').click();
  return page.evaluate(() => window.bnlabClickAnswer);
}

describe('the lecture experiment in Chromium', () => {
  let server;
  let browser;
  let page;
  let problems;

  before(async () => {
    server = await startSiteServer();
    browser = await launchBrowser({ viewport: desktopViewport });
    page = await browser.context.newPage();
    problems = watchPage(page, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('MNIST trains with and without BN side by side, with live curves and a final table', async (t) => {
    await page.goto(`${server.url}#${link}`);
    const run = button(page, 'lecture', 'run');
    await run.waitFor();
    // Run is enabled once the engine has accepted the cell's experiment (the file plus the link's changes).
    assert.equal(await engineVerdict(page, 'lecture'), true);
    assert.equal(await run.isEnabled(), true);

    await recordPlotUpdates(page, 'lecture');
    await run.click();
    // Both variants advance together, and the page thread still handles a click meanwhile.
    const answer = await clickWhileTraining(page, 'lecture');
    assert.equal(answer.opened, true, 'the settings opened');
    for (const [variant, state] of Object.entries(answer.runs)) {
      assert.equal(state.status, 'training', `${variant} was still training when the click was handled`);
      assert.ok(state.done >= 1 && state.done < steps, `${variant} at step ${state.done}`);
    }
    await waitForRunsToEnd(page, 'lecture');
    const updates = await stopRecordingPlotUpdates(page);
    await cell(page, 'lecture').locator('details.cell-settings summary').click();  // closed again for the screenshots

    const progress = await runProgress(page, 'lecture');
    assert.deepEqual(Object.keys(progress), ['as_written', 'without_batchnorm']);
    for (const [variant, state] of Object.entries(progress)) {
      assert.equal(state.status, 'complete', `${variant}: ${state.text}`);
      assert.equal(state.done, steps);
    }

    // Both curves received points: one loss record per log_every steps, and the evaluations.
    const counts = await plotPointCounts(page, 'lecture');
    assert.equal(counts.loss.length, 2);
    assert.equal(counts.evaluation.length, 2);
    for (const count of counts.loss) assert.ok(count >= steps / 2, `loss points ${counts.loss}`);
    for (const count of counts.evaluation) assert.ok(count >= 20, `evaluation points ${counts.evaluation}`);

    // The final table: train and test loss and accuracy of both runs, in eval mode.
    const table = await summaryTable(page, 'lecture');
    for (const variant of ['as_written', 'without_batchnorm']) {
      for (const key of ['train loss', 'train accuracy', 'validation loss', 'validation accuracy', 'test loss', 'test accuracy']) {
        assert.equal(typeof table[variant][key], 'number', `${variant} ${key}: ${table[variant][key]}`);
      }
      assert.ok(table[variant]['test loss'] > 0 && table[variant]['test loss'] < 1, `${variant} test loss ${table[variant]['test loss']}`);
      // Ten MNIST classes: chance is 10 %; ten epochs of this small net reach far above it.
      assert.ok(table[variant]['test accuracy'] > 80, `${variant} test accuracy ${table[variant]['test accuracy']} %`);
    }
    t.diagnostic(`test accuracy: with BN ${table.as_written['test accuracy']} %, without ${table.without_batchnorm['test accuracy']} %`);
    t.diagnostic(`train loss: with BN ${table.as_written['train loss']}, without ${table.without_batchnorm['train loss']}`);

    // Live: the loss plot redrew many times while training, not only at the end.
    t.diagnostic(`loss plot updated ${updates.length} times while training`);
    assert.ok(updates.length >= 10, `the loss plot updated only ${updates.length} times`);

    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
  });

  test('screenshots at desktop and phone width; no horizontal scrolling', async () => {
    await mkdir(screenshotFolder, { recursive: true });
    const lecture = cell(page, 'lecture');
    await lecture.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotFolder, 'desktop-1280x800.png') });
    await lecture.screenshot({ path: join(screenshotFolder, 'desktop-lecture-cell.png') });

    await page.setViewportSize(phoneViewport);
    // The plots follow the new width (ResizeObserver); wait until they fit.
    await page.waitForFunction(() => [...document.querySelectorAll('bn-curve-plot .uplot')]
      .every((plot) => plot.getBoundingClientRect().right <= document.documentElement.clientWidth), null, { polling: 'raf' });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(widths.scroll <= widths.client, `page is ${widths.scroll} px wide in a ${widths.client} px viewport`);
    await lecture.screenshot({ path: join(screenshotFolder, 'phone-390-lecture-cell.png') });
    await page.screenshot({ path: join(screenshotFolder, 'phone-390x844.png') });
    await page.setViewportSize(desktopViewport);
    assert.deepEqual(problems.consoleErrors, []);
  });
});
