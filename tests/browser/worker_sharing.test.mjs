// How many workers a cell's pair trains in, in Chromium: one worker per variant on a machine
// with more than two cores, one worker for both (interleaved) on ≤ 2 cores unless the runs are
// long (runs/training_client.js, longRunSteps). The page is made to see a given navigator.hardwareConcurrency; in
// both cases the pair completes from the same initial weights (no "weights differ" alert), with
// numbers in the final table, and Pause brings both runs to one step. How fast it trains is a
// benchmark figure (bench/page/page_benchmark.mjs --cores N), not an assertion.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { button, cell, runProgress, summaryTable, waitForRunStatus, waitForRunsToEnd } from './support/notebook_page.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';

const playgroundPreset = JSON.parse(readFileSync(join(repositoryRoot, 'examples', 'spirals-compare.json'), 'utf8'));

/** A page that sees `cores` cores and counts the training workers it starts. */
async function pageWithCores(browser, cores) {
  const page = await browser.context.newPage();
  await page.addInitScript((coreCount) => {
    Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => coreCount });
    // The workers that were sent a run to train (the page's other cells warm workers of their own).
    const trainingWorkers = new Set();
    Object.defineProperty(window, 'bnlabTrainingWorkers', { get: () => trainingWorkers.size });
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function countStart(message, ...rest) {
      if (message?.type === 'start') trainingWorkers.add(this);
      return post.call(this, message, ...rest);
    };
  }, cores);
  return page;
}

describe('the workers of a compare pair', () => {
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

  for (const { cores, workers } of [{ cores: 2, workers: 1 }, { cores: 4, workers: 2 }]) {
    test(`${cores} cores: the pair trains in ${workers} worker(s), from the same weights, to the end`, async () => {
      const page = await pageWithCores(browser, cores);
      const problems = watchPage(page, server.url);
      try {
        await page.goto(`${server.url}#playground.training.steps=300`);
        await button(page, 'playground', 'run').click();
        await waitForRunsToEnd(page, 'playground');
        assert.equal(await page.evaluate(() => window.bnlabTrainingWorkers), workers);
        const progress = await runProgress(page, 'playground');
        assert.deepEqual(Object.values(progress).map(({ status, done }) => [status, done]), [['complete', 300], ['complete', 300]]);
        assert.equal(await cell(page, 'playground').locator('.weights-mismatch').count(), 0);
        const table = await summaryTable(page, 'playground');
        assert.equal(Object.keys(table).length, 2);
        for (const row of Object.values(table)) assert.ok(Object.values(row).some((value) => Number.isFinite(value)), JSON.stringify(table));
        assert.deepEqual(problems.pageErrors, []);
        assert.deepEqual(problems.consoleErrors, []);
      } finally {
        await page.close();
      }
    });
  }

  // A long run (longRunSteps = 20 000 steps or more) gets a worker per variant even on 2 cores:
  // the lockstep then goes through the page (advance), not through one worker's interleaving.
  for (const { steps, workers } of [{ steps: 19999, workers: 1 }, { steps: 100000, workers: 2 }]) {
    test(`2 cores, ${steps} steps: the pair trains in ${workers} worker(s); Pause brings both runs to one step, Stop ends both there`, async () => {
      const page = await pageWithCores(browser, 2);
      try {
        await page.goto(`${server.url}#playground.training.steps=${steps}`);
        await button(page, 'playground', 'run').click();
        await page.waitForFunction(() => {
          const bars = [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .run-progress progress')];
          return bars.length === 2 && bars.every((bar) => bar.value >= 200);
        }, null, { polling: 'raf', timeout: 60_000 });
        await button(page, 'playground', 'pause').click();
        await waitForRunStatus(page, 'playground', 'paused');
        const paused = Object.values(await runProgress(page, 'playground')).map(({ done }) => done);
        assert.equal(paused.length, 2);
        assert.equal(paused[0], paused[1], `both runs at one step: ${paused}`);
        assert.ok(paused[0] >= 200 && paused[0] < steps);
        // While paused the views catch up: the decision boundary shows the last grid read at or
        // before the paused step (a crowded long run draws its instruments at most twice a
        // second; nothing received may stay undrawn).
        const gridEvery = playgroundPreset.probes.decision_grid.every;
        const lastGrid = paused[0] >= gridEvery ? Math.floor(paused[0] / gridEvery) * gridEvery : 1;
        await page.waitForFunction((expected) => {
          const panels = [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .boundary-panel')];
          return panels.length === 2 && panels.every((panel) => Number(panel.dataset.step) === expected);
        }, lastGrid, { timeout: 10_000 });
        await button(page, 'playground', 'stop').click();
        await waitForRunsToEnd(page, 'playground');
        const stopped = Object.values(await runProgress(page, 'playground'));
        assert.deepEqual(stopped.map(({ status }) => status), ['stopped', 'stopped']);
        assert.equal(stopped[0].done, stopped[1].done);
        assert.equal(await page.evaluate(() => window.bnlabTrainingWorkers), workers);
      } finally {
        await page.close();
      }
    });
  }
});
