// The widgets from a course page on another origin (docs/EMBED.md), in Debian's Chromium: a
// plain HTML page served by another server on another port holds one <script> and one
// <bnlab-experiment> (and, separately, one iframe of embed.html); each trains the lecture's
// compare pair, with no console errors, reports what happened to the host page, and exports
// a model file that the native CLI `bnlab eval` reads and evaluates to the same final metrics.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { startCourseServer } from './support/course_server.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';

const nativeCliPath = join(repositoryRoot, 'build', 'native', 'bnlab');
const endedStatuses = ['complete', 'stopped', 'diverged', 'failed'];
const runStatuses = ['starting', 'training', 'paused', ...endedStatuses];

/**
 * The events of one press of Run have exactly the fields docs/EMBED.md ("Events for hosts")
 * documents: run-started {variants}, progress {runs: [{variant, status, stepsDone, totalSteps}]},
 * run-finished {runs: [{…, final, error}]}, each with version, cellId and experiment.
 */
function assertDocumentedEvents(events, { cellId, experiment, variants }) {
  const common = ['cellId', 'experiment', 'version'];
  const [started, ...rest] = events;
  const finished = rest.at(-1);
  const progress = rest.slice(0, -1);
  assert.equal(started.type, 'bnlab:run-started');
  assert.deepEqual(Object.keys(started.detail).sort(), [...common, 'variants'].sort());
  assert.deepEqual(started.detail, { version: 1, cellId, experiment, variants });
  assert.ok(progress.length > 0, 'at least one bnlab:progress');
  const lastDone = {};
  for (const { type, detail } of progress) {
    assert.equal(type, 'bnlab:progress');
    assert.deepEqual(Object.keys(detail).sort(), [...common, 'runs'].sort());
    assert.deepEqual([detail.version, detail.cellId, detail.experiment], [1, cellId, experiment]);
    assert.deepEqual(detail.runs.map((run) => run.variant), variants);
    for (const run of detail.runs) {
      assert.deepEqual(Object.keys(run).sort(), ['status', 'stepsDone', 'totalSteps', 'variant']);
      assert.ok(runStatuses.includes(run.status), run.status);
      assert.ok(Number.isInteger(run.stepsDone) && run.stepsDone >= (lastDone[run.variant] ?? 0), `${run.variant}: ${run.stepsDone}`);
      assert.ok(run.totalSteps === null || (Number.isInteger(run.totalSteps) && run.stepsDone <= run.totalSteps));
      lastDone[run.variant] = run.stepsDone;
    }
  }
  assert.equal(finished.type, 'bnlab:run-finished');
  assert.deepEqual(Object.keys(finished.detail).sort(), [...common, 'runs'].sort());
  for (const run of finished.detail.runs) {
    assert.deepEqual(Object.keys(run).sort(), ['error', 'final', 'status', 'stepsDone', 'totalSteps', 'variant']);
    assert.ok(endedStatuses.includes(run.status));
    assert.equal(run.stepsDone, run.totalSteps);
    assert.deepEqual(Object.keys(run.final).sort(), ['test', 'train', 'validation']);
    assert.equal(run.error, null);
  }
}

/** Records every bnlab:* event of the page (element events, or the iframe's messages). */
const eventRecorder = `<script>
  window.bnlabHostEvents = [];
  for (const type of ['bnlab:run-started', 'bnlab:progress', 'bnlab:run-finished']) {
    document.addEventListener(type, (event) => window.bnlabHostEvents.push({ type, detail: event.detail, target: event.target.localName }));
  }
</script>`;

