// The epoch / iteration / step counters in Chromium, on the lessons notebook's counters cell
// (examples/epochs-and-iterations.json: 1 000 training samples, batches of 10). The whole
// preset runs to its end (3 epochs of 100 iterations = 300 steps); a longer copy (by the link)
// is paused and stepped once at a time over the end of an epoch.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { button, cell, waitForRunStatus, waitForRunsToEnd } from './support/notebook_page.mjs';
import { startSiteServer } from './support/site_server.mjs';

/** {epoch: {value, total}, iteration: …, step: …, text} of the cell's (only) run. */
function counters(page, cellId) {
  return cell(page, cellId).locator('.run-progress .run-counters').evaluate((line) => ({
    ...Object.fromEntries([...line.querySelectorAll('.counter')].map((counter) => [counter.dataset.counter,
      { value: Number(counter.dataset.value), total: Number(counter.dataset.total) }])),
    text: line.textContent.replace(/\s+/g, ' ').trim(),
  }));
}

async function stepOnce(page, cellId, expectedStep) {
  await button(page, cellId, 'step').click();
  await page.waitForFunction(({ id, wanted }) => {
    const run = document.querySelector(`bn-experiment-cell[cell-id="${id}"] .run-progress`);
    return run?.dataset.status === 'paused' && run.querySelector('.counter[data-counter="step"]')?.dataset.value === String(wanted);
  }, { id: cellId, wanted: expectedStep }, { polling: 'raf', timeout: 30_000 });
}

describe('epoch / iteration / step counters', () => {
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

  test('the preset ends at epoch 3 of 3, iteration 100 of 100, step 300 of 300', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}?notebook=notebooks/lessons.md`);
    await button(page, 'counters', 'run').click();
    await waitForRunsToEnd(page, 'counters');
    const end = await counters(page, 'counters');
    assert.deepEqual([end.epoch, end.iteration, end.step], [{ value: 3, total: 3 }, { value: 100, total: 100 }, { value: 300, total: 300 }]);
    assert.match(end.text, /^epoch 3 of 3 · iteration 100 of 100 · step 300 of 300/);
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });

  test('paused and stepped once at a time, iteration 100 of an epoch is followed by iteration 1 of the next', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}?notebook=notebooks/lessons.md#counters.training.epochs=500`);
    await button(page, 'counters', 'run').click();
    await page.waitForFunction(() => Number(document.querySelector('bn-experiment-cell[cell-id="counters"] .counter[data-counter="step"]')?.dataset.value) > 0,
      null, { polling: 'raf', timeout: 60_000 });
    await button(page, 'counters', 'pause').click();
    await waitForRunStatus(page, 'counters', 'paused');
    const paused = await counters(page, 'counters');
    assert.equal(paused.epoch.total, 500);
    assert.equal(paused.iteration.total, 100);
    assert.equal(paused.step.total, 50000);
    assert.equal(paused.epoch.value, Math.floor((paused.step.value - 1) / 100) + 1);
    assert.equal(paused.iteration.value, paused.step.value - (paused.epoch.value - 1) * 100);

    // Step once up to the end of this epoch, then once more.
    let step = paused.step.value;
    const lastOfEpoch = paused.epoch.value * 100;
    while (step < lastOfEpoch) {
      step += 1;
      await stepOnce(page, 'counters', step);
    }
    const last = await counters(page, 'counters');
    assert.deepEqual([last.epoch.value, last.iteration.value, last.step.value], [paused.epoch.value, 100, lastOfEpoch]);
    await stepOnce(page, 'counters', lastOfEpoch + 1);
    const first = await counters(page, 'counters');
    assert.deepEqual([first.epoch.value, first.iteration.value, first.step.value], [paused.epoch.value + 1, 1, lastOfEpoch + 1]);
    assert.ok(first.text.startsWith(`epoch ${paused.epoch.value + 1} of 500 · iteration 1 of 100 · step ${(lastOfEpoch + 1).toLocaleString('en-US')} of 50,000`), first.text);

    await button(page, 'counters', 'stop').click();
    await waitForRunsToEnd(page, 'counters');
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });
});
