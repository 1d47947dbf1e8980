// The experiment file is the cell's state, in Chromium: the lecture cell runs exactly
// examples/mnist-compare.json; the "Experiment file" view shows the engine's problems at their
// paths; an experiment file opened through the picker (or dropped) trains; and tables of bad
// JSON edits, bad links and bad notebook files, each with the notice it must give. A training
// worker that dies is replaced and the cell says so in the page's language.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import {
  button, cell, cellExperiment, cellProblems, engineVerdict, openExperimentFile, runProgress, setSetting, summaryTable,
  typeExperimentText, waitForRunStatus, waitForRunsToEnd,
} from './support/notebook_page.mjs';
import { repositoryRoot, startSiteServer } from './support/site_server.mjs';

const screenshotFolder = join(repositoryRoot, 'tests', 'output', 'screenshots');
const example = async (name) => JSON.parse(await readFile(join(repositoryRoot, 'examples', name), 'utf8'));
const mnistFile = await example('mnist-compare.json');
const spiralsFile = await example('spirals-compare.json');
const fence = '```';

/** The page's notices (top of the notebook) as text. */
async function pageNotices(page) {
  const list = page.locator('.page-notices li');
  return list.evaluateAll((items) => items.map((item) => ({ code: item.dataset.code, text: item.textContent.trim() })));
}

