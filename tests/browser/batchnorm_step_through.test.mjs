// The BN step-through in Chromium: pause the playground's pair (with and without BN), open the
// step-through of a BatchNorm unit, check its numbers against each other (μ_B is the mean of
// the listed x_i; the running mean after is (1 − m)·before + m·μ_B), step once and check that
// the new trace starts where the previous one ended (its "before" is the previous "after").

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { button, cell, runProgress, waitForRunStatus } from './support/notebook_page.mjs';
import { startSiteServer } from './support/site_server.mjs';

const longRun = 100000;  // far more than the test waits for; it stops the runs itself

/** Waits for the step-through to show a trace of `step` (of the selected layer and unit) and reads it. */
async function readTrace(page, cellId, step) {
  const view = cell(page, cellId).locator('.batchnorm-step-through');
  await page.waitForFunction(({ id, wanted }) => {
    const section = document.querySelector(`bn-experiment-cell[cell-id="${id}"] .batchnorm-step-through`);
    return section !== null && section.dataset.step === String(wanted) && section.getAttribute('aria-busy') === 'false';
  }, { id: cellId, wanted: step }, { polling: 'raf', timeout: 30_000 });
  return view.evaluate((section) => {
    const quantity = (name) => section.querySelector(`.trace-quantity[data-quantity="${name}"]`);
    const value = (name) => Number(quantity(name).dataset.value);
    const column = (name) => [...section.querySelectorAll(`.trace-table td.${name}`)].map((entry) => Number(entry.dataset.value));
    return {
      step: Number(section.dataset.step),
      layer: Number(section.dataset.layer),
      unit: Number(section.dataset.unit),
      rows: section.querySelectorAll('.trace-table tbody tr').length,
      inputs: column('trace-input'),
      normalized: column('trace-normalized'),
      outputs: column('trace-output'),
      mean: value('mean'),
      biasedVariance: value('biasedVariance'),
      unbiasedVariance: value('unbiasedVariance'),
      epsilon: value('epsilon'),
      gamma: value('gamma'),
      beta: value('beta'),
      momentum: Number(section.querySelector('.trace-running').dataset.momentum),
      runningMeanBefore: Number(quantity('runningMean').dataset.before),
      runningMeanAfter: Number(quantity('runningMean').dataset.after),
      runningVarianceBefore: Number(quantity('runningVariance').dataset.before),
      runningVarianceAfter: Number(quantity('runningVariance').dataset.after),
      dots: section.querySelectorAll('.trace-plot circle').length,
      options: [...section.querySelectorAll('select.trace-layer option')].map((option) => option.textContent.trim()),
    };
  });
}

