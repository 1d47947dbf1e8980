// Issue 14's bad inputs through the page, one table row each, in Chromium: text typed into a
// cell's "Experiment file" view, a link, and a model file imported into a cell. Each row names
// the exact notice the learner reads (in English; a few also in Korean), Run waits, and the
// page reports no error of its own. The same cases at the other entry points:
// tests/native/cli/bad_input_table_test.cpp (CLI) and tests/wasm/bad_input_table.test.mjs (JS API).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { button, cell, cellProblems, typeExperimentText, waitForRunsToEnd } from './support/notebook_page.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';
import { bnlab } from '../wasm/support.mjs';

const spiralsText = await readFile(join(repositoryRoot, 'examples', 'spirals-compare.json'), 'utf8');
const spiralsFile = JSON.parse(spiralsText);
const valid = JSON.stringify(spiralsFile, null, 2);

const nested = (levels) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
// The page cuts a path longer than 80 characters to 79 and "…" (views/problem_text.js).
const shownPath = (path) => (path.length > 80 ? `${path.slice(0, 79)}…` : path);
const deepPath = `description${'.a'.repeat(63)}`;  // where the engine stops reading: 64 levels

/** The page's notices (top of the notebook) as text. */
async function pageNotices(page) {
  return page.locator('.page-notices li').evaluateAll((items) => items.map((item) => item.textContent.trim()));
}

