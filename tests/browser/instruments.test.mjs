// The instrument views in Chromium: the Fig. 1 cell (MNIST, 3 × 100 sigmoid, with and without
// BN) draws both percentile-band panels from the test set in eval mode, and every other view
// (histograms, gradients, γ/β, running statistics, mode gap, confusion) for both runs; the
// playground's decision boundary is drawn for each variant and keeps changing while they train;
// after Pause both variants are at the same step, and so is the final table; a bad instrument
// setting from a link gets the engine's message at its path. Screenshots go to tests/output.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import {
  button, cell, cellExperiment, cellProblems, engineVerdict, runProgress, waitForRunStatus, waitForRunsToEnd,
} from './support/notebook_page.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';

const screenshotFolder = join(repositoryRoot, 'tests', 'output', 'screenshots');
const variants = ['as_written', 'without_batchnorm'];

/** Painted (non-transparent) pixels of each canvas matching `selector` inside the cell. */
function paintedPixels(page, cellId, selector) {
  return page.evaluate(({ id, css }) => [...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] ${css}`)].map((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let index = 3; index < data.length; index += 4) if (data[index] > 0) painted += 1;
    return painted;
  }), { id: cellId, css: selector });
}

/** {variant: [points of each curve]} of the curve plots matching `selector` (one per variant). */
function panelPoints(page, cellId, selector) {
  return page.evaluate(({ id, css }) => Object.fromEntries([...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] ${css}`)]
    .map((plot) => [plot.dataset.variant, plot.pointCounts])), { id: cellId, css: selector });
}

/** The y values a curve plot was handed (so a picker's effect can be compared). */
function curveValues(page, cellId, selector) {
  return page.evaluate(({ id, css }) => [...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] ${css}`)]
    .map((plot) => plot.curves.map((curve) => Array.from(curve.y))), { id: cellId, css: selector });
}

/** Resolves when every curve of every plot matching `selector` has at least `count` points. */
function waitForPoints(page, cellId, selector, count, plots = 2) {
  return page.waitForFunction(({ id, css, wanted, panels }) => {
    const found = [...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] ${css}`)];
    return found.length >= panels && found.every((plot) => plot.pointCounts.length > 0 && plot.pointCounts.every((points) => points >= wanted));
  }, { id: cellId, css: selector, wanted: count, panels: plots }, { timeout: 120_000, polling: 500 });
}

/** The uPlot canvases inside plots matching `selector`: how many of their pixels are painted. */
function plotCanvasPixels(page, cellId, selector) {
  return paintedPixels(page, cellId, `${selector} canvas`);
}

