// Notebook files (docs/NOTEBOOK_FORMAT.md) in Node: the lecture file, and a table of bad
// notebooks, each with the notice it must give (naming the block and the field) while the
// rest of the notebook still reads. Also which paths a notebook may name.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { lensNames } from '../../web/src/experiment/lenses.js';
import { loadNotebook, sitePath } from '../../web/src/notebook/load_notebook.js';
import { parseNotebook } from '../../web/src/notebook/parse_notebook.js';

const fence = '```';
const goodBlock = `${fence}bnlab\n{"id": "good", "experiment": {"seed": 1}}\n${fence}`;

/** [what, notebook text, expected notice {code, params subset}, cells that must still be there] */
const badNotebooks = [
  ['a block that is not JSON', `${fence}bnlab\n{"id": "x", experiment}\n${fence}\n${goodBlock}`, { code: 'block_json', params: { block: '#1' } }, ['good']],
  ['a block that is an array', `${fence}bnlab\n[1]\n${fence}\n${goodBlock}`, { code: 'block_type', params: { block: '#1', expected: 'object', got: 'array' } }, ['good']],
  ['an unknown field', `${fence}bnlab\n{"id": "x", "experiment": {}, "varaints": []}\n${fence}`, { code: 'block_unknown_field', params: { block: '#1 (x)', field: 'varaints' } }, ['x']],
  ['no id', `${fence}bnlab\n{"experiment": {}}\n${fence}\n${goodBlock}`, { code: 'block_missing_field', params: { block: '#1', field: 'id' } }, ['good']],
  ['a bad id', `${fence}bnlab\n{"id": "Bad Id", "experiment": {}}\n${fence}`, { code: 'block_bad_id', params: { field: 'id', got: '"Bad Id"' } }, []],
  ['no experiment', `${fence}bnlab\n{"id": "x"}\n${fence}\n${goodBlock}`, { code: 'block_missing_field', params: { block: '#1 (x)', field: 'experiment' } }, ['good']],
  ['an experiment of the wrong type', `${fence}bnlab\n{"id": "x", "experiment": 3}\n${fence}`, { code: 'block_type', params: { field: 'experiment', got: 'number' } }, []],
  ['an unknown variant', `${fence}bnlab\n{"id": "x", "experiment": {}, "variants": ["as_written", "without_bn"]}\n${fence}`, { code: 'block_choice', params: { field: 'variants[1]', got: '"without_bn"' } }, ['x']],
  ['variants not an array', `${fence}bnlab\n{"id": "x", "experiment": {}, "variants": "as_written"}\n${fence}`, { code: 'block_type', params: { field: 'variants', got: 'string' } }, ['x']],
  ['an unknown output', `${fence}bnlab\n{"id": "x", "experiment": {}, "outputs": ["loss", "accuracy"]}\n${fence}`, { code: 'block_choice', params: { field: 'outputs[1]' } }, ['x']],
  ['an unknown instrument output', `${fence}bnlab\n{"id": "x", "experiment": {}, "outputs": ["covariate_shift", "histogram"]}\n${fence}`, { code: 'block_choice', params: { field: 'outputs[1]', got: '"histogram"', choices: 'loss, evaluation, table, decision_boundary, covariate_shift, gradients, running_statistics, mode_gap, confusion, fold' } }, ['x']],
  ['an unknown form field', `${fence}bnlab\n{"id": "x", "experiment": {}, "form": ["training.batchsize"]}\n${fence}`, { code: 'block_choice', params: { field: 'form[0]', got: '"training.batchsize"' } }, ['x']],
  ['warm not a boolean', `${fence}bnlab\n{"id": "x", "experiment": {}, "warm": "yes"}\n${fence}`, { code: 'block_type', params: { field: 'warm', expected: 'boolean' } }, ['x']],
  ['a title in an unknown language', `${fence}bnlab\n{"id": "x", "experiment": {}, "title": {"fr": "Bonjour"}}\n${fence}`, { code: 'block_unknown_field', params: { field: 'title.fr' } }, ['x']],
  ['two blocks with one id', `${goodBlock}\n${goodBlock}`, { code: 'block_duplicate_id', params: { block: '#2', got: 'good' } }, ['good']],
  ['an unclosed block', `${goodBlock}\n${fence}bnlab\n{"id": "late", "experiment": {}}`, { code: 'block_unclosed', params: { block: '#2' } }, ['good', 'late']],
  ['an unknown language marker', `<!-- lang: fr -->\nBonjour\n${goodBlock}`, { code: 'unknown_language', params: { line: 1, language: 'fr' } }, ['good']],
  ['a bad notebook header', `${fence}bnlab-notebook\n{"titel": "x"}\n${fence}\n${goodBlock}`, { code: 'block_unknown_field', params: { block: 'bnlab-notebook', field: 'titel' } }, ['good']],
];

