// The Fig. 1 cell's "Fig. 1 data (CSV)" in Chromium: the cell runs shortened by its link
// (1 000 of its 50 000 steps), and the downloaded file has one column of steps, the test
// accuracy of both variants and the 15/50/85th percentiles of both; its rows are exactly the
// points the page plots — the evaluation curve on the test split and the percentile bands of
// the last sigmoid's input on the test digits in eval mode.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { button, cell, waitForRunsToEnd } from './support/notebook_page.mjs';
import { startSiteServer } from './support/site_server.mjs';

const variants = ['as_written', 'without_batchnorm'];
const percents = [15, 50, 85];

/** {variant: [{x, y}] per curve} of the plots matching `selector` in the cell, as handed to them. */
function plottedCurves(page, selector) {
  return page.evaluate((css) => [...document.querySelectorAll(`bn-experiment-cell[cell-id="figure1"] ${css}`)]
    .map((plot) => ({ variant: plot.dataset.variant ?? null, curves: plot.curves.map((curve) => ({ variant: curve.variant, x: Array.from(curve.x), y: Array.from(curve.y) })) })), selector);
}

describe('Fig. 1 data as CSV', () => {
  let server;
  let browser;
  let downloads;
  before(async () => {
    server = await startSiteServer();
    browser = await launchBrowser();
    downloads = await mkdtemp(join(tmpdir(), 'bnlab-figure1-'));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (downloads) await rm(downloads, { recursive: true, force: true });
  });

  test('the CSV has step, test accuracy and percentiles per variant, and its rows are the plotted points', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}#figure1.training.steps=1000`);
    await button(page, 'figure1', 'run').click();
    await waitForRunsToEnd(page, 'figure1', 300_000);
    const figure = cell(page, 'figure1');
    // The preset evaluates only the test split along the way (training.evaluate_splits); the
    // other splits' single final point must not take the plot's default.
    assert.equal(await figure.locator('select[id="figure1-metric-split"]').inputValue(), 'test');
    // Panel (a) as the paper draws it: accuracy on the test split.
    await figure.locator('select[id="figure1-metric-split"]').selectOption('test');
    await figure.locator('select[id="figure1-metric-name"]').selectOption('accuracy');
    await page.waitForFunction(() => document.querySelector('bn-experiment-cell[cell-id="figure1"] bn-curve-plot.evaluation-plot')
      .heading.includes('Test'), null, { polling: 'raf' });

    const [started] = await Promise.all([page.waitForEvent('download'), figure.locator('button[data-action="export-figure1"]').click()]);
    assert.equal(started.suggestedFilename(), 'figure1.figure1.csv');
    const path = join(downloads, started.suggestedFilename());
    await started.saveAs(path);
    const [header, ...lines] = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const columns = header.split(',');
    assert.deepEqual(columns, ['step', ...variants.map((variant) => `test_accuracy_${variant}`),
      ...variants.flatMap((variant) => percents.map((percent) => `p${percent}_${variant}`))]);
    const rows = lines.map((line) => line.split(',').map((text) => (text === '' ? null : Number(text))));
    for (const row of rows) assert.equal(row.length, columns.length);
    const steps = rows.map((row) => row[0]);
    assert.deepEqual(steps, [...steps].sort((first, second) => first - second), 'rows in step order');
    assert.equal(new Set(steps).size, steps.length, 'one row per step');
    assert.equal(steps.at(-1), 1000);

    /** The CSV column `name` as {x, y} over the rows that have a value. */
    const series = (name) => {
      const index = columns.indexOf(name);
      const kept = rows.filter((row) => row[index] !== null);
      return { x: kept.map((row) => row[0]), y: kept.map((row) => row[index]) };
    };

    // (a): the evaluation plot's test-accuracy curves (evaluations at steps 0, 500 and 1 000).
    const [evaluation] = await plottedCurves(page, 'bn-curve-plot.evaluation-plot');
    for (const variant of variants) {
      const plotted = evaluation.curves.find((curve) => curve.variant === variant);
      assert.deepEqual(plotted.x, [0, 500, 1000]);
      assert.deepEqual(series(`test_accuracy_${variant}`), { x: plotted.x, y: plotted.y }, `${variant}: test accuracy`);
    }

    // (b, c): the percentile-band panels (test probe set, eval mode, last sigmoid), one per variant.
    const bands = await plottedCurves(page, 'bn-curve-plot.percentile-panel');
    assert.equal(await figure.locator('.percentile-bands').getAttribute('data-source'), 'test');
    assert.equal(await figure.locator('.percentile-bands').getAttribute('data-position'), '2', 'the last of three sigmoids');
    assert.deepEqual(bands.map((panel) => panel.variant).sort(), [...variants].sort());
    for (const panel of bands) {
      assert.equal(panel.curves.length, 3);
      panel.curves.forEach((plotted, index) => {
        assert.equal(plotted.x.length, 11, 'probes at step 1 and every 100 steps to 1 000');
        assert.deepEqual(series(`p${percents[index]}_${panel.variant}`), { x: plotted.x, y: plotted.y }, `${panel.variant}: ${percents[index]}th percentile`);
      });
    }
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });
});
