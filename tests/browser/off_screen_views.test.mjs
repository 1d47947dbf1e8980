// A view far from the viewport waits to be drawn (web/src/plots/screen_watch.js), in Chromium
// with its real IntersectionObserver: while the playground pair trains with the page scrolled
// away, its decision-boundary canvases keep their pixels though new frames arrive; scrolled
// back, training paused, they are drawn with what arrived meanwhile: nothing received is lost.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { button, cell, waitForRunStatus } from './support/notebook_page.mjs';
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

/** Scrolls the window to whichever end of the page is farther from the playground's boundaries. */
function scrollAway(page) {
  return page.evaluate((css) => {
    const top = document.querySelector(css).getBoundingClientRect().top + window.scrollY;
    const bottom = document.documentElement.scrollHeight - window.innerHeight;
    window.scrollTo(0, top > bottom / 2 ? 0 : bottom);
    const distance = Math.abs(document.querySelector(css).getBoundingClientRect().top);
    return { distance, viewport: window.innerHeight };
  }, boundaries);
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
});