function elementPage(site, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Week 3: Batch Normalization</title><link rel="icon" href="data:,">
${eventRecorder}
<script>
  window.globalsBeforeBnlab = Object.getOwnPropertyNames(window);
  window.symbolsBeforeBnlab = Object.getOwnPropertySymbols(window).map(String);
</script>
<script type="module" src="${site}bnlab-element.js"></script>
</head><body><h1>Week 3</h1><p>Run the experiment below.</p>
${body}
</body></html>`;
}

/** The 10-line snippet of docs/EMBED.md that sizes the iframe, plus a recorder for the test. */
function iframePage(site, query) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Week 3 (iframe)</title><link rel="icon" href="data:,"></head><body>
<h1>Week 3</h1>
<iframe id="bnlab" src="${site}embed.html?${query}" style="width: 100%; border: 0" title="bnlab experiment"></iframe>
<script>
  window.bnlabMessages = [];
  const frame = document.getElementById('bnlab');
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || event.origin !== new URL(frame.src).origin) return;
    window.bnlabMessages.push(event.data);
    if (event.data?.type === 'bnlab:height' && event.data.version === 1) frame.style.height = event.data.height + 'px';
  });
</script>
</body></html>`;
}

/** Waits until every run of the widget's cell has ended; `root` is a function body returning the cell's root. */
async function waitForWidgetRuns(page, rootExpression, count) {
  await page.waitForFunction(({ expression, wanted, ended }) => {
    // eslint-disable-next-line no-new-func
    const root = new Function(`return ${expression}`)();
    const runs = root === null ? [] : [...root.querySelectorAll('.run-progress')];
    return runs.length === wanted && runs.every((run) => ended.includes(run.dataset.status));
  }, { expression: rootExpression, wanted: count, ended: endedStatuses }, { timeout: 180_000, polling: 500 });
}

/** Saves the download a click starts, and returns its path. */
async function download(page, locator, folder) {
  const [started] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const path = join(folder, started.suggestedFilename());
  await started.saveAs(path);
  return path;
}

/** `bnlab eval MODEL.json` → {split: evaluation record}. */
function nativeEvaluation(modelPath) {
  const output = execFileSync(nativeCliPath, ['eval', modelPath], { encoding: 'utf8' });
  return Object.fromEntries(output.trim().split('\n').map((line) => JSON.parse(line)).map((record) => [record.split, record]));
}

