// Export and import of a cell's files on the notebook page, in Chromium (docs/EMBED.md, "Export"):
// "Plots (PNG)" saves every plot of the cell — each file opens as a PNG of that plot's size; a
// model file imported only to be evaluated ("Evaluate it") gives, without a single training
// step, the metrics the run that made it ended with; a damaged model file (not JSON) and a
// foreign one (JSON, not a model the engine can read) each give a clear message in the cell.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { button, cell, waitForRunsToEnd } from './support/notebook_page.mjs';
import { startSiteServer } from './support/site_server.mjs';

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** {variant: {status, stepsDone, final, error}} of the cell's latest runs. */
function runResults(page, cellId) {
  return cell(page, cellId).evaluate((element) => Object.fromEntries(element.runResults.map((run) => [run.variant, {
    status: run.status, stepsDone: run.progress?.stepsDone ?? 0, final: run.summary?.final ?? null, error: run.error,
  }])));
}

describe('export and import of a cell', () => {
  let site;
  let browser;
  let downloads;

  before(async () => {
    site = await startSiteServer();
    browser = await launchBrowser();
    downloads = await mkdtemp(join(tmpdir(), 'bnlab-export-'));
  });

  after(async () => {
    await browser?.close();
    await site?.stop();
    if (downloads) await rm(downloads, { recursive: true, force: true });
  });

  test('every plot as PNG; a model file evaluated without training; damaged and foreign model files', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, site.url);
    await page.goto(`${site.url}#playground.training.steps=200`);
    await button(page, 'playground', 'run').click();
    await waitForRunsToEnd(page, 'playground');
    const trained = await runResults(page, 'playground');
    assert.deepEqual(Object.values(trained).map((run) => run.status), ['complete', 'complete']);

    // Plots (PNG): one file per plot on screen — the curves and each run's decision boundary.
    const plots = await cell(page, 'playground').evaluate((element) => [...element.querySelectorAll('bn-curve-plot canvas, canvas.boundary-canvas, canvas.heatmap')]
      .map((canvas) => [canvas.width, canvas.height]));
    assert.ok(plots.length >= 4, `loss, evaluation and two decision boundaries at least: ${plots.length}`);
    const saved = [];
    const saving = [];
    const onDownload = (download) => saving.push((async () => {
      const path = join(downloads, download.suggestedFilename());
      await download.saveAs(path);
      saved.push(path);
    })());
    page.on('download', onDownload);
    await cell(page, 'playground').locator('button[data-action="export-plots"]').click();
    // One click, one download per plot: wait until that many have started (or give up after 30 s).
    for (let waited = 0; saving.length < plots.length && waited < 300; waited += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all(saving);
    page.off('download', onDownload);
    const names = saved.map((path) => path.slice(downloads.length + 1)).sort();
    assert.equal(new Set(names).size, plots.length, names.join(', '));
    assert.ok(names.some((name) => /^playground-plot\d+-loss\.png$/.test(name)), names.join(', '));
    assert.ok(names.some((name) => /^playground-plot\d+-evaluation\.png$/.test(name)), names.join(', '));
    assert.equal(names.filter((name) => /-boundary\.png$/.test(name)).length, 2, names.join(', '));
    const sizes = [];
    for (const path of saved) {
      const bytes = await readFile(path);
      assert.deepEqual([...bytes.subarray(0, 8)], pngSignature, path);
      assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR', path);
      sizes.push([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]);
    }
    // Each file is one of the plots on screen, at its size.
    assert.deepEqual(sizes.map(String).sort(), plots.map(String).sort());

    // The trained model with BN, imported and evaluated: no step trained, the trained run's metrics.
    const [modelDownload] = await Promise.all([page.waitForEvent('download'),
      cell(page, 'playground').locator('button[data-action="export-model"][data-variant="as_written"]').click()]);
    const modelPath = join(downloads, modelDownload.suggestedFilename());
    await modelDownload.saveAs(modelPath);
    const importer = cell(page, 'playground').locator('[data-action="import-model"] input[type="file"]');
    await importer.setInputFiles(modelPath);
    await cell(page, 'playground').locator('.model-imported').waitFor();
    await button(page, 'playground', 'evaluate-model').click();
    await page.waitForFunction(() => {
      const element = document.querySelector('bn-experiment-cell[cell-id="playground"]');
      return !element.busy && element.runResults.every((run) => ['stopped', 'failed'].includes(run.status));
    }, null, { timeout: 120_000, polling: 250 });
    const evaluated = await runResults(page, 'playground');
    assert.equal(evaluated.as_written.status, 'stopped');
    assert.equal(evaluated.as_written.stepsDone, 0);
    for (const split of ['train', 'validation', 'test']) {
      assert.equal(evaluated.as_written.final[split].accuracy, trained.as_written.final[split].accuracy, split);
      assert.ok(Math.abs(evaluated.as_written.final[split].loss - trained.as_written.final[split].loss) <= 1e-6 * Math.max(1, trained.as_written.final[split].loss), split);
    }
    // The network without BN is another architecture: the engine refuses the file for it, by name.
    assert.equal(evaluated.without_batchnorm.status, 'failed');
    assert.match(evaluated.without_batchnorm.error.name, /ModelFileError|ConfigError/);
    assert.ok((await cell(page, 'playground').locator('.run-progress[data-variant="without_batchnorm"] .run-message.failure').innerText()).length > 20);
    // The table shows the evaluated metrics.
    assert.equal(await cell(page, 'playground').locator('.summary-table').count(), 1);

    // A damaged file (cut off: not JSON): a message naming it; nothing is imported.
    await button(page, 'playground', 'forget-model').click();
    await importer.setInputFiles({ name: 'cut.model.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "bnlab-model", "version": 1, "tens') });
    const notice = cell(page, 'playground').locator('.cell-notice');
    await notice.waitFor();
    assert.equal(await notice.innerText(), 'cut.model.json is not a model file (JSON).');
    assert.equal(await cell(page, 'playground').locator('.model-imported').count(), 0);

    // A foreign file (JSON, not a bnlab model): read, then refused by the engine with its reason.
    await importer.setInputFiles({ name: 'foreign.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "keras-model", "layers": []}') });
    await cell(page, 'playground').locator('.model-imported').waitFor();
    await button(page, 'playground', 'evaluate-model').click();
    await page.waitForFunction(() => {
      const element = document.querySelector('bn-experiment-cell[cell-id="playground"]');
      return !element.busy && element.runResults.length === 2 && element.runResults.every((run) => run.status === 'failed');
    }, null, { timeout: 120_000, polling: 250 });
    const refused = await runResults(page, 'playground');
    for (const run of Object.values(refused)) assert.match(run.error.name, /ModelFileError/);
    const message = await cell(page, 'playground').locator('.run-progress[data-variant="as_written"] .run-message.failure').innerText();
    assert.match(message, /format/);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
