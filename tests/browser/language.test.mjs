// The page speaks Korean and English: the browser's language picks the default, the switch
// changes every interface string and the notebook's text, and the link keeps the choice.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { button, cell, waitForRunsToEnd } from './support/notebook_page.mjs';
import { startSiteServer } from './support/site_server.mjs';

describe('language', () => {
  let server;

  before(async () => { server = await startSiteServer(); });
  after(async () => { await server?.stop(); });

  test('switching to Korean changes the interface, the notebook and the results table', async () => {
    const browser = await launchBrowser({ locale: 'en-US' });
    try {
      const page = await browser.context.newPage();
      const problems = watchPage(page, server.url);
      await page.goto(`${server.url}#playground.training.steps=300`);
      await page.locator('.markdown-cell h1').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      assert.equal((await button(page, 'playground', 'run').innerText()).trim(), 'Run');
      assert.equal(await page.locator('.markdown-cell h1').textContent(), 'What Batch Normalization changes');

      await button(page, 'playground', 'run').click();
      await waitForRunsToEnd(page, 'playground');
      assert.match(await cell(page, 'playground').locator('.summary-table').innerText(), /Test accuracy/);

      await page.locator('#page-language').selectOption('ko');
      await page.waitForFunction(() => document.documentElement.lang === 'ko');
      assert.equal((await button(page, 'playground', 'run').innerText()).trim(), '실행');
      assert.equal((await button(page, 'lecture', 'stop').innerText()).trim(), '중지');
      // textContent: an off-screen text cell is not rendered (content-visibility), so it has no innerText.
      assert.equal(await page.locator('.markdown-cell h1').textContent(), '배치 정규화가 바꾸는 것');
      assert.equal(await page.locator('#playground-heading').innerText(), '놀이터');
      assert.equal(await page.locator('label[for="playground-optimizer-learning_rate"]').innerText(), '학습률');
      const table = await cell(page, 'playground').locator('.summary-table').innerText();
      assert.match(table, /테스트 정확도/);
      assert.doesNotMatch(table, /accuracy/);
      assert.equal(await page.title(), 'bnlab — 배치 정규화가 바꾸는 것');

      // The link carries the language: reloading stays Korean.
      assert.match(new URL(page.url()).hash, /lang=ko/);
      await page.reload();
      await page.waitForFunction(() => document.documentElement.lang === 'ko');
      assert.equal((await button(page, 'lecture', 'run').innerText()).trim(), '실행');
      assert.deepEqual(problems.consoleErrors, []);
    } finally {
      await browser.close();
    }
  });

  test('a Korean browser opens the page in Korean', async () => {
    const browser = await launchBrowser({ locale: 'ko-KR' });
    try {
      const page = await browser.context.newPage();
      await page.goto(server.url);
      await button(page, 'lecture', 'run').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
      assert.equal((await button(page, 'lecture', 'run').innerText()).trim(), '실행');
      assert.equal(await page.locator('#page-language').inputValue(), 'ko');
    } finally {
      await browser.close();
    }
  });
});
