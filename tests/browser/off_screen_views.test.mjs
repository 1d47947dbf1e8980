// A view far from the viewport waits to be drawn (web/src/plots/screen_watch.js), in Chromium
// with its real IntersectionObserver: while the playground pair trains with the page scrolled
// away, its decision-boundary canvases keep their pixels though new frames arrive; scrolled
// back, training paused, they are drawn with what arrived meanwhile: nothing received is lost.
// The Fig. 1 cell's gradient plots, far below its Run button, are made only once scrolled to,
// or printed; its confusion view, at the bottom, renders only then too.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { button, cell, waitForRunsToEnd, waitForRunStatus } from './support/notebook_page.mjs';
import { startSiteServer } from './support/site_server.mjs';

const boundaries = 'bn-experiment-cell[cell-id="playground"] canvas.boundary-canvas';

/** Each decision-boundary canvas as a data URL (its pixels). */
function boundaryPixels(page) {
  return page.evaluate((css) => [...document.querySelectorAll(css)].map((canvas) => canvas.toDataURL()), boundaries);
}

/** The step of the newest frame each boundary panel has received (its data-step). */
function frameSteps(page) {
  return page.evaluate(() => [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .boundary-panel')]
    .map((panel) => Number(panel.dataset.step || -1)));
}

/** Scrolls the window to whichever end of the page is farther from the element `css` names. */
function scrollAway(page, css = boundaries) {
  return page.evaluate((css) => {
    const top = document.querySelector(css).getBoundingClientRect().top + window.scrollY;
    const bottom = document.documentElement.scrollHeight - window.innerHeight;
    window.scrollTo(0, top > bottom / 2 ? 0 : bottom);
    const distance = Math.abs(document.querySelector(css).getBoundingClientRect().top);
    return { distance, viewport: window.innerHeight };
  }, css);
}

/** Two animation frames: what a scroll changes has been rendered, and observers have reported. */
function frames(page) {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

describe('views off screen', () => {
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

  test('a decision boundary scrolled away keeps its pixels while frames arrive, and shows them when scrolled back', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}#playground.training.steps=100000`);
    await button(page, 'playground', 'run').waitFor();
    await button(page, 'playground', 'run').click();
    await page.waitForFunction(() => {
      const panels = [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .boundary-panel')];
      return panels.length === 2 && panels.every((panel) => Number(panel.dataset.step) >= 200);
    }, null, { timeout: 60_000, polling: 100 });

    const { distance, viewport } = await scrollAway(page);
    assert.ok(distance > 1.5 * viewport, `the boundaries are ${distance} px away, the viewport ${viewport} px tall`);
    await frames(page);
    // A draw already under way when the page scrolled may still land: settle, then read.
    await page.waitForTimeout(500);
    const awayPixels = await boundaryPixels(page);
    const awaySteps = await frameSteps(page);
    await page.waitForFunction((before) => [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .boundary-panel')]
      .every((panel, index) => Number(panel.dataset.step) >= before[index] + 500), awaySteps, { timeout: 60_000, polling: 100 });
    assert.deepEqual(await boundaryPixels(page), awayPixels, 'frames arrived, but no boundary off screen was redrawn');

    // Paused, nothing new arrives: what scrolling back draws is what was parked.
    await button(page, 'playground', 'pause').click();
    await waitForRunStatus(page, 'playground', 'paused');
    await cell(page, 'playground').locator('bn-decision-boundary').scrollIntoViewIfNeeded();
    await page.waitForFunction(({ css, before }) => [...document.querySelectorAll(css)]
      .every((canvas, index) => canvas.toDataURL() !== before[index]), { css: boundaries, before: awayPixels }, { timeout: 30_000, polling: 100 });
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });

  test('a curve plot that appears off screen is made only when scrolled to, or before printing', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}#figure1.training.steps=600`);
    await button(page, 'figure1', 'run').waitFor();
    await button(page, 'figure1', 'run').click();
    await waitForRunsToEnd(page, 'figure1');
    // The gradient norms, far below the Run button: handed both runs' records, but not made.
    const plots = 'bn-experiment-cell[cell-id="figure1"] bn-gradient-norms bn-curve-plot';
    const distance = await page.evaluate((css) => document.querySelector(css).getBoundingClientRect().top / window.innerHeight, plots);
    assert.ok(distance > 1.5, `the gradient plots are ${distance.toFixed(2)} viewports down`);
    const handed = await page.evaluate((css) => [...document.querySelectorAll(css)].map((plot) => plot.pointCounts), plots);
    assert.ok(handed.length >= 2, `${handed.length} gradient plots`);
    for (const counts of handed) assert.ok(counts.length > 0 && counts.every((points) => points > 0), JSON.stringify(handed));
    assert.equal(await page.locator(`${plots} canvas`).count(), 0, 'no gradient plot is made while off screen');
    // The confusion view, at the bottom of the cell, is handed its records but does not render them.
    const confusion = 'bn-experiment-cell[cell-id="figure1"] bn-confusion-view';
    const confusionState = await page.evaluate((css) => {
      const view = document.querySelector(css);
      return { distance: view.getBoundingClientRect().top / window.innerHeight, handed: view.runs.filter((run) => run.instruments?.confusion).length };
    }, confusion);
    assert.ok(confusionState.distance > 1.5, `the confusion view is ${confusionState.distance.toFixed(2)} viewports down`);
    assert.equal(confusionState.handed, 2, 'both runs have a confusion record');
    assert.equal(await page.locator(`${confusion} .confusion-panel`).count(), 0, 'the confusion view waits while off screen');

    await page.locator(plots).first().scrollIntoViewIfNeeded();
    await page.waitForFunction((css) => [...document.querySelectorAll(css)].every((plot) => plot.querySelector('canvas') !== null), plots, { timeout: 30_000 });
    const painted = await page.evaluate((css) => [...document.querySelectorAll(`${css} canvas`)].map((canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let index = 3; index < data.length; index += 4) if (data[index] > 0) count += 1;
      return count;
    }), plots);
    for (const pixels of painted) assert.ok(pixels > 1000, `painted pixels: ${painted}`);

    // Printing shows every plot: beforeprint makes the mode-gap plot, still far below the view.
    const modeGap = 'bn-experiment-cell[cell-id="figure1"] bn-curve-plot.mode-gap-plot';
    await page.locator('bn-experiment-cell[cell-id="figure1"] .cell-header').scrollIntoViewIfNeeded();
    await frames(page);
    const gapDistance = await page.evaluate((css) => document.querySelector(css).getBoundingClientRect().top / window.innerHeight, modeGap);
    assert.ok(gapDistance > 1.5, `the mode-gap plot is ${gapDistance.toFixed(2)} viewports down`);
    assert.equal(await page.locator(`${modeGap} canvas`).count(), 0, 'the mode-gap plot is not made while off screen');
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    assert.equal(await page.locator(`${modeGap} canvas`).count(), 1, 'beforeprint made the mode-gap plot');
    // ... and rendered the confusion view, digits painted, though it is still far below.
    await page.waitForFunction((css) => {
      const canvases = [...document.querySelectorAll(`${css} .confusion-panel canvas.digit-canvas`)];
      return document.querySelectorAll(`${css} .confusion-panel`).length === 2 && canvases.length > 0 &&
        canvases.every((canvas) => canvas.width === 28 && canvas.height === 28);
    }, 'bn-experiment-cell[cell-id="figure1"] bn-confusion-view', { timeout: 10_000 });
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });
});
