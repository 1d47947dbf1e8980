// Sweep cells in Chromium (docs/NOTEBOOK_FORMAT.md, docs/SWEEP_FORMAT.md). The learning-rate
// sweep, shortened for the test (tests/browser/fixtures/learning-rate-short.sweep.json: the
// lecture network, 300 steps a run, five rates), fills its grid for every cell × variant on the
// page's worker pool, and the highest stable rate it marks for each variant is the one
// `bnlab sweep` finds natively on the same file; every number in the grid is the native
// result's. A bad sweep shows the engine's problem at its field, in both languages. Stop stops
// every worker. The full preset (examples/sweeps/learning-rate.json) is what the lecture shows.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';

const fixturePath = join(repositoryRoot, 'tests', 'browser', 'fixtures', 'learning-rate-short.sweep.json');
const shortSweep = JSON.parse(await readFile(fixturePath, 'utf8'));
const nativeCli = join(repositoryRoot, 'build', 'native', 'bnlab');
const screenshotFolder = join(repositoryRoot, 'tests', 'output', 'screenshots');
const fence = '```';

/** A notebook of one sweep cell (an inline sweep object, or a site path). */
function sweepNotebook(id, sweep) {
  return `# Sweep\n\n${fence}bnlab\n${JSON.stringify({ id, sweep })}\n${fence}\n`;
}

async function openNotebookText(page, text) {
  await page.locator('input[data-action="open-notebook"]').setInputFiles({ name: 'sweep.md', mimeType: 'text/markdown', buffer: Buffer.from(text) });
}

function sweepCell(page, id) {
  return page.locator(`bn-sweep-cell[cell-id="${id}"]`);
}

/** Resolves once the engine has expanded the cell's sweep (or refused it). */
function waitForVerdict(page, id) {
  return page.waitForFunction((cellId) => {
    const state = document.querySelector(`bn-sweep-cell[cell-id="${cellId}"]`)?.dataset.state;
    return state === 'idle' || state === 'invalid';
  }, id, { polling: 100, timeout: 60_000 });
}

/** Every grid entry: {cell, variant, status, value, stable, divergenceStep, text, highest}. */
function gridEntries(page, id) {
  return sweepCell(page, id).locator('.sweep-grid td').evaluateAll((entries) => entries.map((entry) => ({
    cell: Number(entry.dataset.cell), variant: entry.dataset.variant, status: entry.dataset.status,
    value: entry.dataset.value === '' ? null : Number(entry.dataset.value), stable: entry.dataset.stable,
    divergenceStep: entry.dataset.divergenceStep === '' ? null : Number(entry.dataset.divergenceStep),
    text: entry.textContent.replace(/\s+/g, ' ').trim(), highest: entry.classList.contains('sweep-highest-stable'),
  })));
}

