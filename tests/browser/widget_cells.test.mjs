// Sweeps and activation plots in the widgets and in "Share / embed" (docs/EMBED.md), in Chromium:
// the share codes of a sweep cell and of an activation cell on the notebook page reproduce the
// cell in an iframe and in an element on a course page of another origin; a sweep in an element
// on another origin trains on its workers and exports its report (JSON) and its grid (CSV),
// which hold the numbers of the grid on screen. Options that only an experiment cell has are
// a message in the widget's box.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { startCourseServer } from './support/course_server.mjs';
import { startSiteServer } from './support/site_server.mjs';

const tinySweep = {
  name: 'tiny-learning-rates',
  experiment: {
    name: 'tiny-spirals', seed: 1, dataset: { kind: 'spirals', samples: 200, noise: 0.1, classes: 2 },
    split: { validation: 0.1, test: 0.2 }, preprocessing: 'standardize',
    model: { layers: [{ type: 'dense', units: 8 }, { type: 'batchnorm' }, { type: 'relu' }, { type: 'dense', units: 2 }] },
    loss: 'cross_entropy', optimizer: { type: 'sgd', learning_rate: 0.1 },
    training: { batch_size: 20, steps: 80, evaluate_every: 40 },
  },
  axes: [{ path: 'optimizer.learning_rate', values: [0.03, 0.3] }],
  variants: ['as_written', 'without_batchnorm'],
  stable: { split: 'test', metric: 'accuracy', at_least: 0.5 },
};

const sweepNotebook = `\`\`\`bnlab-notebook
{ "title": { "en": "A course's own sweep", "ko": "강의의 스윕" } }
\`\`\`

\`\`\`bnlab
${JSON.stringify({ id: 'tiny', sweep: tinySweep, title: { en: 'Two rates', ko: '두 학습률' } })}
\`\`\`
`;

