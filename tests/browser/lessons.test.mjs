// The lessons notebook (notebooks/lessons.md) in Chromium: it reads without a notice, has all
// its text in both languages, and each of its cells runs (shortened through the link's diff,
// which the page applies as it would any learner's link) and draws the view its claim is read
// from — per-layer gradients for both runs of the deep sigmoid cell, the mode gap and running
// statistics for the train-vs-eval cell. The claims themselves are asserted on the full
// presets by tests/native/lessons/. Screenshots go to tests/output/screenshots.

import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { lensNames } from '../../web/src/experiment/lenses.js';
import { parseNotebook } from '../../web/src/notebook/parse_notebook.js';
import { launchBrowser, watchPage } from './support/browser.mjs';
import { button, cellProblems, waitForRunsToEnd } from './support/notebook_page.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';

const screenshotFolder = join(repositoryRoot, 'tests', 'output', 'screenshots');
const lessons = parseNotebook(await readFile(join(repositoryRoot, 'notebooks', 'lessons.md'), 'utf8'), { lensNames });

/** {variant: [points of each curve]} of the curve plots matching `selector`. */
function panelPoints(page, cellId, selector) {
  return page.evaluate(({ id, css }) => Object.fromEntries([...document.querySelectorAll(`bn-experiment-cell[cell-id="${id}"] ${css}`)]
    .map((plot) => [plot.dataset.variant, plot.pointCounts])), { id: cellId, css: selector });
}

describe('the lessons notebook', () => {
  test('reads without a notice, and every cell has its text in both languages', () => {
    assert.deepEqual(lessons.notices, []);
    assert.deepEqual(lessons.cells.filter((cell) => cell.type !== 'markdown').map((cell) => cell.id), ['deep', 'modes', 'counters', 'activations']);
    for (const cell of lessons.cells) {
      if (cell.type === 'markdown') {
        assert.ok(cell.texts.en.trim().length > 100 && cell.texts.ko.trim().length > 100);
        assert.notEqual(cell.texts.ko, cell.texts.en);
      } else {
        for (const language of ['en', 'ko']) assert.ok(cell.texts[language].title && cell.texts[language].description);
      }
    }
    for (const language of ['en', 'ko']) assert.ok(lessons.title[language] && lessons.subtitle[language]);
  });

  describe('in Chromium', () => {
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

    test('every lesson cell runs, shortened by its link, and draws the view its claim is read from', async () => {
      const page = await browser.context.newPage();
      const problems = watchPage(page, server.url);
      const shortened = ['deep.training.steps=60', 'modes.training.epochs=1', 'modes.probes.running_statistics.every=50'];
      await page.goto(`${server.url}?notebook=notebooks/lessons.md#${shortened.join('&')}`);
      for (const cellId of ['deep', 'modes']) {
        await button(page, cellId, 'run').waitFor();
        assert.deepEqual(await cellProblems(page, cellId), [], `${cellId}: the shortened experiment is valid`);
      }

      await button(page, 'deep', 'run').click();
      await waitForRunsToEnd(page, 'deep', 180_000);
      const gradients = await panelPoints(page, 'deep', 'bn-curve-plot.gradient-panel');
      assert.deepEqual(Object.keys(gradients).sort(), ['as_written', 'without_batchnorm']);
      assert.equal(gradients.as_written.length, 17, 'nine dense and eight batchnorm layers');
      assert.equal(gradients.without_batchnorm.length, 9, 'nine dense layers');
      for (const counts of Object.values(gradients)) for (const points of counts) assert.ok(points >= 2, 'readings at steps 1 and 50');

      await button(page, 'modes', 'run').click();
      await waitForRunsToEnd(page, 'modes', 180_000);
      const readout = await page.locator('bn-experiment-cell[cell-id="modes"] .batch-of-one li').allTextContents();
      assert.equal(readout.length, 1);
      assert.match(readout[0], /a batch of 1 in train mode gets \d/);
      const running = await panelPoints(page, 'modes', 'bn-curve-plot.running-runningMean');
      assert.ok(Object.keys(running).length >= 1, 'the running statistics view drew the BN run');

      await page.locator('bn-experiment-cell[cell-id="deep"]').screenshot({ path: join(screenshotFolder, 'lessons-deep.png') });
      await page.locator('bn-experiment-cell[cell-id="modes"]').screenshot({ path: join(screenshotFolder, 'lessons-modes.png') });
      assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
      await page.close();
    });
  });
});
