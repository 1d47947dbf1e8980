// The engine's problems are explained next to the form field and keep Run disabled; a diverging
// run is shown as "diverged at step k", not as a broken plot.

import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import {
  button, cell, cellExperiment, cellProblems, controlId, engineVerdict, plotPointCounts, runProgress, setSetting, settingProblem,
  summaryTable, waitForRunsToEnd,
} from './support/notebook_page.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';

const spiralsFile = JSON.parse(await readFile(join(repositoryRoot, 'examples', 'spirals-compare.json'), 'utf8'));
// The playground's spirals file with ReLU in its three hidden blocks, learning rate 3, 1000
// steps and the loss of every step: a link may change any field of the file.
const divergingLink = [
  'playground.model.layers[2].type=relu', 'playground.model.layers[5].type=relu', 'playground.model.layers[8].type=relu',
  'playground.optimizer.learning_rate=3', 'playground.training.steps=1000', 'playground.training.log_every=1',
].map((pair) => pair.replace('[', '%5B').replace(']', '%5D')).join('&');

const screenshotFolder = join(repositoryRoot, 'tests', 'output', 'screenshots');

describe('settings and divergence', () => {
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

  test('the engine’s problems are shown at the form field they are about, and Run waits until they are fixed', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(server.url);
    const run = button(page, 'playground', 'run');
    await run.waitFor();
    assert.equal(await engineVerdict(page, 'playground'), true);
    assert.equal(await run.isEnabled(), true);

    // The page has no rules of its own: 0 goes into the file, and the engine says what is wrong.
    await setSetting(page, 'playground', 'training.batch_size', '0');
    assert.equal(await engineVerdict(page, 'playground'), false);
    assert.match(await settingProblem(page, 'playground', 'training.batch_size'), /^training\.batch_size: /);
    assert.equal(await page.locator(`#${controlId('playground', 'training.batch_size')}`).getAttribute('aria-invalid'), 'true');
    assert.equal(await run.isEnabled(), false);
    assert.match(await cell(page, 'playground').locator('.run-blocked').innerText(), /Fix the settings/);
    assert.deepEqual((await cellProblems(page, 'playground')).map((problem) => problem.path), ['training.batch_size']);

    await setSetting(page, 'playground', 'training.batch_size', '32');
    await setSetting(page, 'playground', 'optimizer.learning_rate', 'fast');
    assert.equal(await engineVerdict(page, 'playground'), false);
    assert.match(await settingProblem(page, 'playground', 'optimizer.learning_rate'), /^optimizer\.learning_rate: /);
    assert.equal(await settingProblem(page, 'playground', 'training.batch_size'), '');

    await setSetting(page, 'playground', 'optimizer.learning_rate', '0.5');
    assert.equal(await engineVerdict(page, 'playground'), true);
    assert.equal(await settingProblem(page, 'playground', 'optimizer.learning_rate'), '');
    assert.equal(await run.isEnabled(), true);
    // Back to the file as written: the form changed the values and nothing else.
    assert.deepEqual(await cellExperiment(page, 'playground'), spiralsFile);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
  });

  test('a huge learning rate without BN diverges and says so; the run with BN carries on', async (t) => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    // ReLU and learning rate 3: the plain network's loss overflows after a few dozen steps,
    // while the network with BN learns the spirals (the brief's "higher usable learning rate").
    await page.goto(`${server.url}#${divergingLink}`);
    await button(page, 'playground', 'run').click();
    await waitForRunsToEnd(page, 'playground');

    const progress = await runProgress(page, 'playground');
    assert.equal(progress.as_written.status, 'complete');
    assert.equal(progress.without_batchnorm.status, 'diverged');
    const message = await cell(page, 'playground').locator('.run-progress[data-variant="without_batchnorm"] .divergence').innerText();
    t.diagnostic(message);
    assert.match(message, /^Without BN: diverged at step \d+/);

    // The plot shows the points before the divergence and a marker, no NaN, and the table says it.
    const counts = await plotPointCounts(page, 'playground');
    assert.ok(counts.loss[0] === 1000 && counts.loss[1] > 0 && counts.loss[1] < 1000, `loss points ${counts.loss}`);
    const table = await summaryTable(page, 'playground');
    assert.equal(typeof table.as_written['test accuracy'], 'number');
    assert.equal(table.without_batchnorm['test accuracy'], null);
    assert.match(await cell(page, 'playground').locator('.summary-table thead').innerText(), /diverged/);
    await mkdir(screenshotFolder, { recursive: true });
    await cell(page, 'playground').locator('.cell-outputs').screenshot({ path: join(screenshotFolder, 'divergence.png') });
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });
});
