// The lessons notebook's activations cell in Chromium: the engine's curves arrive from a worker
// and are drawn, f(x) and f'(x), one curve per layer plus the step for reference; the values the
// page holds are the functions' (checked against closed forms at a few points). A notebook
// whose activations list a dense layer shows the engine's refusal for it and draws the rest.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { startSiteServer } from './support/site_server.mjs';

const fence = '```';

function waitForCurves(page, cellId) {
  return page.waitForFunction((id) => ['ready', 'failed'].includes(document.querySelector(`bn-activation-cell[cell-id="${id}"]`)?.dataset.state),
    cellId, { polling: 'raf', timeout: 60_000 });
}

/** What the cell holds and draws. */
function readCell(page, cellId) {
  return page.locator(`bn-activation-cell[cell-id="${cellId}"]`).evaluate((cell) => ({
    state: cell.dataset.state,
    curves: cell.curves.map((curve) => ({ type: curve.layer.type, values: curve.values ? Array.from(curve.values) : null, derivatives: curve.derivatives ? Array.from(curve.derivatives) : null, error: curve.error?.message ?? null })),
    drawn: Object.fromEntries(['activation-values', 'activation-derivatives'].map((name) => [name,
      [...cell.querySelectorAll(`bn-activation-plot.${name} path.curve`)].map((path) => ({ kind: path.dataset.kind, points: (path.getAttribute('d').match(/[ML]/g) ?? []).length }))])),
    legend: [...cell.querySelectorAll('bn-activation-plot.activation-values .plot-legend li')].map((item) => item.textContent.trim()),
    problems: [...cell.querySelectorAll('.cell-problems li')].map((item) => item.textContent.trim()),
  }));
}

describe('activations cell', () => {
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

  test('the lessons cell draws the engine\'s five activations, their derivatives and the step for reference', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}?notebook=notebooks/lessons.md`);
    await waitForCurves(page, 'activations');
    const shown = await readCell(page, 'activations');
    assert.equal(shown.state, 'ready');
    assert.deepEqual(shown.curves.map((curve) => curve.type), ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'prelu']);
    for (const name of ['activation-values', 'activation-derivatives']) {
      assert.deepEqual(shown.drawn[name].map((curve) => curve.kind), ['step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'prelu']);
      for (const curve of shown.drawn[name]) assert.equal(curve.points, 161, `${name} ${curve.kind}: every grid point drawn`);
    }
    assert.match(shown.legend[0], /^step, for reference/);
    assert.match(shown.legend.at(-1), /α = 0\.25/);

    // The grid is −4 … 4 in steps of 0.05: x = 1 is point 100, x = 0 point 80, x = −2 point 40.
    const at = (type, field, index) => shown.curves.find((curve) => curve.type === type)[field][index];
    const close = (actual, expected, what) => assert.ok(Math.abs(actual - expected) <= 2e-6, `${what}: ${actual}, expected ${expected}`);
    const sigmoidOne = 1 / (1 + Math.exp(-1));
    close(at('sigmoid', 'values', 100), sigmoidOne, 'σ(1)');
    close(at('sigmoid', 'derivatives', 100), sigmoidOne * (1 - sigmoidOne), "σ'(1)");
    close(at('sigmoid', 'derivatives', 80), 0.25, "σ'(0)");
    assert.ok(Math.max(...shown.curves[0].derivatives) <= 0.25 + 2e-6, "σ' never exceeds 1/4");
    close(at('tanh', 'derivatives', 80), 1, "tanh'(0)");
    close(at('relu', 'derivatives', 40), 0, "ReLU'(−2)");
    close(at('relu', 'derivatives', 100), 1, "ReLU'(1)");
    close(at('leaky_relu', 'values', 40), -0.2, 'Leaky ReLU(−2) with slope 0.1');
    close(at('prelu', 'derivatives', 40), 0.25, "PReLU'(−2) with α = 0.25");
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });

  test('an entry the engine refuses is listed with its message; the others are drawn', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    // The page's own notebook first, so the opened one replaces it (not the other way round).
    await page.locator('bn-experiment-cell[cell-id="lecture"] button[data-action="run"]').waitFor();
    const notebook = `# Activations\n\n${fence}bnlab\n${JSON.stringify({ id: 'mixed', activations: [{ type: 'tanh' }, { type: 'dense', units: 4 }] })}\n${fence}\n`;
    await page.locator('input[data-action="open-notebook"]').setInputFiles({ name: 'mixed.md', mimeType: 'text/markdown', buffer: Buffer.from(notebook) });
    await waitForCurves(page, 'mixed');
    const shown = await readCell(page, 'mixed');
    assert.deepEqual(shown.drawn['activation-values'].map((curve) => curve.kind), ['step', 'tanh']);
    assert.deepEqual(shown.problems, ['dense: activationCurve: a dense layer is not an element-wise activation']);
    await page.close();
  });
});