describe('the widgets on a course page of another origin', () => {
  let site;
  let course;
  let browser;
  let downloads;

  before(async () => {
    assert.ok(existsSync(nativeCliPath), `${nativeCliPath} is missing: build it with bash scripts/build-native.sh`);
    site = await startSiteServer();
    course = await startCourseServer({
      '/element.html': { body: elementPage(site.url, `<bnlab-experiment src="${site.url}examples/mnist-compare.json"></bnlab-experiment>`) },
      '/iframe.html': { body: iframePage(site.url, 'notebook=notebooks/lecture.md&cell=lecture&hideText') },
    });
    browser = await launchBrowser();
    downloads = await mkdtemp(join(tmpdir(), 'bnlab-downloads-'));
  });

  after(async () => {
    await browser?.close();
    await course?.stop();
    await site?.stop();
    if (downloads) await rm(downloads, { recursive: true, force: true });
  });

  test('one <script> and one <bnlab-experiment> train the compare pair; the model file passes bnlab eval', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, course.url);
    await page.goto(`${course.url}element.html`);
    const widget = page.locator('bnlab-experiment');
    await widget.locator('button[data-action="run"]').click();
    await waitForWidgetRuns(page, "document.querySelector('bnlab-experiment').shadowRoot", 2);

    const statuses = await widget.locator('.run-progress').evaluateAll((runs) => runs.map((run) => [run.dataset.variant, run.dataset.status]));
    assert.deepEqual(Object.fromEntries(statuses), { as_written: 'complete', without_batchnorm: 'complete' });
    // The host page's own globals are untouched: the script added the element, not a single
    // name or symbol — also once the experiment file view has loaded its editor (CodeMirror).
    await widget.locator('details.experiment-file summary').click();
    await widget.locator('.json-editor[data-ready="true"] .cm-content').waitFor();
    const added = await page.evaluate(() => [
      ...Object.getOwnPropertyNames(window).filter((name) => !window.globalsBeforeBnlab.includes(name) && !['globalsBeforeBnlab', 'symbolsBeforeBnlab'].includes(name)),
      ...Object.getOwnPropertySymbols(window).map(String).filter((name) => !window.symbolsBeforeBnlab.includes(name)),
    ]);
    assert.deepEqual(added, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.failedRequests, []);
    // Everything bnlab needed came from bnlab's server (cross-origin from the course page).
    assert.ok(problems.foreignRequests.some((url) => url.endsWith('/engine/bnlab-engine.wasm')), 'the engine came from the bnlab site');
    assert.ok(problems.foreignRequests.every((url) => url.startsWith(site.url)), problems.foreignRequests.join('\n'));

    const events = await page.evaluate(() => window.bnlabHostEvents);
    assertDocumentedEvents(events, { cellId: 'experiment', experiment: 'mnist-compare', variants: ['as_written', 'without_batchnorm'] });
    const finished = events.at(-1).detail;
    assert.equal(finished.version, 1);
    assert.equal(events.at(-1).target, 'bnlab-experiment');
    assert.deepEqual(finished.runs.map((run) => run.variant), ['as_written', 'without_batchnorm']);

    for (const run of finished.runs) {
      const modelPath = await download(page, widget.locator(`button[data-action="export-model"][data-variant="${run.variant}"]`), downloads);
      const model = JSON.parse(await readFile(modelPath, 'utf8'));
      assert.equal(model.format, 'bnlab-model');
      assert.equal(model.trained_steps, run.stepsDone);
      const hasBatchNorm = model.model.layers.some((layer) => layer.type === 'batchnorm');
      assert.equal(hasBatchNorm, run.variant === 'as_written');
      if (hasBatchNorm) assert.ok(Object.keys(model.tensors).some((name) => name.endsWith('.running_variance')));
      // The native CLI evaluates the exported weights to the widget's own final numbers.
      const evaluation = nativeEvaluation(modelPath);
      assert.ok(Math.abs(evaluation.test.accuracy - run.final.test.accuracy) <= 0.002, `${run.variant}: ${evaluation.test.accuracy} vs ${run.final.test.accuracy}`);
      assert.ok(Math.abs(evaluation.test.loss - run.final.test.loss) <= 1e-3 * Math.max(1, run.final.test.loss));
    }

    // The curves as CSV: a row per point of the loss curve on screen and per evaluation; the plots as PNG.
    const csvPath = await download(page, widget.locator('button[data-action="export-csv"][data-variant="as_written"]'), downloads);
    const rows = (await readFile(csvPath, 'utf8')).trim().split('\n').map((line) => line.split(','));
    assert.deepEqual(rows[0], ['record', 'split', 'step', 'final', 'loss', 'accuracy', 'mae', 'mse', 'rmse', 'rmsle', 'r2']);
    const lossPoints = await widget.locator('bn-curve-plot.loss-plot').evaluate((plot) => plot.pointCounts[0]);
    assert.ok(lossPoints >= Math.floor(finished.runs[0].totalSteps / 10));
    assert.equal(rows.filter((row) => row[0] === 'loss').length, lossPoints);
    const finalTest = rows.find((row) => row[0] === 'evaluation' && row[1] === 'test' && row[3] === 'true');
    assert.equal(Number(finalTest[5]), finished.runs[0].final.test.accuracy);
    const pngPath = await download(page, widget.locator('button[data-action="export-plots"]'), downloads);
    assert.deepEqual([...(await readFile(pngPath)).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    // Import the trained model with BN: the next Run continues from it. Its first evaluation
    // (step 0, before any update) already has the trained accuracy; the network without BN is
    // another architecture, which the engine refuses for that run, naming the model file.
    const trained = finished.runs[0];
    await widget.locator('[data-action="import-model"] input[type="file"]').setInputFiles(join(downloads, 'experiment-as_written.model.json'));
    await widget.locator('.model-imported').waitFor();
    await widget.locator('button[data-action="run"]').click();
    await page.waitForFunction(() => window.bnlabHostEvents.filter((event) => event.type === 'bnlab:run-finished').length === 2, null, { timeout: 180_000 });
    const again = (await page.evaluate(() => window.bnlabHostEvents)).filter((event) => event.type === 'bnlab:run-finished')[1].detail;
    assert.deepEqual(again.runs.map((run) => [run.variant, run.status]), [['as_written', 'complete'], ['without_batchnorm', 'failed']]);
    assert.match(again.runs[1].error.name, /ModelFileError|ConfigError/);
    const reportPath = await download(page, widget.locator('button[data-action="export-report"]'), downloads);
    const report = JSON.parse(await readFile(reportPath, 'utf8'));
    const validation = report.variants[0].records.evaluations.validation;
    assert.equal(validation.step[0], 0);
    assert.ok(validation.accuracy[0] > 0.8 && Math.abs(validation.accuracy[0] - trained.final.validation.accuracy) < 0.02,
      `step 0 of the continued run: ${validation.accuracy[0]}, the trained model: ${trained.final.validation.accuracy}`);
    await page.close();
  });

  test('one iframe of embed.html trains the lecture cell, sizes itself and posts the events', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, course.url);
    await page.goto(`${course.url}iframe.html`);
    const frame = page.frameLocator('#bnlab');
    await frame.locator('button[data-action="run"]').click();
    await page.waitForFunction(() => window.bnlabMessages.some((message) => message.type === 'bnlab:run-finished'), null, { timeout: 180_000 });

    // The messages and the frame's height are read in one turn of the host page: the frame keeps
    // growing after run-finished (its results table renders), so two reads could see two heights.
    const { messages, frameHeight } = await page.evaluate(() => ({
      messages: window.bnlabMessages.slice(),
      frameHeight: document.getElementById('bnlab').getBoundingClientRect().height,
    }));
    const heights = messages.filter((message) => message.type === 'bnlab:height');
    assert.ok(heights.length > 0 && heights.every((message) => message.version === 1 && Number.isInteger(message.height) && message.height > 0));
    assert.equal(Math.round(frameHeight), heights.at(-1).height);
    const finished = messages.find((message) => message.type === 'bnlab:run-finished');
    const hostEvents = messages.filter((message) => message.type !== 'bnlab:height')
      .map(({ type, ...detail }) => ({ type, detail }));
    assertDocumentedEvents(hostEvents, { cellId: 'lecture', experiment: finished.experiment, variants: ['as_written', 'without_batchnorm'] });
    assert.equal(finished.version, 1);
    assert.equal(finished.cellId, 'lecture');
    assert.deepEqual(finished.runs.map((run) => [run.variant, run.status]), [['as_written', 'complete'], ['without_batchnorm', 'complete']]);
    assert.ok(finished.runs.every((run) => run.final.test.accuracy > 0.5));
    // hideText: the lecture cell's heading and description are not shown.
    assert.equal(await frame.locator('.cell-header').isVisible(), false);
    assert.equal(await frame.locator('bn-experiment-cell').isVisible(), true);

    const modelPath = await download(page, frame.locator('button[data-action="export-model"][data-variant="as_written"]'), downloads);
    const evaluation = nativeEvaluation(modelPath);
    assert.ok(Math.abs(evaluation.test.accuracy - finished.runs[0].final.test.accuracy) <= 0.002);

    // Messages from the host: a wrong shape is dropped; the documented ones are obeyed. The
    // frame handles messages in order, so the height reply proves the bad ones were read first.
    const count = (type) => page.evaluate((wanted) => window.bnlabMessages.filter((message) => message.type === wanted).length, type);
    const startedBefore = await count('bnlab:run-started');
    const heightsBefore = await count('bnlab:height');
    await page.evaluate(() => {
      const target = document.getElementById('bnlab').contentWindow;
      for (const bad of [{ type: 'bnlab:run' }, { type: 'bnlab:run', version: 2 }, { type: 'bnlab:run', version: 1, then: 'alert(1)' }, 'bnlab:run']) target.postMessage(bad, '*');
      target.postMessage({ type: 'bnlab:request-height', version: 1 }, '*');
    });
    await page.waitForFunction((before) => window.bnlabMessages.filter((message) => message.type === 'bnlab:height').length > before, heightsBefore);
    assert.equal(await count('bnlab:run-started'), startedBefore);
    await page.evaluate(() => document.getElementById('bnlab').contentWindow.postMessage({ type: 'bnlab:run', version: 1 }, '*'));
    await page.waitForFunction((before) => window.bnlabMessages.filter((message) => message.type === 'bnlab:run-started').length > before, startedBefore);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
