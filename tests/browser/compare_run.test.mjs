// The headline, in Debian's Chromium: the lecture's MNIST experiment (784-32-32-10, ReLU,
// Linear -> BN -> ReLU vs plain) trains with and without BN side by side, both curves grow
// live, the final table has numbers for both runs, and the page thread stays responsive while
// two workers train. Screenshots at desktop and phone width go to tests/output/screenshots.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { desktopViewport, launchBrowser, phoneViewport, watchPage } from './support/browser.mjs';
import { button, cell, engineVerdict, plotPointCounts, runProgress, summaryTable, waitForRunsToEnd } from './support/notebook_page.mjs';
import { installResponsivenessProbes, startHeartbeat, stopHeartbeat } from './support/responsiveness.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';

const screenshotFolder = join(repositoryRoot, 'tests', 'output', 'screenshots');
// Long enough to watch the page thread while both workers train, short enough for CI: ten
// epochs of 110 steps. The link changes three fields of examples/mnist-compare.json.
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

function median(values) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
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
    await installResponsivenessProbes(page);
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
    await startHeartbeat(page);
    const started = Date.now();
    await run.click();
    await waitForRunsToEnd(page, 'lecture');
    const seconds = (Date.now() - started) / 1000;
    const responsiveness = await stopHeartbeat(page);
    const updates = await stopRecordingPlotUpdates(page);

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

    // Live: the loss plot redrew many times while training, at 10 Hz or more.
    const intervals = updates.slice(1).map((time, index) => time - updates[index]);
    t.diagnostic(`run took ${seconds.toFixed(2)} s; loss plot updated ${updates.length} times, median interval ${median(intervals).toFixed(0)} ms, longest ${Math.max(...intervals).toFixed(0)} ms`);
    assert.ok(updates.length >= 10, `the loss plot updated only ${updates.length} times`);
    assert.ok(median(intervals) <= 100, `median plot update interval ${median(intervals)} ms (< 10 Hz)`);

    // Responsive: no main-thread task over 200 ms while both workers trained.
    t.diagnostic(`page thread while training: longest task ${responsiveness.longestTask.toFixed(0)} ms (${responsiveness.longTaskCount} tasks > 50 ms), longest frame gap ${responsiveness.maximumFrameGap.toFixed(0)} ms, ${(responsiveness.frames / (responsiveness.milliseconds / 1000)).toFixed(0)} frames/s`);
    assert.equal(responsiveness.longTasksSupported, true);
    assert.ok(responsiveness.longestTask < 200, `a main-thread task took ${responsiveness.longestTask} ms`);
    assert.ok(responsiveness.maximumFrameGap < 200, `the page went ${responsiveness.maximumFrameGap} ms without a frame`);

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
