// When the instrument views render new records, in Chromium: never inside the experiment
// cell's animation frame, but in a task of their own (web/src/instruments/instrument_panels.js).
// The first records make every view's DOM; rendered in the frame, that work and the frame's
// layout and paint were one long task. A change that is not records (here the language)
// still renders at once, and the views end showing the last records that arrived: nothing is lost.
// How long the tasks are is a benchmark figure (bench/page/page_trace.mjs), not an assertion.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { button, waitForRunsToEnd } from './support/notebook_page.mjs';
import { startSiteServer } from './support/site_server.mjs';

/**
 * Before the page's scripts: marks the animation-frame callbacks and the microtasks that follow
 * them (where Lit renders what a callback asked for: a chain of 200 microtask hops outlasts
 * Lit's few, and no task can run before a microtask chain ends), and logs every update of the
 * instrument panels: whether it ran there, which properties it was told changed, and the
 * records revision of each run it rendered.
 */
function recordPanelUpdates() {
  let framesRunning = 0;
  const afterMicrotasks = (hops, then) => { if (hops === 0) then(); else queueMicrotask(() => afterMicrotasks(hops - 1, then)); };
  const request = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => request((time) => {
    framesRunning += 1;
    try {
      callback(time);
    } finally {
      afterMicrotasks(200, () => { framesRunning -= 1; });
    }
  });
  window.bnlabPanelUpdates = [];
  customElements.whenDefined('bn-instrument-panels').then(() => {
    const panels = customElements.get('bn-instrument-panels').prototype;
    const update = panels.update;
    panels.update = function loggedUpdate(changed) {
      window.bnlabPanelUpdates.push({
        inFrame: framesRunning > 0,
        changed: [...changed.keys()],
        revisions: this.runs.map((run) => run.instruments?.revision ?? 0),
      });
      return update.call(this, changed);
    };
  });
}

const recordsOnly = new Set(['runs', 'revision', 'refreshMilliseconds']);

describe('instrument views and the animation frame', () => {
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

  test('new records render in a task of their own, a language change at once, and the last records are shown', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.addInitScript(recordPanelUpdates);
    await page.goto(`${server.url}#playground.training.steps=1500`);
    await button(page, 'playground', 'run').click();
    await waitForRunsToEnd(page, 'playground');

    const updates = await page.evaluate(() => window.bnlabPanelUpdates);
    const recordUpdates = updates.filter((one) => one.changed.every((name) => recordsOnly.has(name)));
    assert.ok(recordUpdates.filter((one) => one.revisions.some((revision) => revision > 0)).length >= 3,
      `records were rendered several times (${recordUpdates.length} updates for records)`);
    const inFrame = recordUpdates.filter((one) => one.inFrame);
    assert.deepEqual(inFrame, [], 'no update for records ran in an animation frame');

    // The last records that arrived are the ones the views rendered last.
    const shown = updates.at(-1).revisions;
    const received = await page.evaluate(() => document.querySelector('bn-experiment-cell[cell-id="playground"] bn-instrument-panels')
      .runs.map((run) => run.instruments?.revision ?? 0));
    assert.deepEqual(shown, received);
    assert.ok(received.every((revision) => revision > 0), 'both runs received records');

    // A change that is not records (the language) renders before the task that made it ends:
    // only microtasks (Lit's updates) run between the change and the read.
    const languageUpdates = await page.evaluate(async () => {
      const count = window.bnlabPanelUpdates.length;
      const select = document.querySelector('#page-language');
      select.value = 'ko';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      for (let hop = 0; hop < 100; hop += 1) await Promise.resolve();
      return window.bnlabPanelUpdates.slice(count);
    });
    assert.ok(languageUpdates.some((one) => one.changed.includes('language')), 'the panels rendered the language within the task');
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });
});
