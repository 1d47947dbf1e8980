// Offline, in Chromium: after one visit (the service worker installed and in control), bnlab's
// server is stopped — no network at all for the page — and the notebook still opens, and a cell
// that was never run (the spirals playground) trains; a dataset that was never fetched
// (Fashion-MNIST, asked for through the link) gives the "reconnect" message in the page's
// language, not a raw "Failed to fetch". The same for embed.html in Korean.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser } from './support/browser.mjs';
import { button, cell, engineVerdict, setSetting, waitForRunsToEnd } from './support/notebook_page.mjs';
import { startSiteServer } from './support/site_server.mjs';

describe('the site offline', () => {
  let site;
  let browser;

  before(async () => {
    site = await startSiteServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  test('after one visit, with the server gone, a never-run cell trains and an unfetched dataset says to reconnect', async () => {
    const page = await browser.context.newPage();
    const fashionLink = 'lecture.dataset.kind=fashion_mnist';
    await page.goto(`${site.url}#playground.training.steps=200`);
    await button(page, 'playground', 'run').waitFor();
    // The first visit: the worker installs (it stores the site) and takes control of the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller === null) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
    const embedUrl = `${site.url}embed.html?notebook=notebooks/lecture.md&cell=lecture&lang=ko#${fashionLink}`;
    await site.stop();
    site = null;

    await page.reload();
    await button(page, 'playground', 'run').waitFor();
    await button(page, 'playground', 'run').click();
    await waitForRunsToEnd(page, 'playground');
    const statuses = await cell(page, 'playground').locator('.run-progress').evaluateAll((runs) => runs.map((run) => run.dataset.status));
    assert.deepEqual(statuses, ['complete', 'complete']);

    // Fashion-MNIST was never fetched (the lecture cell warmed MNIST, its own dataset).
    await setSetting(page, 'lecture', 'dataset.kind', 'fashion_mnist');
    assert.equal(await engineVerdict(page, 'lecture'), true);
    await button(page, 'lecture', 'run').click();
    await waitForRunsToEnd(page, 'lecture');
    const failure = await cell(page, 'lecture').locator('.run-progress').first().innerText();
    assert.match(failure, /fashion-mnist could not be downloaded.*Reconnect to the internet/s);
    assert.doesNotMatch(failure, /Failed to fetch/);

    // embed.html too, in Korean.
    const embed = await browser.context.newPage();
    await embed.goto(embedUrl);
    await embed.locator('button[data-action="run"]').click();
    await waitForRunsToEnd(embed, 'lecture');
    assert.match(await embed.locator('.run-progress').first().innerText(), /fashion-mnist을\(를\) 내려받지 못했습니다.*인터넷에 다시 연결/s);
    await embed.close();
    await page.close();
  });
});
