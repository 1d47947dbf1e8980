// The lessons notebook (notebooks/lessons.md) in Chromium: it reads without a notice, has all
// its text in both languages, and each of its cells runs (shortened through the link's diff,
// which the page applies as it would any learner's link) and draws the view its claim is read
// from — per-layer gradients for both runs of the deep sigmoid cell, the mode gap, running
// statistics and BN folding (two layers folded, the same outputs) for the train-vs-eval cell;
// the batch-size sweep's grid, its preset accepted by the engine and a shortened copy run to
// the last cell. The claims themselves are asserted on the full presets by
// tests/native/lessons/. Screenshots go to tests/output/screenshots.

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
    assert.deepEqual(lessons.cells.filter((cell) => cell.type !== 'markdown').map((cell) => cell.id), ['deep', 'modes', 'momentum-sweep', 'regularization', 'regularization-sweep', 'placement', 'input-normalization', 'input-normalization-sweep', 'outliers-sweep', 'cnn', 'small-batch-sweep', 'counters', 'activations']);
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

      // BN folding for inference: the engine folds the trained model's two BatchNorm layers
      // into the dense layers before them and compares both networks on the test set.
      const foldRow = page.locator('bn-experiment-cell[cell-id="modes"] .fold-table tr[data-variant="as_written"][data-folded]');
      await page.locator('bn-experiment-cell[cell-id="modes"] [data-action="fold-batchnorm"]').click();
      await foldRow.waitFor({ timeout: 60_000 });
      assert.equal(await foldRow.getAttribute('data-folded'), '2');
      const difference = Number(await foldRow.getAttribute('data-difference'));
      assert.ok(difference >= 0 && difference < 1e-4, `largest output difference ${difference}`);
      assert.match(await foldRow.textContent(), /\(layers 7 → 5\)[\s\S]*1,996 test samples[\s\S]*same outputs, up to float rounding/);

      await page.locator('bn-experiment-cell[cell-id="deep"]').screenshot({ path: join(screenshotFolder, 'lessons-deep.png') });
      await page.locator('bn-experiment-cell[cell-id="modes"]').screenshot({ path: join(screenshotFolder, 'lessons-modes.png') });
      assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
      await page.close();
    });

    test('in Korean, a BatchNorm the engine cannot fold is listed with its reason in Korean', async () => {
      // The link turns off the second BatchNorm's running statistics: the engine folds the
      // first and keeps the second, and the page words the engine's code in Korean.
      const page = await browser.context.newPage();
      const problems = watchPage(page, server.url);
      const changes = ['lang=ko', 'modes.training.epochs=1', 'modes.model.layers%5B4%5D.track_running_stats=false'];
      await page.goto(`${server.url}?notebook=notebooks/lessons.md#${changes.join('&')}`);
      await button(page, 'modes', 'run').waitFor();
      assert.deepEqual(await cellProblems(page, 'modes'), []);
      await button(page, 'modes', 'run').click();
      await waitForRunsToEnd(page, 'modes', 180_000);
      const foldRow = page.locator('bn-experiment-cell[cell-id="modes"] .fold-table tr[data-variant="as_written"][data-folded]');
      await page.locator('bn-experiment-cell[cell-id="modes"] [data-action="fold-batchnorm"]').click();
      await foldRow.waitFor({ timeout: 60_000 });
      assert.equal(await foldRow.getAttribute('data-folded'), '1');
      const kept = foldRow.locator('.fold-kept li');
      assert.deepEqual(await kept.evaluateAll((items) => items.map((item) => item.dataset.because)), ['no_running_statistics']);
      assert.match(await kept.first().textContent(), /^model\.layers\[4\]는 이동 평균 통계를 두지 않습니다/);
      assert.match(await foldRow.textContent(), /그대로 둔 BatchNorm 1개/);
      assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
      await page.close();
    });

    test('the regularization, placement, CNN and input-normalization cells run shortened; the regularization sweep runs whole and shows BN ahead of no regularization', async () => {
      const page = await browser.context.newPage();
      const problems = watchPage(page, server.url);
      const shortened = ['regularization.training.epochs=2', 'placement.training.steps=60', 'cnn.training.steps=20', 'input-normalization.training.epochs=2'];
      await page.goto(`${server.url}?notebook=notebooks/lessons.md#${shortened.join('&')}`);
      for (const cellId of ['regularization', 'placement', 'cnn', 'input-normalization']) {
        await button(page, cellId, 'run').waitFor();
        assert.deepEqual(await cellProblems(page, cellId), [], `${cellId}: the shortened experiment is valid`);
      }

      await button(page, 'placement', 'run').click();
      await waitForRunsToEnd(page, 'placement', 180_000);
      const placementRuns = await page.locator('bn-experiment-cell[cell-id="placement"] .run-progress')
        .evaluateAll((runs) => runs.map((run) => [run.dataset.variant, run.dataset.status]));
      assert.deepEqual(placementRuns, [['batchnorm_before_activation', 'complete'], ['batchnorm_after_activation', 'complete'], ['without_batchnorm', 'complete']]);

      for (const cellId of ['cnn', 'input-normalization']) {
        await button(page, cellId, 'run').click();
        await waitForRunsToEnd(page, cellId, 180_000);
        const statuses = await page.locator(`bn-experiment-cell[cell-id="${cellId}"] .run-progress`).evaluateAll((runs) => runs.map((run) => run.dataset.status));
        assert.ok(statuses.length > 0 && statuses.every((status) => status === 'complete'), `${cellId}: ${statuses}`);
      }
      assert.match(await page.locator('bn-experiment-cell[cell-id="input-normalization"] bn-summary-table').textContent(), /RMSLE/i);

      await button(page, 'regularization', 'run').click();
      await waitForRunsToEnd(page, 'regularization', 180_000);
      const tableText = await page.locator('bn-experiment-cell[cell-id="regularization"] bn-summary-table').textContent();
      assert.match(tableText, /train/i);
      assert.match(tableText, /test/i);

      // The sweep, unshortened (6 runs of 1 250 steps): every grid row is named by the sweep's
      // labels, and the page shows what the lesson says — BN alone ahead of no regularization.
      const sweep = page.locator('bn-sweep-cell[cell-id="regularization-sweep"]');
      await page.waitForFunction(() => document.querySelector('bn-sweep-cell[cell-id="regularization-sweep"]')?.dataset.state === 'idle', null, { polling: 100, timeout: 60_000 });
      const rowNames = await sweep.locator('.sweep-grid tbody th[scope="row"]').allTextContents();
      assert.deepEqual(rowNames.map((name) => name.trim()), ['none · no L2', 'none · L2 0.005', 'BatchNorm · no L2', 'BatchNorm · L2 0.005', 'dropout 0.5 · no L2', 'dropout 0.5 · L2 0.005']);
      await sweep.locator('button[data-action="run"]').click();
      await page.waitForFunction(() => {
        const entries = [...document.querySelectorAll('bn-sweep-cell[cell-id="regularization-sweep"] .sweep-grid td')];
        return entries.length === 6 && entries.every((entry) => ['complete', 'diverged', 'failed', 'stopped'].includes(entry.dataset.status));
      }, null, { polling: 250, timeout: 600_000 });
      const entries = await sweep.locator('.sweep-grid td').evaluateAll((cells) => cells.map((cell) => ({ cell: Number(cell.dataset.cell), status: cell.dataset.status, value: Number(cell.dataset.value) })));
      assert.ok(entries.every((entry) => entry.status === 'complete'), JSON.stringify(entries));
      const accuracy = (cell) => entries.find((entry) => entry.cell === cell).value;
      assert.ok(accuracy(2) > accuracy(0), `BatchNorm ${accuracy(2)} against none ${accuracy(0)}`);
      await sweep.screenshot({ path: join(screenshotFolder, 'lessons-regularization-sweep.png') });
      assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
      await page.close();
    });

    test('the foundations and momentum sweeps run whole: raw inputs diverge, standardized fit best; L1 fits the line through the outliers; Keras\'s momentum lags early', async () => {
      const page = await browser.context.newPage();
      const problems = watchPage(page, server.url);
      await page.goto(`${server.url}?notebook=notebooks/lessons.md`);
      const results = {};
      for (const cellId of ['input-normalization-sweep', 'outliers-sweep', 'momentum-sweep']) {
        const sweep = page.locator(`bn-sweep-cell[cell-id="${cellId}"]`);
        await page.waitForFunction((id) => document.querySelector(`bn-sweep-cell[cell-id="${id}"]`)?.dataset.state === 'idle', cellId, { polling: 100, timeout: 60_000 });
        if (cellId !== 'momentum-sweep') assert.match(await sweep.locator('.sweep-grid caption').textContent(), /R²|r2/i, `${cellId} shows R²`);
        await sweep.locator('button[data-action="run"]').click();
        await page.waitForFunction((id) => {
          const entries = [...document.querySelectorAll(`bn-sweep-cell[cell-id="${id}"] .sweep-grid td`)];
          return entries.length > 0 && entries.every((entry) => ['complete', 'diverged', 'failed', 'stopped'].includes(entry.dataset.status));
        }, cellId, { polling: 250, timeout: 300_000 });
        results[cellId] = {
          rows: (await sweep.locator('.sweep-grid tbody th[scope="row"]').allTextContents()).map((name) => name.trim()),
          entries: await sweep.locator('.sweep-grid td').evaluateAll((cells) => cells.map((cell) => ({
            status: cell.dataset.status, value: cell.dataset.value === '' ? null : Number(cell.dataset.value), text: cell.textContent.replace(/\s+/g, ' ').trim(),
          }))),
        };
      }
      const scaling = results['input-normalization-sweep'];
      assert.deepEqual(scaling.rows, ['raw', 'min-max to [0, 1]', 'standardized']);
      assert.deepEqual(scaling.entries.map((entry) => entry.status), ['diverged', 'complete', 'complete']);
      assert.match(scaling.entries[0].text, /diverged at step \d/);
      assert.ok(scaling.entries[2].value > scaling.entries[1].value && scaling.entries[2].value > 0.98, JSON.stringify(scaling.entries));
      const outliers = results['outliers-sweep'];
      assert.deepEqual(outliers.rows, ['L2: mean squared error', 'L1: mean absolute error']);
      assert.deepEqual(outliers.entries.map((entry) => entry.status), ['complete', 'complete']);
      assert.ok(outliers.entries[1].value > 0.98 && outliers.entries[1].value - outliers.entries[0].value > 0.3, JSON.stringify(outliers.entries));
      // The momentum sweep: Keras's convention lags in eval mode early on and catches up by 200 steps.
      const momentum = results['momentum-sweep'];
      assert.equal(momentum.rows.length, 10);
      assert.match(momentum.rows[1], /^PyTorch 0\.1 · 50$/);
      assert.match(momentum.rows[6], /^Keras 0\.99 \(0\.01 here\) · 50$/);
      assert.ok(momentum.entries[1].value - momentum.entries[6].value > 0.1, JSON.stringify(momentum.entries));
      assert.ok(Math.abs(momentum.entries[3].value - momentum.entries[8].value) < 0.02, JSON.stringify(momentum.entries));
      assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
      await page.close();
    });

    test('the small-batch sweep cell: the engine accepts its preset, and shortened it fills the grid of every normalization × batch size', async (t) => {
      const page = await browser.context.newPage();
      const problems = watchPage(page, server.url);
      const cellId = 'small-batch-sweep';
      const sweepCell = (id) => page.locator(`bn-sweep-cell[cell-id="${id}"]`);
      const verdict = (id) => page.waitForFunction((name) => ['idle', 'invalid'].includes(document.querySelector(`bn-sweep-cell[cell-id="${name}"]`)?.dataset.state), id, { polling: 100, timeout: 60_000 });
      await page.goto(`${server.url}?notebook=notebooks/lessons.md`);
      await sweepCell(cellId).waitFor();
      await verdict(cellId);
      assert.equal(await sweepCell(cellId).getAttribute('data-state'), 'idle', 'the engine accepts the preset');
      const preset = JSON.parse(await readFile(join(repositoryRoot, 'examples', 'sweeps', 'small-batch.json'), 'utf8'));
      const runs = preset.axes[0].values.length * preset.axes[1].values.length;
      assert.equal(await sweepCell(cellId).locator('.sweep-grid tbody tr').count(), runs);

      // The same sweep with its experiment inline and 20 steps a run, opened as a notebook file.
      const experiment = JSON.parse(await readFile(join(repositoryRoot, 'examples', 'small-batch.json'), 'utf8'));
      const shortened = { ...preset, experiment: { ...experiment, training: { ...experiment.training, steps: 20 } } };
      const fence = '```';
      const text = `# Small batches\n\n${fence}bnlab\n${JSON.stringify({ id: 'short-batches', sweep: shortened })}\n${fence}\n`;
      await page.locator('input[data-action="open-notebook"]').setInputFiles({ name: 'short.md', mimeType: 'text/markdown', buffer: Buffer.from(text) });
      await verdict('short-batches');
      const shortCell = sweepCell('short-batches');
      assert.equal(await shortCell.getAttribute('data-state'), 'idle');
      await shortCell.locator('button[data-action="run"]').click();
      await page.waitForFunction(() => {
        const entries = [...document.querySelectorAll('bn-sweep-cell[cell-id="short-batches"] .sweep-grid td')];
        return entries.length > 0 && entries.every((entry) => ['complete', 'diverged', 'failed', 'stopped'].includes(entry.dataset.status));
      }, null, { polling: 250, timeout: 600_000 });
      const entries = await shortCell.locator('.sweep-grid td').evaluateAll((cells) => cells.map((entry) => ({ status: entry.dataset.status, value: Number(entry.dataset.value) })));
      assert.equal(entries.length, runs);
      for (const entry of entries) {
        assert.equal(entry.status, 'complete');
        assert.ok(entry.value > 0 && entry.value <= 1, `a test accuracy, got ${entry.value}`);
      }
      const rows = await shortCell.locator('.sweep-grid tbody th').allTextContents();
      t.diagnostic(rows.map((row, index) => `${row.trim()}: ${entries[index].value}`).join(' | '));
      for (const name of ['batchnorm', 'layernorm', 'groupnorm']) assert.equal(rows.filter((row) => row.includes(name)).length, preset.axes[1].values.length, name);
      await shortCell.screenshot({ path: join(screenshotFolder, 'lessons-small-batch.png') });
      assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
      await page.close();
    });
  });
});