describe('the experiment file in the page', () => {
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

  test('the lecture cell runs exactly examples/mnist-compare.json, and the engine in the page accepts it and the playground file (every block of every notebook: tests/wasm/notebook_blocks.test.mjs)', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(server.url);
    await button(page, 'lecture', 'run').waitFor();
    assert.deepEqual(await cellExperiment(page, 'lecture'), mnistFile);
    assert.deepEqual(await cellExperiment(page, 'playground'), spiralsFile);
    assert.equal(await engineVerdict(page, 'lecture'), true);
    assert.equal(await engineVerdict(page, 'playground'), true);
    // Unchanged, the command line names the very file the CLI runs.
    await openExperimentFile(page, 'lecture');
    assert.equal(await cell(page, 'lecture').locator('.command-line').innerText(), 'bnlab train examples/mnist-compare.json');
    assert.deepEqual(JSON.parse(await cell(page, 'lecture').locator('bn-experiment-file').evaluate((element) => element.editorText)), mnistFile);
    // Download gives the file; Copy puts the command line on the clipboard.
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'lecture', 'download').click()]);
    assert.equal(download.suggestedFilename(), 'mnist-compare.json');
    assert.deepEqual(JSON.parse(await readFile(await download.path(), 'utf8')), mnistFile);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await button(page, 'lecture', 'copy-command').click();
    await cell(page, 'lecture').locator('.copied').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'bnlab train examples/mnist-compare.json');
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });
    await page.close();
  });

  test('the lecture cell, run as it opens, gives the numbers `bnlab train examples/mnist-compare.json` gives', async (t) => {
    // The CLI on the same file (npm test builds it before the browser tests).
    const out = join(await mkdtemp(join(tmpdir(), 'bnlab-cli-')), 'records.jsonl');
    await promisify(execFile)(join(repositoryRoot, 'build', 'native', 'bnlab'), ['train', 'examples/mnist-compare.json', '--out', out], { cwd: repositoryRoot });
    const summaries = Object.fromEntries((await readFile(out, 'utf8')).trim().split('\n').map((line) => JSON.parse(line))
      .filter((record) => record.type === 'summary').map((record) => [record.run, record.final]));
    const page = await browser.context.newPage();
    await page.goto(server.url);
    assert.equal(await engineVerdict(page, 'lecture'), true);
    await button(page, 'lecture', 'run').click();
    await waitForRunsToEnd(page, 'lecture');
    const table = await summaryTable(page, 'lecture');
    for (const [variant, run] of [['as_written', 'with_batchnorm'], ['without_batchnorm', 'without_batchnorm']]) {
      for (const split of ['train', 'validation', 'test']) {
        const cli = summaries[run][split];
        t.diagnostic(`${variant} ${split}: page loss ${table[variant][`${split} loss`]}, accuracy ${table[variant][`${split} accuracy`]} %; CLI ${cli.loss}, ${cli.accuracy}`);
        // The table shows 4 significant digits; the WebAssembly engine and the native one agree far closer.
        assert.ok(Math.abs(table[variant][`${split} loss`] - cli.loss) <= 1e-3 * cli.loss, `${variant} ${split} loss`);
        assert.ok(Math.abs(table[variant][`${split} accuracy`] - 100 * cli.accuracy) <= 0.01, `${variant} ${split} accuracy`);
      }
    }
    await page.close();
  });

  test('every examples/*.json file, opened in a cell, is accepted by the engine', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await button(page, 'playground', 'run').waitFor();
    await openExperimentFile(page, 'playground');
    const names = (await readdir(join(repositoryRoot, 'examples'))).filter((name) => name.endsWith('.json'));
    assert.ok(names.length >= 3);
    for (const name of names) {
      await cell(page, 'playground').locator('input[data-action="open-file"]').setInputFiles(join(repositoryRoot, 'examples', name));
      await page.waitForFunction((wanted) => document.querySelector('bn-experiment-cell[cell-id="playground"]').experiment.name === wanted,
        (await example(name)).name);
      assert.deepEqual(await cellExperiment(page, 'playground'), await example(name));
      assert.equal(await engineVerdict(page, 'playground'), true, `${name}: ${JSON.stringify(await cellProblems(page, 'playground'))}`);
    }
    await page.close();
  });

  test('editing training.batch_size to 0 in the JSON view shows the engine’s message at that path', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await button(page, 'playground', 'run').waitFor();
    const text = `${JSON.stringify(spiralsFile, null, 2)}\n`.replace('"batch_size": 32', '"batch_size": 0');
    await typeExperimentText(page, 'playground', text);
    assert.equal(await engineVerdict(page, 'playground'), false);
    const [problem, ...others] = await cellProblems(page, 'playground');
    assert.deepEqual(others, []);
    assert.equal(problem.path, 'training.batch_size');
    assert.match(problem.text, /^training\.batch_size: /);
    assert.equal(await button(page, 'playground', 'run').isEnabled(), false);
    // In the editor: the marked range is the batch_size field, with the same message.
    const marked = cell(page, 'playground').locator('.cm-lintRange-error');
    await marked.first().waitFor();
    assert.match(await marked.first().textContent(), /"batch_size": 0|batch_size|0/);
    const range = await marked.evaluateAll((elements) => elements.map((element) => element.textContent).join(''));
    assert.ok(range.includes('0'), `marked: ${range}`);
    assert.match(await cell(page, 'playground').locator('.file-status').innerText(), /1 problem/);
    // The form shows the same problem under its field, and the link carries the edit.
    assert.match(await cell(page, 'playground').locator('[data-lens="training.batch_size"] .problem').innerText(), /^training\.batch_size: /);
    assert.match(decodeURIComponent(new URL(page.url()).hash), /playground\.training\.batch_size=0/);
    await mkdir(screenshotFolder, { recursive: true });
    await cell(page, 'playground').locator('details.experiment-file').screenshot({ path: join(screenshotFolder, 'experiment-file-problem.png') });

    // Fixed in the text: the problem goes, Run comes back.
    await typeExperimentText(page, 'playground', `${JSON.stringify(spiralsFile, null, 2)}\n`);
    assert.equal(await engineVerdict(page, 'playground'), true);
    assert.equal(await cell(page, 'playground').locator('.cell-problems li').count(), 0);
    assert.equal(await button(page, 'playground', 'run').isEnabled(), true);
    await page.close();
  });

  test('examples/spirals-compare.json opened through the file picker trains in the page', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(server.url);
    await button(page, 'lecture', 'run').waitFor();
    await openExperimentFile(page, 'lecture');
    await cell(page, 'lecture').locator('input[data-action="open-file"]').setInputFiles(join(repositoryRoot, 'examples', 'spirals-compare.json'));
    await cell(page, 'lecture').locator('.cell-notice').waitFor();
    assert.match(await cell(page, 'lecture').locator('.cell-notice').innerText(), /spirals-compare\.json/);
    assert.deepEqual(await cellExperiment(page, 'lecture'), spiralsFile);
    assert.equal(await engineVerdict(page, 'lecture'), true);
    assert.equal(await cell(page, 'lecture').locator('.command-line').innerText(), 'bnlab train spirals-compare.json');
    await cell(page, 'lecture').screenshot({ path: join(screenshotFolder, 'opened-experiment-file.png') });

    await button(page, 'lecture', 'run').click();
    await waitForRunsToEnd(page, 'lecture');
    const progress = await runProgress(page, 'lecture');
    for (const variant of ['as_written', 'without_batchnorm']) {
      assert.equal(progress[variant].status, 'complete', progress[variant].text);
      assert.equal(progress[variant].done, spiralsFile.training.steps);
    }
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] });

    // Dropping a file on the view opens it as well.
    const dropped = { ...spiralsFile, seed: 11 };
    await cell(page, 'lecture').locator('details.experiment-file').evaluate((details, text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
      details.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, JSON.stringify(dropped));
    await page.waitForFunction(() => document.querySelector('bn-experiment-cell[cell-id="lecture"]').experiment.seed === 11);
    assert.deepEqual(await cellExperiment(page, 'lecture'), dropped);
    await page.close();
  });

  test('bad JSON edits: each gets the engine’s problem naming what is wrong, and Run waits', async (t) => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(server.url);
    await button(page, 'playground', 'run').waitFor();
    const valid = JSON.stringify(spiralsFile, null, 2);
    /** [what, text typed, a pattern the problem must match] */
    const edits = [
      ['not JSON (cut short)', valid.slice(0, 40), /json|parse|syntax/i],
      ['an array instead of an object', '[1, 2]', /object/i],
      ['a misspelt section', valid.replace('"training"', '"trainig"'), /trainig|training/],
      ['a wrong-typed seed', valid.replace('"seed": 7', '"seed": "seven"'), /seed/],
      ['an unknown layer type', valid.replace('"sigmoid"', '"sigmoyd"'), /sigmoyd|model\.layers\[2\]/],
      ['a negative learning rate', valid.replace('"learning_rate": 0.5', '"learning_rate": -1'), /optimizer\.learning_rate/],
    ];
    for (const [what, text, pattern] of edits) {
      await typeExperimentText(page, 'playground', text);
      const found = await cellProblems(page, 'playground');
      t.diagnostic(`${what}: ${found.map((problem) => problem.text).join(' | ')}`);
      assert.ok(found.length > 0, `${what}: no problem shown`);
      assert.ok(found.some((problem) => pattern.test(problem.text)), `${what}: ${JSON.stringify(found)}`);
      assert.equal(await button(page, 'playground', 'run').isEnabled(), false, what);
    }
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  test('bad links: each gets a notice naming it (or the engine’s problem at its path); the page stays usable', async (t) => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    const longKey = `lecture.${'x'.repeat(300)}`;
    /** [link (after the site's URL), where the notice is: 'page' or a cell id, a pattern it must match] */
    const links = [
      ['#lectur.training.batch_size=64', 'page', /“lectur\.training\.batch_size”/],
      ['#lecture.training..x=1', 'page', /“lecture\.training\.\.x” is not a field path/],
      ['#lecture.seed.x=1', 'page', /“lecture\.seed\.x” goes inside a value that is not an object/],
      ['#lecture.model.layers%5B99%5D.units=1', 'page', /“lecture\.model\.layers\[99\]\.units” names an array item past the end/],
      [`#${longKey}=1`, 'lecture', /x{20,}/],
      ['#lecture.training.batchsize=64', 'lecture', /batchsize/],
      ['#lecture.training.batch_size=sixty', 'lecture', /^training\.batch_size: /],
      ['#lecture.training.batch_size=0', 'lecture', /^training\.batch_size: /],
      ['?notebook=https://example.com/evil.md', 'page', /“https:\/\/example\.com\/evil\.md” is not a path inside this site/],
      ['?notebook=notebooks/missing.md', 'page', /“notebooks\/missing\.md” could not be read/],
      ['?notebook=../../etc/passwd', 'page', /is not a path inside this site/],
    ];
    for (const [link, where, pattern] of links) {
      await page.goto('about:blank');
      await page.goto(`${server.url}${link}`);
      await page.locator('#page-language').waitFor();
      let texts;
      if (where === 'page') {
        await page.locator('.page-notices').waitFor();
        texts = (await pageNotices(page)).map((notice) => notice.text);
      } else {
        await cell(page, where).waitFor();
        texts = (await cellProblems(page, where)).map((problem) => problem.text);
        assert.equal(await button(page, where, 'run').isEnabled(), false, link);
      }
      t.diagnostic(`${link.slice(0, 60)}: ${texts.join(' | ').slice(0, 300)}`);
      assert.ok(texts.some((text) => pattern.test(text)), `${link}: ${JSON.stringify(texts)}`);
      // Names from a link are cut short for display.
      assert.ok(texts.every((text) => !text.includes('x'.repeat(100))), `${link}: a notice shows 100 x's`);
      // Usable: the language switch still works.
      await page.locator('#page-language').selectOption('ko');
      await page.waitForFunction(() => document.documentElement.lang === 'ko');
    }
    // A link with only good keys changes the cell and nothing is noticed.
    await page.goto('about:blank');
    await page.goto(`${server.url}#lecture.training.batch_size=128&lecture.description=short`);
    await button(page, 'lecture', 'run').waitFor();
    assert.equal(await engineVerdict(page, 'lecture'), true);
    assert.deepEqual(await cellExperiment(page, 'lecture'), { ...mnistFile, description: 'short', training: { ...mnistFile.training, batch_size: 128 } });
    assert.equal(await page.locator('.page-notices').count(), 0);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  test('bad notebook files picked by the learner: each gets its notice; nothing in them runs', async (t) => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(server.url);
    await button(page, 'lecture', 'run').waitFor();
    // Each file's good cell has its own id, so the page is known to show that file (not the last one).
    const good = (id) => `${fence}bnlab\n{"id": "${id}", "experiment": "examples/spirals-compare.json", "title": "Mine"}\n${fence}`;
    /** [what, file text, notice pattern, the cell ids the page shows afterwards] */
    const files = [
      // Nothing usable: the notebook on the page stays, with the notice.
      ['its only block is not JSON', `${fence}bnlab\n{id: 1}\n${fence}\n`, /Block #1 is not JSON/, ['lecture', 'figure1', 'playground']],
      // Text is usable: the page shows it, with the notice.
      ['text and a block that is not JSON', `# Hello\n${fence}bnlab\n{id: 1}\n${fence}\n`, /Block #1 is not JSON/, []],
      ['an unknown field', `${fence}bnlab\n{"id": "x", "experiment": "examples/mnist-compare.json", "varaints": []}\n${fence}`, /unknown field “varaints”/, ['x']],
      ['an experiment on another site', `${fence}bnlab\n{"id": "x", "experiment": "https://example.com/x.json"}\n${fence}\n${good('mine3')}`, /“https:\/\/example\.com\/x\.json” is not a path inside this site/, ['mine3']],
      ['a missing experiment file', `${fence}bnlab\n{"id": "x", "experiment": "examples/nothing.json"}\n${fence}\n${good('mine4')}`, /“examples\/nothing\.json” could not be read/, ['mine4']],
      ['a wrong-typed field', `${fence}bnlab\n{"id": "x", "experiment": "examples/spirals-compare.json", "variants": "as_written"}\n${fence}`, /field “variants”: expected array of strings, got string/, ['x']],
      ['script in the Markdown', `<script>window.bnlabInjected = 1</script>\n\n<img src="x" onerror="window.bnlabInjected = 2">\n\n[link](javascript:window.bnlabInjected=3)\n\n${good('mine')}`, null, ['mine']],
    ];
    const input = page.locator('input[data-action="open-notebook"]');
    for (const [what, text, pattern, cellIds] of files) {
      await input.setInputFiles({ name: 'lesson.md', mimeType: 'text/markdown', buffer: Buffer.from(text) });
      // Wait until the page shows this file's outcome: its cells, and its notice (or none).
      await page.waitForFunction(({ ids, source }) => {
        const shown = [...document.querySelectorAll('bn-experiment-cell')].map((element) => element.cellId);
        const notices = [...document.querySelectorAll('.page-notices li')].map((item) => item.textContent);
        const noticed = source === null ? notices.length === 0 : notices.some((text) => new RegExp(source).test(text));
        return JSON.stringify(shown) === JSON.stringify(ids) && noticed;
      }, { ids: cellIds, source: pattern?.source ?? null }, { polling: 100, timeout: 10_000 }).catch(() => {});
      const notices = (await pageNotices(page)).map((notice) => notice.text);
      t.diagnostic(`${what}: ${notices.join(' | ').slice(0, 300)}`);
      assert.deepEqual(await page.locator('bn-experiment-cell').evaluateAll((elements) => elements.map((element) => element.cellId)), cellIds, what);
      if (pattern === null) assert.deepEqual(notices, [], what);
      else assert.ok(notices.some((notice) => pattern.test(notice)), `${what}: ${JSON.stringify(notices)}`);
    }
    // The Markdown was sanitized: no script element, no handler, no javascript: link; nothing ran.
    await page.locator('.markdown-cell img').waitFor({ state: 'attached' });
    assert.equal(await page.evaluate(() => window.bnlabInjected), undefined);
    assert.equal(await page.locator('.markdown-cell script').count(), 0);
    assert.equal(await page.locator('.markdown-cell [onerror]').count(), 0);
    assert.equal(await page.locator('.markdown-cell a[href^="javascript"]').count(), 0);
    // The picked notebook's cell works: it validates and runs.
    assert.equal(await engineVerdict(page, 'mine'), true);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  test('a training worker that dies is replaced; the cell says so in the page’s language, the rest keeps working', async () => {
    const page = await browser.context.newPage();
    // Keep a reference to every worker the page makes, to make them fail as a crash would.
    await page.addInitScript(() => {
      const NativeWorker = window.Worker;
      window.bnlabWorkers = [];
      window.Worker = class extends NativeWorker {
        constructor(url, options) {
          super(url, options);
          window.bnlabWorkers.push({ worker: this, name: options?.name ?? '' });
        }
      };
    });
    await page.goto(`${server.url}#lang=ko&playground.training.steps=100000`);
    await button(page, 'playground', 'run').click();
    await waitForRunStatus(page, 'playground', 'training');
    // An error event is what the browser fires when a worker's script throws, or it runs out of memory.
    const failed = await page.evaluate(() => {
      const training = window.bnlabWorkers.filter(({ name }) => name === 'bnlab-training');
      training.forEach(({ worker }) => worker.dispatchEvent(new ErrorEvent('error', { message: 'out of memory', cancelable: true })));
      return training.length;
    });
    assert.ok(failed >= 2, `${failed} training workers`);
    await waitForRunsToEnd(page, 'playground');
    const progress = await runProgress(page, 'playground');
    for (const variant of ['as_written', 'without_batchnorm']) {
      assert.equal(progress[variant].status, 'failed');
      assert.match(progress[variant].text, /학습 워커가 멈췄습니다 \(out of memory\)/);
    }
    // The rest of the page works, and the next Run gets fresh workers that train.
    assert.equal(await engineVerdict(page, 'lecture'), true);
    const before = await page.evaluate(() => window.bnlabWorkers.filter(({ name }) => name === 'bnlab-training').length);
    // The engine's validator dies too: the next check goes to a fresh one.
    await page.evaluate(() => window.bnlabWorkers.filter(({ name }) => name === 'bnlab-validator')
      .forEach(({ worker }) => worker.dispatchEvent(new ErrorEvent('error', { message: 'crashed', cancelable: true }))));
    await setSetting(page, 'playground', 'training.steps', '300');
    assert.equal(await engineVerdict(page, 'playground'), true);
    assert.equal(await page.evaluate(() => window.bnlabWorkers.filter(({ name }) => name === 'bnlab-validator').length), 2);
    await button(page, 'playground', 'run').click();
    await waitForRunsToEnd(page, 'playground');
    const again = await runProgress(page, 'playground');
    assert.deepEqual([again.as_written.status, again.without_batchnorm.status], ['complete', 'complete']);
    const after = await page.evaluate(() => window.bnlabWorkers.filter(({ name }) => name === 'bnlab-training').length);
    // One per variant, or one for the pair on ≤ 2 cores (runs/training_client.js).
    const fresh = await page.evaluate(() => (navigator.hardwareConcurrency <= 2 ? 1 : 2));
    assert.equal(after, before + fresh, `${fresh} new training worker(s)`);
    await page.close();
  });
});
