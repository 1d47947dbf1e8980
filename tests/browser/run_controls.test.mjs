// The run controls in Chromium: pause, step once, resume, stop; stopping a run mid-way and
// starting another; reset. Uses the playground cell (spirals, trains fast) made long enough to
// be caught mid-way.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import {
  button, cell, cellExperiment, engineVerdict, runProgress, setSetting, settingProblem, summaryTable, waitForRunStatus, waitForRunsToEnd,
} from './support/notebook_page.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';

const spiralsFile = JSON.parse(await readFile(join(repositoryRoot, 'examples', 'spirals-compare.json'), 'utf8'));

const longRun = 100000;  // far more than a test waits for; the tests stop it long before

/** Resolves once every run of the cell has taken at least `steps` steps. */
function waitForSteps(page, cellId, steps) {
  return page.waitForFunction(({ id, wanted }) => {
    const bars = [...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] .run-progress progress`)];
    return bars.length > 0 && bars.every((bar) => bar.value >= wanted);
  }, { id: cellId, wanted: steps }, { polling: 'raf', timeout: 60_000 });
}

describe('run controls', () => {
  let server;
  let browser;
  let page;
  let problems;

  before(async () => {
    server = await startSiteServer();
    browser = await launchBrowser();
  });

  beforeEach(async () => {
    await page?.close();
    page = await browser.context.newPage();
    problems = watchPage(page, server.url);
    await page.goto(`${server.url}#playground.training.steps=${longRun}`);
    await button(page, 'playground', 'run').waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('pause holds both runs, step once moves each by exactly one step, resume continues, stop ends', async () => {
    await button(page, 'playground', 'run').click();
    await waitForSteps(page, 'playground', 50);
    await button(page, 'playground', 'pause').click();
    await waitForRunStatus(page, 'playground', 'paused');
    const paused = await runProgress(page, 'playground');
    assert.ok(paused.as_written.done >= 50 && paused.as_written.done < longRun);

    // Paused means paused: another round trip to each worker (one step) moves each run by one.
    await button(page, 'playground', 'step').click();
    await page.waitForFunction(({ id, before: counts }) => {
      const runs = [...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] .run-progress`)];
      return runs.every((run) => run.querySelector('progress').value === counts[run.dataset.variant] + 1);
    }, { id: 'playground', before: { as_written: paused.as_written.done, without_batchnorm: paused.without_batchnorm.done } }, { polling: 'raf' });
    const stepped = await runProgress(page, 'playground');
    assert.equal(stepped.as_written.status, 'paused');
    assert.equal(stepped.without_batchnorm.status, 'paused');
    assert.equal(stepped.as_written.done, paused.as_written.done + 1);
    assert.equal(stepped.without_batchnorm.done, paused.without_batchnorm.done + 1);

    await button(page, 'playground', 'resume').click();
    await waitForSteps(page, 'playground', stepped.as_written.done + 100);
    await button(page, 'playground', 'stop').click();
    await waitForRunsToEnd(page, 'playground');
    const stopped = await runProgress(page, 'playground');
    assert.equal(stopped.as_written.status, 'stopped');
    assert.equal(stopped.without_batchnorm.status, 'stopped');
    assert.ok(stopped.as_written.done < longRun);

    // A stopped run still gets its final evaluation (eval mode) at the step it reached.
    const table = await summaryTable(page, 'playground');
    for (const variant of ['as_written', 'without_batchnorm']) {
      assert.equal(typeof table[variant]['test accuracy'], 'number', JSON.stringify(table));
    }
    assert.match(await cell(page, 'playground').locator('.summary-table thead').innerText(), /stopped at step/);
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
  });

  test('a run stopped mid-way is replaced by the next one; nothing of the first leaks into it', async () => {
    await button(page, 'playground', 'run').click();
    await waitForSteps(page, 'playground', 200);
    await button(page, 'playground', 'stop').click();
    await waitForRunsToEnd(page, 'playground');
    assert.equal((await runProgress(page, 'playground')).as_written.status, 'stopped');

    await setSetting(page, 'playground', 'training.steps', '400');
    await button(page, 'playground', 'run').click();
    await waitForRunsToEnd(page, 'playground');
    const second = await runProgress(page, 'playground');
    for (const variant of ['as_written', 'without_batchnorm']) {
      assert.equal(second[variant].status, 'complete');
      assert.equal(second[variant].done, 400);
      assert.equal(second[variant].total, 400);
    }
    // The curves hold the second run only: steps 1 … 400.
    const lastStep = await page.evaluate(() => {
      const plot = document.querySelector('bn-experiment-cell[cell-id="playground"] bn-curve-plot.loss-plot');
      return plot.curves.map((curve) => [curve.x[0], curve.x[curve.x.length - 1]]);
    });
    assert.deepEqual(lastStep, [[1, 400], [1, 400]]);
    assert.match(await cell(page, 'playground').locator('.summary-table thead').innerText(), /after 400 steps/);
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
  });

  test('Run all runs every experiment cell, one after the other, then the sweep cells', async () => {
    // Another fragment alone would not reload the page (and its settings): load it afresh.
    await page.goto('about:blank');
    await page.goto(`${server.url}#lecture.training.epochs=&lecture.training.steps=100&figure1.training.steps=200&playground.training.steps=300`);
    await button(page, 'lecture', 'run').waitFor();
    // Watch, every frame, whether the playground ever started while the lecture cell still ran.
    await page.evaluate(() => {
      window.bnlabOverlap = false;
      const watch = () => {
        const running = (id) => [...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] .run-progress`)]
          .some((run) => !['complete', 'stopped', 'diverged', 'failed'].includes(run.dataset.status));
        if (running('lecture') && document.querySelector('bn-experiment-cell[cell-id="playground"] .run-progress')) window.bnlabOverlap = true;
        if (!window.bnlabStopWatch) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await page.locator('button[data-action="run-all"]').click();
    await waitForRunsToEnd(page, 'lecture');
    await waitForRunsToEnd(page, 'figure1');
    await waitForRunsToEnd(page, 'playground');
    const figure = await runProgress(page, 'figure1');
    assert.deepEqual([figure.as_written.status, figure.without_batchnorm.status, figure.as_written.done], ['complete', 'complete', 200]);
    const lecture = await runProgress(page, 'lecture');
    const playground = await runProgress(page, 'playground');
    assert.deepEqual([lecture.as_written.status, lecture.without_batchnorm.status, lecture.as_written.done], ['complete', 'complete', 100]);
    assert.deepEqual([playground.as_written.status, playground.without_batchnorm.status, playground.as_written.done], ['complete', 'complete', 300]);
    assert.equal(await page.evaluate(() => { window.bnlabStopWatch = true; return window.bnlabOverlap; }), false);
    // Then the lecture's two sweeps, one after the other (their full runs are for the sweep
    // benchmark: here each is stopped once Run all has started it; tests/browser/run_all.test.mjs
    // runs a short sweep to its end).
    for (const sweepId of ['learning-rate-sweep', 'init-scale-sweep']) {
      const sweepCell = page.locator(`bn-sweep-cell[cell-id="${sweepId}"]`);
      await page.waitForFunction((id) => document.querySelector(`bn-sweep-cell[cell-id="${id}"]`)?.dataset.state === 'running', sweepId, { polling: 'raf', timeout: 60_000 });
      await sweepCell.locator('button[data-action="stop"]').click();
      await page.waitForFunction((id) => document.querySelector(`bn-sweep-cell[cell-id="${id}"]`).dataset.state === 'idle', sweepId, { polling: 'raf', timeout: 60_000 });
    }
    await page.waitForFunction(() => !document.querySelector('button[data-action="run-all"]').disabled);
    assert.deepEqual(problems.consoleErrors, []);
  });

  test('reset stops the run, clears the outputs and restores the preset experiment', async () => {
    await setSetting(page, 'playground', 'optimizer.learning_rate', '0.2');
    await button(page, 'playground', 'run').click();
    await waitForSteps(page, 'playground', 20);
    await button(page, 'playground', 'reset').click();
    await page.waitForFunction(() => document.querySelector('bn-experiment-cell[cell-id="playground"] .run-progress') === null);
    assert.equal(await page.locator('#playground-optimizer-learning_rate').inputValue(), '0.5');
    assert.equal(await page.locator('#playground-training-steps').inputValue(), '3000');
    assert.equal(await cell(page, 'playground').locator('bn-curve-plot').count(), 0);
    assert.equal(await button(page, 'playground', 'run').isEnabled(), true);
    // The link no longer carries the cell's changes.
    assert.doesNotMatch(new URL(page.url()).hash, /playground\./);

    assert.deepEqual(await cellExperiment(page, 'playground'), spiralsFile);

    // Text that is not a number goes into the file as text; the engine names the problem, and
    // reset drops it too.
    await setSetting(page, 'playground', 'optimizer.learning_rate', 'fast');
    assert.equal(await engineVerdict(page, 'playground'), false);
    assert.match(await settingProblem(page, 'playground', 'optimizer.learning_rate'), /optimizer\.learning_rate/);
    await button(page, 'playground', 'reset').click();
    await page.waitForFunction(() => document.querySelector('#playground-optimizer-learning_rate').value === '0.5');
    assert.equal(await engineVerdict(page, 'playground'), true);
    assert.equal(await settingProblem(page, 'playground', 'optimizer.learning_rate'), '');
    assert.deepEqual(problems.consoleErrors, []);
  });
});