describe('bad input table (the page)', () => {
  let server;
  let browser;
  let trainedModel;  // a model file of examples/spirals-compare.json as written, trained 5 steps

  before(async () => {
    server = await startSiteServer();
    browser = await launchBrowser();
    const engine = await bnlab.loadEngine();
    const run = engine.createRun(spiralsFile, { variant: 'as_written' });
    try {
      run.step(5);
      trainedModel = run.getModel();
    } finally {
      run.delete();
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // [what, text typed into the playground's JSON view, the exact problem the cell lists]
  const typed = [
    ['nested 1 000 levels deep', valid.replace(/"description": "[^"]*"/, `"description": ${nested(1000)}`),
      `${shownPath(deepPath)}: nested more than 64 levels deep (arrays and objects inside each other).`],
    ['1e400', valid.replace('"learning_rate": 0.5', '"learning_rate": 1e400'),
      'optimizer.learning_rate: the number 1e400 is beyond the range of a double (about 1.8e308).'],
    ['a duplicate key', valid.replace('"seed": 7', '"seed": 7, "seed": 8'),
      'seed: the key “seed” appears twice in this object; give each key only once.'],
    ['a model.input whose element count wraps around 2^64', valid.replace('"model": {', '"model": { "input": [73484, 78814, 34597, 92063],'),
      'model.input: one sample would hold more than 16,777,216 values here.'],
    ['a NUL in a dataset path', valid.replace(/"dataset": \{[^}]*\}/, '"dataset": { "kind": "idx", "images": "digits\\u0000.idx", "labels": "labels.idx" }'),
      'dataset.images: a file path cannot contain a NUL character (\\u0000).'],
  ];

  test('the JSON view: each bad text gets its exact problem, and Run waits', async (t) => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(server.url);
    await button(page, 'playground', 'run').waitFor();
    for (const [what, text, expected] of typed) {
      assert.notEqual(text, valid, `${what}: the edit applies to examples/spirals-compare.json`);
      await typeExperimentText(page, 'playground', text);
      const found = (await cellProblems(page, 'playground')).map((problem) => problem.text);
      t.diagnostic(`${what}: ${found.join(' | ').slice(0, 300)}`);
      assert.deepEqual(found, [expected], what);
      assert.equal(await button(page, 'playground', 'run').isEnabled(), false, what);
    }
    // The valid file again: no problem, Run is back.
    await typeExperimentText(page, 'playground', valid);
    assert.deepEqual(await cellProblems(page, 'playground'), []);
    assert.equal(await button(page, 'playground', 'run').isEnabled(), true);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
  });

  test('the JSON view in Korean: deep nesting and a duplicate key', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}#lang=ko`);
    await button(page, 'playground', 'run').waitFor();
    await typeExperimentText(page, 'playground', typed[0][1]);
    assert.deepEqual((await cellProblems(page, 'playground')).map((problem) => problem.text),
      [`${shownPath(deepPath)}: 배열과 객체가 64단계보다 깊게 중첩되어 있습니다.`]);
    await typeExperimentText(page, 'playground', typed[2][1]);
    assert.deepEqual((await cellProblems(page, 'playground')).map((problem) => problem.text),
      ['seed: 이 객체에 키 “seed”가 두 번 있습니다. 키는 한 번씩만 쓰세요.']);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  // [what, link after the site's URL, 'page' or the cell whose problem it is, the exact text]
  const links = [
    ['a value nested 20 000 levels deep', `#playground.description=${encodeURIComponent(nested(20000))}`, 'page',
      'The link’s “playground.description” holds a value nested more than 64 levels deep; it was ignored.'],
    ['a model.input whose element count wraps around 2^64', `#playground.model.input=${encodeURIComponent('[73484,78814,34597,92063]')}`,
      'playground', 'model.input: one sample would hold more than 16,777,216 values here.'],
    ['1e400', '#playground.optimizer.learning_rate=1e400', 'playground',
      'optimizer.learning_rate: the number 1e400 is beyond the range of a double (about 1.8e308).'],
    ['a duplicate key', `#playground.optimizer=${encodeURIComponent('{"type":"sgd","learning_rate":0.5,"type":"adam"}')}`, 'playground',
      'optimizer.type: the key “type” appears twice in this object; give each key only once.'],
    ['a NUL in a dataset path', `#playground.dataset=${encodeURIComponent(JSON.stringify({ kind: 'idx', images: 'a\u0000b.idx', labels: 'l.idx' }))}`,
      'playground', 'dataset.images: a file path cannot contain a NUL character (\\u0000).'],
    ['Korean: a value nested 20 000 levels deep', `#lang=ko&playground.description=${encodeURIComponent(nested(20000))}`, 'page',
      '링크의 “playground.description” 값이 64단계보다 깊게 중첩되어 있어 무시했습니다.'],
  ];

  test('links: each gets its exact notice or problem; the page stays usable', async (t) => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    for (const [what, link, where, expected] of links) {
      await page.goto('about:blank');
      await page.goto(`${server.url}${link}`);
      await button(page, 'playground', 'run').waitFor();
      let texts;
      if (where === 'page') {
        await page.locator('.page-notices').waitFor();
        texts = await pageNotices(page);
      } else {
        texts = (await cellProblems(page, where)).map((problem) => problem.text);
        assert.equal(await button(page, where, 'run').isEnabled(), false, what);
      }
      t.diagnostic(`${what}: ${texts.join(' | ').slice(0, 300)}`);
      assert.deepEqual(texts, [expected], what);
    }
    // The deep value was left out: the cell still has its file and can run.
    await page.goto('about:blank');
    await page.goto(`${server.url}#playground.description=${encodeURIComponent(nested(20000))}`);
    assert.deepEqual(await cellProblems(page, 'playground'), []);
    assert.equal(await button(page, 'playground', 'run').isEnabled(), true);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  test('model files imported into a cell: a damaged one is refused with its name; one with a negative variance fails its run naming the tensor', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}#playground.training.steps=50`);
    await button(page, 'playground', 'run').waitFor();
    const input = cell(page, 'playground').locator('[data-action="import-model"] input[type="file"]');
    const notice = cell(page, 'playground').locator('.cell-notice');

    const text = JSON.stringify(trainedModel);
    await input.setInputFiles({ name: 'cut-short.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, text.length / 2)) });
    await page.waitForFunction(() => document.querySelector('bn-experiment-cell[cell-id="playground"] .cell-notice')?.textContent.includes('cut-short'));
    assert.equal((await notice.innerText()).trim(), 'cut-short.json is not a model file (JSON).');

    const damaged = structuredClone(trainedModel);
    damaged.tensors['layers.1.running_variance'].data[0] = -1;
    await input.setInputFiles({ name: 'negative-variance.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(damaged)) });
    await page.waitForFunction(() => document.querySelector('bn-experiment-cell[cell-id="playground"] .cell-notice')?.textContent.includes('negative-variance'));
    assert.equal((await notice.innerText()).trim(),
      'Model file negative-variance.json read: the next Run continues training from it. The engine checks that it fits each network.');
    await button(page, 'playground', 'run').click();
    await waitForRunsToEnd(page, 'playground');
    const asWritten = cell(page, 'playground').locator('.run-progress[data-variant="as_written"]');
    assert.equal(await asWritten.getAttribute('data-status'), 'failed');
    const message = (await asWritten.locator('.run-message.failure').innerText()).trim();
    const label = (await asWritten.locator('.run-label').innerText()).trim();
    assert.equal(message, `${label}: the model file cannot be used (initial model: tensors.layers.1.running_variance.data[0]: expected a non-negative number (a variance), got -1.0)`);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