/** `bnlab sweep` on the fixture: its sweep_result records. */
function nativeResults() {
  assert.ok(existsSync(nativeCli), `${nativeCli} is missing: run bash scripts/build-native.sh first`);
  const output = execFileSync(nativeCli, ['sweep', fixturePath, '--quiet'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return output.trim().split('\n').map((line) => JSON.parse(line)).filter((record) => record.type === 'sweep_result');
}

describe('sweep cells', () => {
  let server;
  let browser;
  let page;
  let problems;
  let folder;

  before(async () => {
    server = await startSiteServer();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    problems = watchPage(page, server.url);
    await page.goto(server.url);
    await page.locator('bn-sweep-cell[cell-id="learning-rate-sweep"]').waitFor();
    folder = await mkdtemp(join(tmpdir(), 'bnlab-sweep-page-'));
    await mkdir(screenshotFolder, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  test('the lecture\'s learning-rate sweep reads its preset (the experiment fetched from beside it) and the engine accepts it', async () => {
    await waitForVerdict(page, 'learning-rate-sweep');
    const cellElement = sweepCell(page, 'learning-rate-sweep');
    assert.equal(await cellElement.getAttribute('data-state'), 'idle');
    const preset = JSON.parse(await readFile(join(repositoryRoot, 'examples', 'sweeps', 'learning-rate.json'), 'utf8'));
    const rows = await cellElement.locator('.sweep-grid tbody tr').count();
    assert.equal(rows, preset.axes[0].values.length);
    assert.deepEqual(await cellElement.locator('.sweep-grid thead th[data-variant]').evaluateAll((heads) => heads.map((head) => head.dataset.variant)), preset.variants);
    const workers = await cellElement.evaluate((element) => element.poolSize);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    assert.equal(workers, Math.min(4, Math.max(1, cores)));
  });

  test('the shortened sweep fills its grid for every cell × variant, with the highest stable rate of each variant marked as bnlab sweep finds it', async (t) => {
    const native = nativeResults();
    await openNotebookText(page, sweepNotebook('short', shortSweep));
    await waitForVerdict(page, 'short');
    const cellElement = sweepCell(page, 'short');
    await cellElement.locator('button[data-action="run"]').click();
    await page.waitForFunction(() => {
      const entries = [...document.querySelectorAll('bn-sweep-cell[cell-id="short"] .sweep-grid td')];
      return entries.length > 0 && entries.every((entry) => ['complete', 'diverged', 'failed', 'stopped'].includes(entry.dataset.status));
    }, null, { polling: 250, timeout: 600_000 });
    const entries = await gridEntries(page, 'short');
    const values = shortSweep.axes[0].values;
    assert.equal(entries.length, values.length * shortSweep.variants.length);
    t.diagnostic(entries.map((entry) => `${values[entry.cell]} ${entry.variant}: ${entry.text}`).join(' | '));

    // Every run is the native run: same status, same divergence step, same verdict of the
    // engine; a stable run's final test accuracy within half a point (WebAssembly's SIMD sums
    // in another order than the native build; a run at the edge of stability — the plain net
    // at rate 1 — amplifies that, so its accuracy is only held to its verdict).
    assert.equal(native.length, entries.length);
    for (const record of native) {
      const entry = entries.find((candidate) => candidate.cell === record.cell && candidate.variant === record.variant);
      assert.ok(entry, `no grid entry for cell ${record.cell} ${record.variant}`);
      assert.equal(entry.status, record.status, `cell ${record.cell} ${record.variant}`);
      assert.equal(entry.stable, String(record.stable), `cell ${record.cell} ${record.variant} stable`);
      if (record.status === 'complete' && record.stable) {
        assert.ok(Math.abs(entry.value - record.final.test.accuracy) <= 0.005, `cell ${record.cell} ${record.variant}: ${entry.value} vs ${record.final.test.accuracy}`);
      } else if (record.status === 'complete') {
        assert.ok(entry.value < shortSweep.stable.at_least, `cell ${record.cell} ${record.variant}: ${entry.value}`);
      } else {
        assert.equal(entry.divergenceStep, record.divergence.step);
        assert.match(entry.text, new RegExp(`diverged at step ${record.divergence.step}`));
      }
    }

    // The marks: one per variant, at the highest rate the native verdicts call stable.
    for (const variant of shortSweep.variants) {
      const stableCells = native.filter((record) => record.variant === variant && record.stable).map((record) => record.cell);
      assert.ok(stableCells.length > 0, `${variant}: the fixture must have a stable rate`);
      const expected = Math.max(...stableCells);
      const marked = entries.filter((entry) => entry.variant === variant && entry.highest).map((entry) => entry.cell);
      assert.deepEqual(marked, [expected], variant);
      const legend = cellElement.locator(`.sweep-highest li[data-variant="${variant}"]`);
      assert.equal(await legend.getAttribute('data-highest-cell'), String(expected));
      t.diagnostic(`${variant}: highest stable learning rate ${values[expected]}`);
    }
    // The lesson's claim on this file: BN keeps training at a higher rate than the plain net.
    const highest = Object.fromEntries(shortSweep.variants.map((variant) => [variant, Math.max(...native.filter((record) => record.variant === variant && record.stable).map((record) => record.cell))]));
    assert.ok(values[highest.as_written] > values[highest.without_batchnorm]);

    // The curves: per variant a dot per run that ended, a cross per divergence, one ring (its mark).
    const curves = await cellElement.locator('bn-sweep-curve .sweep-series').evaluateAll((groups) => groups.map((group) => ({
      variant: group.dataset.variant, dots: group.querySelectorAll('circle:not(.sweep-curve-mark)').length,
      crosses: group.querySelectorAll('path').length, rings: group.querySelectorAll('.sweep-curve-mark').length,
    })));
    assert.deepEqual(curves, shortSweep.variants.map((variant) => ({
      variant,
      dots: native.filter((record) => record.variant === variant && record.status === 'complete').length,
      crosses: native.filter((record) => record.variant === variant && record.status === 'diverged').length,
      rings: 1,
    })));

    await cellElement.screenshot({ path: join(screenshotFolder, 'sweep-grid.png') });
    await page.locator('#page-language').selectOption('ko');
    assert.match(await cellElement.locator('.sweep-grid').innerText(), /단계에서 발산/);
    assert.match(await cellElement.locator('.sweep-highest').innerText(), /안정적으로 학습되는 가장 높은/);
    await cellElement.screenshot({ path: join(screenshotFolder, 'sweep-grid-ko.png') });
    await page.locator('#page-language').selectOption('en');
  });

  test('a bad sweep shows the engine\'s problem at its field, in the page\'s language, and cannot run', async () => {
    const cases = [
      ['an axis path not in the experiment', (sweep) => { sweep.axes[0].path = 'model.layers[9].units'; }, 'axes[0].path', 'json_path_not_found', /has no field “model\.layers\[9\]\.units”/, /필드가 없습니다/],
      ['a value the engine refuses', (sweep) => { sweep.axes[0].values[2] = -1; }, 'axes[0].values[2]', 'expected_number', /expected a number in \(0, .*got -1/, /-1/],
    ];
    for (const [index, [what, damage, path, code, english, korean]] of cases.entries()) {
      const sweep = structuredClone(shortSweep);
      damage(sweep);
      // A cell id per case: with one id, the verdict of the previous notebook's cell (still on
      // the page until the new notebook replaces it) would be taken for this one's.
      const id = `bad-${index}`;
      await openNotebookText(page, sweepNotebook(id, sweep));
      await waitForVerdict(page, id);
      const cellElement = sweepCell(page, id);
      assert.equal(await cellElement.getAttribute('data-state'), 'invalid', what);
      const problem = cellElement.locator('.cell-problems li');
      assert.equal(await problem.getAttribute('data-path'), path, what);
      assert.equal(await problem.getAttribute('data-code'), code, what);
      const text = await problem.innerText();
      assert.ok(text.startsWith(`${path}: `), text);
      assert.match(text, english, what);
      assert.ok(await cellElement.locator('button[data-action="run"]').isDisabled(), what);
      await page.locator('#page-language').selectOption('ko');
      assert.match(await problem.innerText(), korean, what);
      await page.locator('#page-language').selectOption('en');
    }
  });

  test('Stop stops every worker: no run is left training and the rest are not run', async () => {
    // The full preset: its runs are long enough that Stop lands while every worker trains.
    await page.goto(server.url);
    const cellElement = sweepCell(page, 'learning-rate-sweep');
    await waitForVerdict(page, 'learning-rate-sweep');
    await cellElement.locator('button[data-action="run"]').click();
    const workers = await cellElement.evaluate((element) => element.poolSize);
    await page.waitForFunction((count) => {
      const element = document.querySelector('bn-sweep-cell[cell-id="learning-rate-sweep"]');
      return element.busyWorkers === count && element.querySelectorAll('.sweep-grid td[data-status="training"]').length === count;
    }, workers, { polling: 100, timeout: 120_000 });
    await cellElement.locator('button[data-action="stop"]').click();
    await page.waitForFunction(() => document.querySelector('bn-sweep-cell[cell-id="learning-rate-sweep"]').dataset.state === 'idle', null, { polling: 100, timeout: 60_000 });
    assert.equal(await cellElement.evaluate((element) => element.busyWorkers), 0);
    const entries = await gridEntries(page, 'learning-rate-sweep');
    assert.deepEqual(entries.filter((entry) => ['training', 'waiting'].includes(entry.status)), []);
    assert.ok(entries.filter((entry) => entry.status === 'stopped').length >= 1);
    assert.ok(entries.filter((entry) => entry.status === 'not_run').length >= 1);
    assert.ok(await cellElement.locator('button[data-action="stop"]').isDisabled());
    assert.ok(!(await cellElement.locator('button[data-action="run"]').isDisabled()));
    await cellElement.screenshot({ path: join(screenshotFolder, 'sweep-stopped.png') });
  });

  test('nothing went wrong on the page', () => {
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.foreignRequests, []);
  });
});