describe('notebook files', () => {
  for (const [what, text, expected, cells] of badNotebooks) {
    test(`${what}: ${expected.code}, and the rest still reads`, () => {
      const notebook = parseNotebook(text, { lensNames });
      const notice = notebook.notices.find((candidate) => candidate.code === expected.code);
      assert.ok(notice, `expected ${expected.code}, got ${JSON.stringify(notebook.notices)}`);
      for (const [name, value] of Object.entries(expected.params)) assert.equal(notice.params[name], value, name);
      assert.deepEqual(notebook.cells.filter((cell) => cell.type === 'experiment').map((cell) => cell.id), cells);
    });
  }

  test('instrument outputs are kept as named; an unknown one is dropped with its notice, never silently', () => {
    const notebook = parseNotebook(`${fence}bnlab\n{"id": "x", "experiment": {}, "outputs": ["decision_boundary", "histogram", "loss"]}\n${fence}`, { lensNames });
    assert.deepEqual(notebook.cells[0].outputs, ['decision_boundary', 'loss']);
    assert.deepEqual(notebook.notices.map((notice) => notice.code), ['block_choice']);
  });

  test('text per language, formulas kept as written, other code blocks stay Markdown (never run)', () => {
    const text = [
      'Both $x^2$', '<!-- lang: en -->', 'English only', '<!-- lang: ko -->', '한국어만', '<!-- lang: all -->',
      `${fence}js`, 'alert(1)', '<!-- lang: en -->', `${fence}`, 'after',
    ].join('\n');
    const notebook = parseNotebook(text, { lensNames });
    assert.deepEqual(notebook.notices, []);
    assert.equal(notebook.cells.length, 1);
    const { texts } = notebook.cells[0];
    assert.match(texts.en, /Both \$x\^2\$\nEnglish only\n```js\nalert\(1\)\n<!-- lang: en -->/);
    assert.doesNotMatch(texts.en, /한국어만/);
    assert.match(texts.ko, /한국어만/);
    assert.doesNotMatch(texts.ko, /English only/);
    // The marker inside the code block was not a marker: "after" is in both languages.
    assert.match(texts.ko, /after$/);
  });
});

describe('paths a notebook (or the URL) may name', () => {
  const siteBase = new URL('http://127.0.0.1:8080/site/');
  test('relative paths inside the site only', () => {
    assert.equal(sitePath('examples/mnist-compare.json', siteBase).url.href, 'http://127.0.0.1:8080/site/examples/mnist-compare.json');
    for (const bad of ['https://example.com/x.md', '//example.com/x.md', '/etc/passwd', '../x.md', 'notebooks/../../x.md',
      'javascript:alert(1)', 'data:text/plain,x', 'a//b.md', '', 'x'.repeat(201)]) {
      assert.deepEqual(sitePath(bad, siteBase), { problem: 'not_a_site_path' }, bad);
    }
  });

  test('the lecture notebook loads its experiment files; unreadable ones become notices, the rest stays', async () => {
    const root = new URL('../../', import.meta.url);
    const fetchFromDisk = async (url) => {
      const path = new URL(url).pathname.replace('/site/', '');
      try {
        return new Response(await readFile(new URL(path, root)));
      } catch {
        return new Response('', { status: 404 });
      }
    };
    const lecture = await loadNotebook({ path: 'notebooks/lecture.md', siteBase, lensNames, fetchImpl: fetchFromDisk });
    assert.deepEqual(lecture.notices, []);
    const cell = lecture.cells.find((candidate) => candidate.id === 'lecture');
    assert.deepEqual(cell.preset, JSON.parse(await readFile(new URL('examples/mnist-compare.json', root), 'utf8')));
    assert.deepEqual(cell.variants, ['as_written', 'without_batchnorm']);

    const text = [
      `${fence}bnlab\n{"id": "a", "experiment": "examples/missing.json"}\n${fence}`,
      `${fence}bnlab\n{"id": "b", "experiment": "https://example.com/x.json"}\n${fence}`,
      `${fence}bnlab\n{"id": "c", "experiment": "notebooks/lecture.md"}\n${fence}`,
      `${fence}bnlab\n{"id": "d", "experiment": "examples/spirals-compare.json"}\n${fence}`,
    ].join('\n');
    const picked = await loadNotebook({ text, name: 'mine.md', siteBase, lensNames, fetchImpl: fetchFromDisk });
    assert.deepEqual(picked.notices.map((notice) => [notice.code, notice.params.block]), [
      ['experiment_unreadable', 'a'], ['experiment_not_site_path', 'b'], ['experiment_not_json', 'c'],
    ]);
    assert.deepEqual(picked.cells.map((candidate) => candidate.id), ['d']);

    const missing = await loadNotebook({ path: 'notebooks/nothing.md', siteBase, lensNames, fetchImpl: fetchFromDisk });
    assert.deepEqual(missing.notices.map((notice) => notice.code), ['notebook_unreadable']);
    const foreign = await loadNotebook({ path: 'https://example.com/x.md', siteBase, lensNames, fetchImpl: fetchFromDisk });
    assert.deepEqual(foreign.notices.map((notice) => notice.code), ['notebook_not_site_path']);
  });
  test('a sweep block (a site path or inline) is a sweep cell; the fields of experiment cells are noticed, not used', () => {
    const text = [
      `${fence}bnlab\n{"id": "lr", "sweep": "examples/sweeps/learning-rate.json", "title": {"en": "LR", "ko": "학습률"}}\n${fence}`,
      `${fence}bnlab\n{"id": "inline", "sweep": {"experiment": {"seed": 1}, "axes": []}, "outputs": ["loss"]}\n${fence}`,
      `${fence}bnlab\n{"id": "bad", "sweep": 3}\n${fence}`,
    ].join('\n');
    const notebook = parseNotebook(text, { lensNames });
    assert.deepEqual(notebook.cells.map((cell) => [cell.type, cell.id]), [['sweep', 'lr'], ['sweep', 'inline']]);
    assert.deepEqual(notebook.cells[0].sweepSource, { path: 'examples/sweeps/learning-rate.json' });
    assert.equal(notebook.cells[0].texts.ko.title, '학습률');
    assert.deepEqual(notebook.cells[1].sweepSource, { inline: { experiment: { seed: 1 }, axes: [] } });
    assert.deepEqual(notebook.notices.map((notice) => [notice.code, notice.params.block, notice.params.field]), [
      ['block_unknown_field', '#2 (inline)', 'outputs'], ['block_type', '#3 (bad)', 'sweep'],
    ]);
  });

  test('an activations block is an activations cell; a list that is not of layer objects and other fields are noticed', () => {
    const text = [
      `${fence}bnlab\n{"id": "curves", "activations": [{"type": "sigmoid"}, {"type": "prelu", "initial_alpha": 0.5}], "title": {"en": "Curves", "ko": "곡선"}}\n${fence}`,
      `${fence}bnlab\n{"id": "extra", "activations": [{"type": "tanh"}], "variants": ["as_written"]}\n${fence}`,
      `${fence}bnlab\n{"id": "empty", "activations": []}\n${fence}`,
      `${fence}bnlab\n{"id": "names", "activations": ["relu"]}\n${fence}`,
    ].join('\n');
    const notebook = parseNotebook(text, { lensNames });
    assert.deepEqual(notebook.cells.map((cell) => [cell.type, cell.id]), [['activations', 'curves'], ['activations', 'extra']]);
    assert.deepEqual(notebook.cells[0].layers, [{ type: 'sigmoid' }, { type: 'prelu', initial_alpha: 0.5 }]);
    assert.equal(notebook.cells[0].texts.ko.title, '곡선');
    assert.deepEqual(notebook.notices.map((notice) => [notice.code, notice.params.block, notice.params.field]), [
      ['block_unknown_field', '#2 (extra)', 'variants'], ['block_type', '#3 (empty)', 'activations'], ['block_type', '#4 (names)', 'activations'],
    ]);
  });
  test('a sweep file gets its experiment (a path relative to the sweep file) inlined; paths out of the site are notices', async () => {
    const root = new URL('../../', import.meta.url);
    const siteBase = new URL('http://127.0.0.1:8080/site/');
    const fetchFromDisk = async (url) => {
      const path = String(url).slice(siteBase.href.length);
      try {
        return new Response(await readFile(new URL(path, root)));
      } catch {
        return new Response('', { status: 404 });
      }
    };
    const text = [
      `${fence}bnlab\n{"id": "lr", "sweep": "examples/sweeps/learning-rate.json"}\n${fence}`,
      `${fence}bnlab\n{"id": "out", "sweep": {"experiment": "../../etc/passwd", "axes": []}}\n${fence}`,
      `${fence}bnlab\n{"id": "far", "sweep": "https://example.com/sweep.json"}\n${fence}`,
      `${fence}bnlab\n{"id": "gone", "sweep": "examples/sweeps/missing.json"}\n${fence}`,
      `${fence}bnlab\n{"id": "notjson", "sweep": "notebooks/lecture.md"}\n${fence}`,
    ].join('\n');
    const loaded = await loadNotebook({ text, name: 'sweeps.md', siteBase, lensNames, fetchImpl: fetchFromDisk });
    assert.deepEqual(loaded.notices.map((notice) => [notice.code, notice.params.block]), [
      ['experiment_not_site_path', 'out'], ['sweep_not_site_path', 'far'], ['sweep_unreadable', 'gone'], ['sweep_not_json', 'notjson'],
    ]);
    assert.deepEqual(loaded.cells.map((cell) => cell.id), ['lr']);
    const [cell] = loaded.cells;
    assert.equal(cell.sweepPath, 'examples/sweeps/learning-rate.json');
    assert.deepEqual(cell.sweep.experiment, JSON.parse(await readFile(new URL('examples/mnist-compare.json', root), 'utf8')));
    assert.deepEqual(cell.sweep.axes, JSON.parse(await readFile(new URL('examples/sweeps/learning-rate.json', root), 'utf8')).axes);
  });
});