function coursePage(site, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Course</title>
<script type="module" src="${site}bnlab-element.js"></script></head><body><h1>Course</h1>
${body}
</body></html>`;
}

/** Saves the download a click starts, and returns its path. */
async function download(page, locator, folder) {
  const [started] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const path = join(folder, started.suggestedFilename());
  await started.saveAs(path);
  return path;
}

/** The three share codes of the cell `scope` (a locator), once its "Share / embed" is open. */
async function shareCodesOf(scope) {
  await scope.locator('.cell-share summary').click();
  return {
    link: await scope.locator('[data-share="link"]').inputValue(),
    iframe: await scope.locator('[data-share="iframe"]').inputValue(),
    element: await scope.locator('[data-share="element"]').inputValue(),
  };
}

describe('sweeps and activation plots in the widgets', () => {
  let site;
  let course;
  const pages = {};
  let browser;
  let downloads;

  before(async () => {
    site = await startSiteServer();
    course = await startCourseServer(pages);
    pages['/sweep.md'] = { body: sweepNotebook, type: 'text/markdown; charset=utf-8', headers: { 'access-control-allow-origin': '*' } };
    browser = await launchBrowser();
    downloads = await mkdtemp(join(tmpdir(), 'bnlab-sweep-downloads-'));
  });

  after(async () => {
    await browser?.close();
    await course?.stop();
    await site?.stop();
    if (downloads) await rm(downloads, { recursive: true, force: true });
  });

  test("a sweep cell's share codes reproduce it in an iframe and in an element", async () => {
    const page = await browser.context.newPage();
    await page.goto(site.url);
    const sweepCell = page.locator('bn-sweep-cell[cell-id="learning-rate-sweep"]');
    await sweepCell.locator('button[data-action="run"]').waitFor();
    const expected = await sweepCell.evaluate((cell) => JSON.stringify(cell.sweep));
    const codes = await shareCodesOf(sweepCell);
    assert.equal(codes.link, `${site.url}index.html?notebook=notebooks%2Flecture.md#lang=en`);

    pages['/sweep-iframe.html'] = { body: coursePage(site.url, codes.iframe) };
    pages['/sweep-element.html'] = { body: coursePage(site.url, codes.element) };
    for (const [path, locate] of [
      ['/sweep-iframe.html', (hostedPage, state = '') => hostedPage.frameLocator('iframe').locator(`bn-sweep-cell${state}`)],
      ['/sweep-element.html', (hostedPage, state = '') => hostedPage.locator(`bnlab-experiment bn-sweep-cell${state}`)],
    ]) {
      const hosted = await browser.context.newPage();
      const problems = watchPage(hosted, course.url);
      await hosted.goto(`${course.url}${path.slice(1)}`);
      const shown = locate(hosted);
      // 'idle': the engine (in a sweep worker started from the bnlab site) expanded it and it can run.
      await locate(hosted, '[data-state="idle"]').waitFor({ timeout: 60_000 });
      assert.deepEqual(await shown.evaluate((cell) => [cell.cellId, JSON.stringify(cell.sweep), cell.language]), ['learning-rate-sweep', expected, 'en'], path);
      assert.equal(await shown.locator('button[data-action="run"]').isEnabled(), true, path);
      assert.deepEqual(problems.pageErrors, [], path);
      assert.deepEqual(problems.consoleErrors, [], path);
      await hosted.close();
    }
    await page.close();
  });

  test("an activation cell's share link opens its notebook; its element code shows the same curves", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}?notebook=notebooks/lessons.md`);
    const activations = page.locator('bn-activation-cell[cell-id="activations"]');
    await page.locator('bn-activation-cell[cell-id="activations"][data-state="ready"]').waitFor({ timeout: 60_000 });
    const layers = await activations.evaluate((cell) => JSON.stringify(cell.layers));
    const codes = await shareCodesOf(activations);
    assert.equal(codes.link, `${site.url}index.html?notebook=notebooks%2Flessons.md#lang=en`);
    const linked = await browser.context.newPage();
    await linked.goto(codes.link);
    await linked.locator('bn-activation-cell[cell-id="activations"][data-state="ready"]').waitFor({ timeout: 60_000 });
    await linked.close();

    pages['/activations.html'] = { body: coursePage(site.url, codes.element) };
    const hosted = await browser.context.newPage();
    const problems = watchPage(hosted, course.url);
    await hosted.goto(`${course.url}activations.html`);
    const shown = hosted.locator('bnlab-experiment bn-activation-cell');
    await hosted.locator('bnlab-experiment bn-activation-cell[data-state="ready"]').waitFor({ timeout: 60_000 });
    assert.equal(await shown.evaluate((cell) => JSON.stringify(cell.layers)), layers);
    // The engine's curves arrived (a worker from the bnlab site): one per layer, none failed.
    assert.deepEqual(await shown.evaluate((cell) => cell.curves.map((curve) => [curve.layer.type, curve.error === undefined])),
      JSON.parse(layers).map((layer) => [layer.type, true]));
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await hosted.close();
    await page.close();
  });

  test('a sweep in an element on another origin trains and exports its report and grid, with the numbers on screen', async () => {
    pages['/own-sweep.html'] = {
      body: coursePage(site.url, `<bnlab-experiment id="sweep" src="sweep.md" cell="tiny"></bnlab-experiment>
        <bnlab-experiment id="steps" src="sweep.md" cell="tiny" steps="5"></bnlab-experiment>`),
    };
    const page = await browser.context.newPage();
    const problems = watchPage(page, course.url);
    await page.goto(`${course.url}own-sweep.html`);
    // steps= is for experiment cells: a message in the box that names the option.
    const refused = page.locator('#steps .widget-problems li[data-code="embed_option_not_for_cell"]');
    await refused.waitFor();
    assert.match(await refused.innerText(), /^steps: .*tiny/);

    const cell = page.locator('#sweep bn-sweep-cell');
    await page.locator('#sweep bn-sweep-cell[data-state="idle"]').waitFor({ timeout: 60_000 });
    assert.equal(await cell.locator('.cell-share').count(), 0, 'a notebook of another site has no share codes');
    await cell.locator('button[data-action="run"]').click();
    await cell.locator('button[data-action="export-sweep-csv"]').waitFor({ timeout: 120_000 });
    const results = await cell.evaluate((element) => element.results.map(({ cell: number, values, variant, status, value, stable }) => ({
      cell: number, rate: values['optimizer.learning_rate'], variant, status, value, stable,
    })));
    assert.equal(results.length, 4);
    assert.ok(results.every((result) => result.status === 'complete' && result.value >= 0 && result.value <= 1), JSON.stringify(results));

    const csvPath = await download(page, cell.locator('button[data-action="export-sweep-csv"]'), downloads);
    assert.match(csvPath, /tiny\.sweep\.csv$/);
    const rows = (await readFile(csvPath, 'utf8')).trim().split('\n').map((line) => line.split(','));
    assert.deepEqual(rows[0], ['cell', 'optimizer.learning_rate', 'variant', 'status', 'test_accuracy', 'stable', 'divergence_step']);
    assert.deepEqual(rows.slice(1).map((row) => [Number(row[0]), Number(row[1]), row[2], row[3], Number(row[4]), row[5] === 'true']),
      results.map((result) => [result.cell, result.rate, result.variant, result.status, result.value, result.stable]));

    const reportPath = await download(page, cell.locator('button[data-action="export-sweep-report"]'), downloads);
    const report = JSON.parse(await readFile(reportPath, 'utf8'));
    assert.equal(report.format, 'bnlab-sweep-report');
    assert.equal(report.version, 1);
    assert.equal(report.cell, 'tiny');
    assert.deepEqual(report.sweep.axes, tinySweep.axes);
    assert.deepEqual(report.axes, ['optimizer.learning_rate']);
    assert.deepEqual(report.runs.map((run) => [run.cell, run.values['optimizer.learning_rate'], run.variant, run.status, run.value, run.stable]),
      results.map((result) => [result.cell, result.rate, result.variant, result.status, result.value, result.stable]));
    // The value on screen is the engine's final test accuracy of that run.
    assert.ok(report.runs.every((run) => run.final.test.accuracy === run.value));
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
  });
});
