// Invalid settings are explained next to their control and keep Run disabled; a diverging run
// is shown as "diverged at step k: loss became NaN", not as a broken plot.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import {
  button, cell, plotPointCounts, runProgress, setSetting, settingProblem, summaryTable, waitForRunsToEnd,
} from './support/notebook_page.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';

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

  test('invalid settings are explained next to the control and Run waits until they are fixed', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(server.url);
    const run = button(page, 'playground', 'run');
    await run.waitFor();
    assert.equal(await run.isEnabled(), true);

    await setSetting(page, 'playground', 'batchSize', '0');
    assert.equal(await settingProblem(page, 'playground', 'batchSize'), 'Enter a whole number from 1 to 700.');
    assert.equal(await page.locator('#playground-batchSize').getAttribute('aria-invalid'), 'true');
    assert.equal(await run.isEnabled(), false);
    assert.match(await cell(page, 'playground').locator('.run-blocked').innerText(), /Fix the settings/);

    await setSetting(page, 'playground', 'learningRate', 'fast');
    assert.equal(await settingProblem(page, 'playground', 'learningRate'), 'Enter a number, e.g. 0.1 or 1e-3.');

    await setSetting(page, 'playground', 'batchSize', '32');
    await setSetting(page, 'playground', 'learningRate', '0.5');
    assert.equal(await settingProblem(page, 'playground', 'batchSize'), '');
    assert.equal(await settingProblem(page, 'playground', 'learningRate'), '');
    assert.equal(await run.isEnabled(), true);

    // Rules between settings: comparing needs BN; a last mini-batch of one sample breaks BN.
    await setSetting(page, 'playground', 'batchNorm', 'off');
    assert.match(await settingProblem(page, 'playground', 'compare'), /A comparison needs BatchNorm/);
    assert.equal(await run.isEnabled(), false);
    await setSetting(page, 'playground', 'compare', false);
    assert.equal(await run.isEnabled(), true);
    await setSetting(page, 'playground', 'batchNorm', 'before');
    await setSetting(page, 'playground', 'batchSize', '699');
    assert.match(await settingProblem(page, 'playground', 'batchSize'), /last mini-batch of 1 sample/);
    assert.equal(await run.isEnabled(), false);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
  });

  test('a huge learning rate without BN diverges and says so; the run with BN carries on', async (t) => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    // ReLU and learning rate 3: the plain network's loss overflows after a few dozen steps,
    // while the network with BN learns the spirals (the brief's "higher usable learning rate").
    await page.goto(`${server.url}#playground.activation=relu&playground.learningRate=3&playground.steps=1000`);
    await button(page, 'playground', 'run').click();
    await waitForRunsToEnd(page, 'playground');

    const progress = await runProgress(page, 'playground');
    assert.equal(progress.as_written.status, 'complete');
    assert.equal(progress.without_batchnorm.status, 'diverged');
    const message = await cell(page, 'playground').locator('.run-progress[data-variant="without_batchnorm"] .divergence').innerText();
    t.diagnostic(message);
    assert.match(message, /^Without BN: diverged at step \d+: loss became NaN/);

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
