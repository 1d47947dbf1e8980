// Opening the page: everything comes from the page's own origin, the notebook renders (formulas
// included), the lecture cell becomes interactive quickly, and no dataset but the lecture's is
// fetched. Reports time to interactive and the bytes of every asset (raw and as sent, gzip).

import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { button } from './support/notebook_page.mjs';
import { siteFolder, startSiteServer } from './support/site_server.mjs';

describe('page load', () => {
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

  test('the page loads from its own origin only and becomes interactive', async (t) => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    // The first moment the lecture cell's Run button exists and is enabled (page clock).
    await page.addInitScript(() => {
      const poll = () => {
        const run = document.querySelector('bn-experiment-cell[cell-id="lecture"] button[data-action="run"]');
        if (run && !run.disabled) window.bnlabInteractiveAt = performance.now();
        else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
    const responses = [];
    page.on('response', (response) => {
      responses.push({ url: response.url(), status: response.status(), headers: response.headers() });
    });

    // Registered before navigating: the idle warm-up may fetch MNIST before the waits below end.
    const mnistFetched = page.waitForResponse((response) => response.url().endsWith('mnist/train-images.idx.gz'));
    await page.goto(server.url, { waitUntil: 'load' });
    await button(page, 'lecture', 'run').waitFor();
    await page.locator('.markdown-cell .katex').first().waitFor();
    // Idle warm-up: the lecture cell's workers load the engine and MNIST before the first Run.
    await mnistFetched;
    // Run is enabled once the engine has accepted the lecture's experiment.
    await page.waitForFunction(() => window.bnlabInteractiveAt !== undefined, null, { timeout: 30_000 });
    const timing = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation');
      return {
        interactive: window.bnlabInteractiveAt,
        domContentLoaded: navigation.domContentLoadedEventEnd,
        load: navigation.loadEventEnd,
      };
    });
    // How soon is a benchmark figure (bench/page/page_benchmark.mjs); here: it did become interactive.
    assert.equal(typeof timing.interactive, 'number', 'the lecture Run button was enabled');
    t.diagnostic(`time to interactive (lecture Run enabled) ${timing.interactive.toFixed(0)} ms; DOMContentLoaded ${timing.domContentLoaded.toFixed(0)} ms; load ${timing.load.toFixed(0)} ms`);

    const formulas = await page.locator('.markdown-cell .katex').count();
    assert.ok(formulas >= 10, `${formulas} typeset formulas`);

    // Every asset, raw and as sent: the report's table.
    const origin = new URL(server.url).origin;
    const rows = [];
    for (const response of responses) {
      const url = new URL(response.url);
      assert.equal(url.origin, origin, `${response.url} is not from the page's origin`);
      // 304: a second worker revalidated what the first had just fetched (the HTTP cache).
      assert.ok(response.status === 200 || response.status === 304, `${response.url}: HTTP ${response.status}`);
      if (response.status === 304) continue;
      const path = url.pathname === '/' ? '/index.html' : url.pathname;
      const raw = (await stat(join(siteFolder, decodeURIComponent(path)))).size;
      const sent = Number(response.headers['content-length']);
      rows.push(`${path} ${raw} B raw, ${sent} B sent${response.headers['content-encoding'] === 'gzip' ? ' (gzip)' : ''}`);
    }
    for (const row of rows.sort()) t.diagnostic(row);
    assert.ok(rows.some((row) => row.startsWith('/engine/bnlab-engine.wasm')), 'the engine was loaded');
    assert.ok(!rows.some((row) => row.includes('fashion-mnist')), 'no cell uses Fashion-MNIST: it must not be fetched');
    assert.ok(!rows.some((row) => /\.(woff|ttf)\b/.test(row)), 'fonts are woff2 only');
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });

  test('every control has a label and the page can be worked with the keyboard', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await button(page, 'playground', 'run').waitFor();
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, button')]
      .filter((control) => {
        // textContent: a button inside a closed <details> is not rendered, so it has no innerText.
        if (control.tagName === 'BUTTON') return control.textContent.trim() === '' && !control.getAttribute('aria-label');
        return control.labels.length === 0 && !control.getAttribute('aria-label');
      })
      .map((control) => control.id || control.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabelled, []);

    // Tab to the playground's Run button and press Enter: training starts.
    await page.locator('#playground-seed').focus();
    let focused = '';
    for (let presses = 0; presses < 5 && focused !== 'run'; presses += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.dataset?.action ?? '');
    }
    assert.equal(focused, 'run');
    await page.keyboard.press('Enter');
    await page.locator('bn-experiment-cell[cell-id="playground"] .run-progress').first().waitFor();
    // Run is disabled while training; the focus moves on to Pause instead of being lost.
    await page.waitForFunction(() => document.activeElement?.dataset?.action === 'pause', null, { polling: 'raf' });
    await page.keyboard.press('Enter');
    await page.locator('bn-experiment-cell[cell-id="playground"] .run-progress[data-status="paused"]').first().waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.action), 'resume');
    await page.close();
  });
});