describe('BN step-through', () => {
  let server;
  let browser;
  let page;
  let problems;

  before(async () => {
    server = await startSiteServer();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    problems = watchPage(page, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('pause, trace a unit, step once: the numbers agree with each other and carry over', async () => {
    await page.goto(`${server.url}#playground.training.steps=${longRun}`);
    await button(page, 'playground', 'run').click();
    // Both runs exist and train (a Pause pressed while the cell still waits for the engine's
    // verdict is not what this test is about).
    await page.waitForFunction(() => {
      const bars = [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .run-progress progress')];
      return bars.length === 2 && bars.every((bar) => bar.value >= 20);
    }, null, { polling: 'raf', timeout: 60_000 });
    await button(page, 'playground', 'pause').click();
    await waitForRunStatus(page, 'playground', 'paused');
    const paused = await runProgress(page, 'playground');
    // Lockstep: both runs were brought to one step, and the next step trains the traced batch.
    assert.equal(paused.as_written.done, paused.without_batchnorm.done);
    const step = paused.as_written.done + 1;

    // The playground has three BatchNorm layers, all in the BN run (layers 1, 4 and 7).
    const first = await readTrace(page, 'playground', step);
    assert.equal(first.options.length, 3, first.options.join(' | '));
    assert.equal(first.layer, 1);

    // Another layer and unit: the third BatchNorm, unit 5.
    const view = cell(page, 'playground').locator('.batchnorm-step-through');
    await view.locator('select.trace-layer').selectOption({ index: 2 });
    await view.locator('input.trace-unit').fill('5');
    await view.locator('input.trace-unit').dispatchEvent('change');
    await page.waitForFunction(() => {
      const section = document.querySelector('bn-experiment-cell[cell-id="playground"] .batchnorm-step-through');
      return section.dataset.layer === '7' && section.dataset.unit === '5';
    }, null, { polling: 'raf' });
    const shown = await readTrace(page, 'playground', step);
    assert.equal(shown.rows, 10, 'the first 10 rows before "show all"');
    await view.locator('.trace-show-all').click();
    await page.waitForFunction(() => document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .trace-table tbody tr').length === 32,
      null, { polling: 'raf' });
    const trace = await readTrace(page, 'playground', step);
    assert.equal(trace.layer, 7);
    assert.equal(trace.unit, 5);
    assert.equal(trace.inputs.length, 32, 'one row per sample of the batch of 32');
    assert.equal(trace.dots, 64, 'x and γx̂ + β of every sample in the strip plot');

    const count = trace.inputs.length;
    const mean = trace.inputs.reduce((total, value) => total + value, 0) / count;
    assert.ok(Math.abs(trace.mean - mean) <= 1e-6, `μ_B ${trace.mean}, mean of the listed x_i ${mean}`);
    const biased = trace.inputs.reduce((total, value) => total + (value - mean) ** 2, 0) / count;
    assert.ok(Math.abs(trace.biasedVariance - biased) <= 1e-6 * Math.max(1, biased), `σ²_B ${trace.biasedVariance}, from the rows ${biased}`);
    assert.ok(Math.abs(trace.unbiasedVariance - (biased * count) / (count - 1)) <= 1e-6 * Math.max(1, biased));
    for (let index = 0; index < count; index += 1) {
      const normalized = (trace.inputs[index] - trace.mean) / Math.sqrt(trace.biasedVariance + trace.epsilon);
      assert.ok(Math.abs(trace.normalized[index] - normalized) <= 1e-5, `x̂_${index}`);
      assert.ok(Math.abs(trace.outputs[index] - (trace.gamma * trace.normalized[index] + trace.beta)) <= 1e-4, `γx̂_${index} + β`);
    }
    const m = trace.momentum;
    assert.equal(m, 0.1, 'the file does not set a momentum: PyTorch\'s 0.1');
    assert.ok(Math.abs(trace.runningMeanAfter - ((1 - m) * trace.runningMeanBefore + m * trace.mean)) <= 1e-6,
      `running mean ${trace.runningMeanBefore} → ${trace.runningMeanAfter} with μ_B ${trace.mean}`);
    assert.ok(Math.abs(trace.runningVarianceAfter - ((1 - m) * trace.runningVarianceBefore + m * trace.unbiasedVariance)) <= 1e-6);

    // Step once (the view's own button): both runs take exactly that step, and the new trace's
    // running estimates start from the previous trace's "after" (the real layer took them).
    await view.locator('button[data-action="trace-step"]').click();
    const next = await readTrace(page, 'playground', step + 1);
    const stepped = await runProgress(page, 'playground');
    assert.equal(stepped.as_written.done, step);
    assert.equal(stepped.without_batchnorm.done, step);
    assert.equal(next.layer, 7);
    assert.equal(next.unit, 5);
    // The engine keeps running estimates in float: the "after" it predicted, rounded to float.
    assert.equal(Math.fround(next.runningMeanBefore), Math.fround(trace.runningMeanAfter));
    assert.equal(Math.fround(next.runningVarianceBefore), Math.fround(trace.runningVarianceAfter));
    assert.notDeepEqual(next.inputs, trace.inputs, 'another mini-batch');

    // Resume (the view's button) continues training; the step-through goes away.
    await view.locator('button[data-action="trace-resume"]').click();
    await page.waitForFunction((wanted) => [...document.querySelectorAll('bn-experiment-cell[cell-id="playground"] .run-progress progress')]
      .every((bar) => bar.value >= wanted), step + 20, { polling: 'raf', timeout: 60_000 });
    assert.equal(await cell(page, 'playground').locator('.batchnorm-step-through').count(), 0);
    await button(page, 'playground', 'stop').click();
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
  });
});