describe('instrument views', () => {
  let server;
  let browser;

  before(async () => {
    server = await startSiteServer();
    browser = await launchBrowser();
    await mkdir(screenshotFolder, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('Fig. 1: both percentile-band panels from the test set in eval mode, and every instrument view for both runs', async (t) => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(server.url);
    const figure = cell(page, 'figure1');
    await button(page, 'figure1', 'run').waitFor();
    await button(page, 'figure1', 'run').click();

    // Probes every 100 steps: step 1, 100, 200, 300 → 4 readings in each band.
    await waitForPoints(page, 'figure1', 'bn-curve-plot.percentile-panel', 4);
    const bands = figure.locator('bn-percentile-bands .percentile-bands');
    assert.equal(await bands.getAttribute('data-source'), 'test', 'the eval-mode test probe set is drawn first');
    const points = await panelPoints(page, 'figure1', 'bn-curve-plot.percentile-panel');
    assert.deepEqual(Object.keys(points).sort(), [...variants].sort());
    for (const variant of variants) assert.equal(points[variant].length, 3, `${variant}: 15th, 50th and 85th percentile`);
    for (const pixels of await plotCanvasPixels(page, 'figure1', 'bn-curve-plot.percentile-panel')) assert.ok(pixels > 0, 'a band was drawn');
    // The bands themselves: 15th ≤ 50th ≤ 85th at every reading.
    for (const [low, middle, high] of await curveValues(page, 'figure1', 'bn-curve-plot.percentile-panel')) {
      for (let index = 0; index < low.length; index += 1) assert.ok(low[index] <= middle[index] && middle[index] <= high[index]);
    }
    await bands.scrollIntoViewIfNeeded();
    await bands.screenshot({ path: join(screenshotFolder, 'figure1-percentile-bands.png') });

    // Histogram heatmaps of the watched block, for both runs.
    const heatmapPixels = await paintedPixels(page, 'figure1', 'bn-histogram-heatmap canvas.heatmap');
    assert.ok(heatmapPixels.length >= 3, `heatmaps: ${heatmapPixels.length}`);  // BN in, BN out, sigmoid in; sigmoid in
    for (const pixels of heatmapPixels) assert.ok(pixels > 0);

    // The layer picker changes what is drawn: the first sigmoid's input is not the third's.
    const lastLayer = await curveValues(page, 'figure1', 'bn-curve-plot.percentile-panel');
    await figure.locator('select.probe-layer').selectOption('0');
    await page.waitForFunction(() => document.querySelector('bn-experiment-cell[cell-id="figure1"] .percentile-bands').dataset.position === '0');
    const firstLayer = await curveValues(page, 'figure1', 'bn-curve-plot.percentile-panel');
    assert.notDeepEqual(firstLayer.map((curves) => curves[1].slice(0, 4)), lastLayer.map((curves) => curves[1].slice(0, 4)));
    // The source switch: the training mini-batch in train mode gives other percentiles.
    await figure.locator('select.probe-source').selectOption('train_batch');
    await page.waitForFunction(() => document.querySelector('bn-experiment-cell[cell-id="figure1"] .percentile-bands').dataset.source === 'train_batch');
    const trainBatch = await curveValues(page, 'figure1', 'bn-curve-plot.percentile-panel');
    assert.notDeepEqual(trainBatch.map((curves) => curves[1].slice(0, 4)), firstLayer.map((curves) => curves[1].slice(0, 4)));

    // Gradients per layer (log scale) for both runs; γ/β only where there is a BatchNorm.
    const gradients = await panelPoints(page, 'figure1', 'bn-curve-plot.gradient-panel');
    assert.deepEqual(Object.keys(gradients).sort(), [...variants].sort());
    assert.equal(gradients.as_written.length, 7, 'three dense + three batchnorm + the output layer');
    assert.equal(gradients.without_batchnorm.length, 4, 'three dense + the output layer');
    for (const pixels of await plotCanvasPixels(page, 'figure1', 'bn-curve-plot.gradient-panel')) assert.ok(pixels > 0);
    const gammaBeta = await panelPoints(page, 'figure1', 'bn-curve-plot.gamma-beta-panel');
    assert.deepEqual(Object.keys(gammaBeta), ['as_written']);
    assert.equal(gammaBeta.as_written.length, 6, 'γ and β of each of the three batchnorm layers');
    for (const count of gammaBeta.as_written) assert.ok(count >= 4, `a γ/β curve has ${count} points`);

    // Running vs population statistics, with the momentum rule beside them; the unit picker.
    assert.match(await figure.locator('.momentum-note').innerText(), /momentum 0\.1/);
    const unitZero = await curveValues(page, 'figure1', 'bn-curve-plot.running-runningMean');
    assert.ok(unitZero[0].length === 2 && unitZero[0][0].length >= 1, 'running and population mean of the BN run');
    // The running estimate lags the population mean of the same unit (momentum 0.1): two
    // different numbers at the first reading, both finite.
    assert.ok(unitZero[0].flat().every(Number.isFinite));
    const varianceCurves = await curveValues(page, 'figure1', 'bn-curve-plot.running-runningVariance');
    assert.ok(varianceCurves[0].length === 2 && varianceCurves[0].flat().every((value) => value >= 0), 'running and population variance');
    await figure.locator('input.bn-unit').fill('7');
    await figure.locator('input.bn-unit').dispatchEvent('change');
    await page.waitForFunction(() => document.querySelector('bn-experiment-cell[cell-id="figure1"] .running-statistics').dataset.unit === '7');
    const unitSeven = await curveValues(page, 'figure1', 'bn-curve-plot.running-runningMean');
    assert.notDeepEqual(unitSeven[0][1].slice(0, 1), unitZero[0][1].slice(0, 1), 'another unit, another population mean');

    // Train mode vs eval mode, and the batch-of-one readout for both runs.
    const gapCurves = await page.evaluate(() => document.querySelector('bn-experiment-cell[cell-id="figure1"] bn-curve-plot.mode-gap-plot')
      .curves.map((curve) => ({ variant: curve.variant, points: curve.y.length, values: Array.from(curve.y) })));
    // Eval mode, train mode and a batch of one in train mode, for each run (batch_of_one is on).
    assert.deepEqual(gapCurves.map((curve) => curve.variant).sort(), [...variants, ...variants, ...variants].sort());
    for (const curve of gapCurves) {
      assert.ok(curve.points >= 1 && curve.values.every((value) => value >= 0 && value <= 1), `${curve.variant}: ${curve.values}`);
    }
    const readouts = await figure.locator('.batch-of-one li').evaluateAll((items) => items.map((item) => [item.dataset.variant, item.textContent]));
    assert.deepEqual(readouts.map(([variant]) => variant), variants);
    for (const [, text] of readouts) assert.match(text, /a batch of 1 in train mode gets \d/);

    // Confusion matrices (10 × 10) and misclassified digits from the test set's pixels. The
    // view renders once it is near the screen (off_screen_views.test.mjs checks that it waits).
    await figure.locator('bn-confusion-view').scrollIntoViewIfNeeded();
    await figure.locator('.confusion-panel').nth(1).waitFor();
    assert.equal(await figure.locator('.confusion-panel').count(), 2);
    assert.equal(await figure.locator('.confusion-panel').first().locator('tbody tr').count(), 10);
    const digits = await paintedPixels(page, 'figure1', '.confusion-panel canvas.digit-canvas');
    assert.ok(digits.length > 0, 'misclassified digits are shown');
    for (const pixels of digits) assert.equal(pixels, 28 * 28);

    // Lockstep: after Pause both runs are at one step.
    await button(page, 'figure1', 'pause').click();
    await waitForRunStatus(page, 'figure1', 'paused');
    await page.waitForFunction(() => {
      const bars = [...document.querySelectorAll('bn-experiment-cell[cell-id="figure1"] .run-progress')];
      return bars.length === 2 && bars.every((bar) => bar.dataset.status === 'paused') && bars[0].querySelector('progress').value === bars[1].querySelector('progress').value;
    }, null, { timeout: 60_000, polling: 'raf' });
    const paused = await runProgress(page, 'figure1');
    t.diagnostic(`paused at steps ${paused.as_written.done} and ${paused.without_batchnorm.done}`);
    assert.equal(paused.as_written.done, paused.without_batchnorm.done);
    await figure.screenshot({ path: join(screenshotFolder, 'figure1-cell.png') });
    await button(page, 'figure1', 'stop').click();
    await waitForRunsToEnd(page, 'figure1');
    const table = await figure.locator('.summary-table caption').innerText();
    assert.match(table, new RegExp(`every run compared at step ${paused.as_written.done.toLocaleString('en-US')}`));

    // The percentile unit picker: the engine records one unit or the whole layer (probes.unit),
    // so it changes the experiment of the next Run (and the engine checks it).
    await figure.locator('input.probe-unit').fill('5');
    await figure.locator('input.probe-unit').dispatchEvent('change');
    assert.equal((await cellExperiment(page, 'figure1')).probes.unit, 5);
    assert.equal(await engineVerdict(page, 'figure1'), true);
    await figure.locator('input.probe-unit').fill('');
    await figure.locator('input.probe-unit').dispatchEvent('change');
    assert.equal('unit' in (await cellExperiment(page, 'figure1')).probes, false);
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });

  test('playground: a decision-boundary heatmap per variant, updating while they train; Pause and Stop catch both at one step', async (t) => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}#playground.training.steps=100000`);
    const playground = cell(page, 'playground');
    await button(page, 'playground', 'run').waitFor();
    await button(page, 'playground', 'run').click();

    const frameSteps = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .boundary-panel')]
      .map((panel) => [panel.dataset.variant, Number(panel.dataset.step || -1)])));
    await page.waitForFunction(() => {
      const panels = [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .boundary-panel')];
      return panels.length === 2 && panels.every((panel) => Number(panel.dataset.step) >= 200);
    }, null, { timeout: 60_000, polling: 100 });
    const early = await frameSteps();
    const earlyPixels = await page.evaluate(() => [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] canvas.boundary-canvas')]
      .map((canvas) => canvas.toDataURL()));
    // Every canvas pixel is painted (the grid covers the canvas), and both classes' colours and points show.
    for (const pixels of await paintedPixels(page, 'playground', 'canvas.boundary-canvas')) assert.equal(pixels, 280 * 280);
    // The points on top: the grid is painted at most at 55 % of a class's colour, so a pixel of
    // the full colour is a training dot's, and one of the darkened colour a test ring's.
    const pointPixels = await page.evaluate(() => [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] canvas.boundary-canvas')]
      .map((canvas) => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        const count = (red, green, blue) => {
          let found = 0;
          for (let index = 0; index < data.length; index += 4) if (data[index] === red && data[index + 1] === green && data[index + 2] === blue) found += 1;
          return found;
        };
        return { trainDots: [count(220, 38, 38), count(37, 99, 235)], testRings: [count(121, 21, 21), count(20, 54, 129)] };
      }));
    for (const { trainDots, testRings } of pointPixels) {
      for (const pixels of [...trainDots, ...testRings]) assert.ok(pixels > 20, `points of both classes: ${JSON.stringify({ trainDots, testRings })}`);
    }
    await page.waitForFunction((before) => {
      const panels = [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .boundary-panel')];
      return panels.every((panel) => Number(panel.dataset.step) >= before[panel.dataset.variant] + 500);
    }, early, { timeout: 60_000, polling: 100 });
    const later = await page.evaluate(() => [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] canvas.boundary-canvas')]
      .map((canvas) => canvas.toDataURL()));
    for (let index = 0; index < 2; index += 1) assert.notEqual(later[index], earlyPixels[index], 'the heatmap was redrawn with a newer frame');
    t.diagnostic(`frames at ${JSON.stringify(early)}, then ${JSON.stringify(await frameSteps())}`);
    const boundary = playground.locator('bn-decision-boundary');
    await boundary.scrollIntoViewIfNeeded();
    await boundary.screenshot({ path: join(screenshotFolder, 'playground-decision-boundary.png') });

    // Pause: both variants at one step, however far apart they were.
    await button(page, 'playground', 'pause').click();
    await page.waitForFunction(() => {
      const bars = [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .run-progress')];
      return bars.length === 2 && bars.every((bar) => bar.dataset.status === 'paused') && bars[0].querySelector('progress').value === bars[1].querySelector('progress').value;
    }, null, { timeout: 60_000, polling: 'raf' });
    const paused = await runProgress(page, 'playground');
    assert.equal(paused.as_written.done, paused.without_batchnorm.done);
    // Step once keeps them together.
    await button(page, 'playground', 'step').click();
    await page.waitForFunction((before) => [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .run-progress progress')]
      .every((bar) => bar.value === before + 1), paused.as_written.done, { polling: 'raf' });

    // Resume, then Stop while training: the table compares both at one step, and says which.
    await button(page, 'playground', 'resume').click();
    await waitForRunStatus(page, 'playground', 'training');
    await button(page, 'playground', 'stop').click();
    await waitForRunsToEnd(page, 'playground');
    const stopped = await runProgress(page, 'playground');
    assert.equal(stopped.as_written.status, 'stopped');
    assert.equal(stopped.as_written.done, stopped.without_batchnorm.done);
    const caption = await playground.locator('.summary-table caption').innerText();
    assert.match(caption, new RegExp(`every run compared at step ${stopped.as_written.done.toLocaleString('en-US')}`));
    // The loss readout is smoothed, and says how.
    assert.match(await playground.locator('bn-curve-plot.loss-plot .plot-note').innerText(), /mean of the last 50/);
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });

  test('bad instrument settings in a link get the engine’s message at their path', async () => {
    const page = await browser.context.newPage();
    // A percentile outside 0–100: the engine's validator names it before Run.
    await page.goto(`${server.url}#figure1.probes.percentiles=%5B15%2C120%5D`);
    await button(page, 'figure1', 'run').waitFor();
    const problems = await cellProblems(page, 'figure1');
    assert.deepEqual(problems.map((problem) => problem.path), ['probes.percentiles[1]']);
    assert.match(problems[0].text, /probes\.percentiles\[1\]/);
    assert.equal(await button(page, 'figure1', 'run').isDisabled(), true);

    // A layer the model does not have: the engine's validator names it before Run too (it used
    // to surface only when the as-written run built its network, while the variant without
    // BatchNorm renumbered the layers and dropped the index).
    await page.goto(`${server.url}#figure1.probes.layers=%5B42%5D`);
    await page.reload();
    await button(page, 'figure1', 'run').waitFor();
    const layerProblems = await cellProblems(page, 'figure1');
    assert.deepEqual(layerProblems.map((problem) => [problem.path, problem.code]), [['probes.layers[0]', 'layer_index_out_of_range']]);
    assert.match(layerProblems[0].text, /probes\.layers\[0\]: expected a layer index from 0 to 9, got 42/);
    assert.equal(await button(page, 'figure1', 'run').isDisabled(), true);
    await page.close();
  });
});
