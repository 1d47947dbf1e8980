// Both languages say everything: the same keys, the same placeholders, and every key the page
// builds from its lenses (labels), notebook notices and engine problem codes exists; the
// lecture notebook has all its text in both languages.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import english from '../../web/src/i18n/en.js';
import korean from '../../web/src/i18n/ko.js';
import { pickLanguage } from '../../web/src/i18n/translator.js';
import { readFile } from 'node:fs/promises';

import { lensNames } from '../../web/src/experiment/lenses.js';
import { failureKinds } from '../../web/src/views/run_progress.js';
import { parseNotebook, variantChoices } from '../../web/src/notebook/parse_notebook.js';

const lectureNotebook = parseNotebook(await readFile(new URL('../../notebooks/lecture.md', import.meta.url), 'utf8'), { lensNames });

function placeholders(text) {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
}

describe('interface strings', () => {
  test('English and Korean have the same keys', () => {
    assert.deepEqual(Object.keys(korean).sort(), Object.keys(english).sort());
  });

  test('each Korean string has the same placeholders as the English one', () => {
    for (const [key, text] of Object.entries(english)) {
      assert.deepEqual(placeholders(korean[key]), placeholders(text), key);
    }
  });

  test('every lens has a label and every variant a name, in both languages', () => {
    for (const strings of [english, korean]) {
      for (const name of lensNames) assert.ok(strings[`lens.${name}`], `lens.${name}`);
      for (const variant of variantChoices) assert.ok(strings[`variant.${variant}`], `variant.${variant}`);
    }
  });

  // A run that fails with an error other than a ConfigError (those have codes) is worded by its
  // class: every class the API throws has a text in both languages, or is handled on its own.
  test('every error class of the JavaScript API words a failed run in both languages', async () => {
    const errors = await import('../../bindings/js/errors.mjs');
    const classes = Object.entries(errors).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error)
      .map(([name]) => name).filter((name) => name !== 'BnlabError');
    const handledElsewhere = ['ConfigError', 'EngineAbortedError'];  // problem codes; failure.engineAborted
    assert.deepEqual([...failureKinds, ...handledElsewhere].sort(), classes.sort());
    for (const strings of [english, korean]) {
      for (const name of failureKinds) assert.match(strings[`failure.${name}`] ?? '', /\{detail\}/, `failure.${name}`);
    }
  });

  // The list comes from docs/ERRORS.md itself (the first column of its tables, without the
  // parenthesised params), so a code added there without a text in both languages fails here.
  test('every engine problem code of docs/ERRORS.md has a text in both languages', async () => {
    const document = await readFile(new URL('../../docs/ERRORS.md', import.meta.url), 'utf8');
    const codes = new Set();
    for (const line of document.split('\n')) {
      if (!line.startsWith('| `')) continue;
      const firstColumn = line.split('|')[1].replace(/\([^)]*\)/g, '');
      for (const match of firstColumn.matchAll(/`(\w+)`/g)) codes.add(match[1]);
    }
    // The tables are really read: codes of each section are in the list.
    for (const code of ['json_syntax', 'too_deep', 'duplicate_key', 'number_out_of_range', 'not_json_data', 'nul_in_path',
      'too_many_values', 'too_many_values_per_sample', 'negative_variance', 'expected_batch_count', 'expected_shard',
      'batch_size_too_large', 'expected_count_shape']) {
      assert.ok(codes.has(code), `${code} in docs/ERRORS.md`);
    }
    assert.ok(codes.size >= 75, `${codes.size} codes`);
    for (const [language, strings] of [['en', english], ['ko', korean]]) {
      const missing = [...codes].filter((code) => !strings[`problem.${code}`]);
      assert.deepEqual(missing, [], `codes without a ${language} text`);
    }
  });

  test('the new codes read naturally through describeProblem, in English and Korean', async () => {
    const { translatorFor } = await import('../../web/src/i18n/translator.js');
    const { describeProblem } = await import('../../web/src/views/problem_text.js');
    const deep = { path: 'a.a', code: 'too_deep', params: { maximum: 64 }, message: '' };
    assert.equal(describeProblem(deep, translatorFor('en'), 'en'), 'a.a: nested more than 64 levels deep (arrays and objects inside each other).');
    assert.equal(describeProblem(deep, translatorFor('ko'), 'ko'), 'a.a: 배열과 객체가 64단계보다 깊게 중첩되어 있습니다.');
    const duplicate = { path: 'model.layers[0].units', code: 'duplicate_key', params: { key: 'units' }, message: '' };
    assert.equal(describeProblem(duplicate, translatorFor('ko'), 'ko'), 'model.layers[0].units: 이 객체에 키 “units”가 두 번 있습니다. 키는 한 번씩만 쓰세요.');
    const variance = { path: 'tensors.layers.1.running_variance.data[2]', code: 'negative_variance', params: { got: '-0.5' }, message: '' };
    assert.equal(describeProblem(variance, translatorFor('en'), 'en'), 'tensors.layers.1.running_variance.data[2]: a variance cannot be negative, got -0.5.');
  });

  test('every reason the engine gives for keeping a BatchNorm unfolded (FoldCheck.keptLayers in bnlab.d.ts) has a text in both languages', async () => {
    const types = await readFile(new URL('../../bindings/js/bnlab.d.ts', import.meta.url), 'utf8');
    const union = types.match(/keptLayers: Array<\{ layer: number; because: ([^}]+) \}>/);
    assert.ok(union, 'FoldCheck.keptLayers in bnlab.d.ts');
    const codes = [...union[1].matchAll(/'(\w+)'/g)].map((match) => match[1]);
    assert.deepEqual(codes, ['not_after_dense_or_conv2d', 'no_running_statistics']);
    for (const strings of [english, korean]) {
      for (const code of codes) assert.match(strings[`fold.keptBecause.${code}`] ?? '', /model\.layers\[\{layer\}\]/, code);
    }
  });

  test('the browser language picks the default: Korean for ko-*, English otherwise', () => {
    assert.equal(pickLanguage(['ko-KR', 'en-US']), 'ko');
    assert.equal(pickLanguage(['de-DE', 'ko']), 'ko');
    assert.equal(pickLanguage(['fr-FR']), 'en');
    assert.equal(pickLanguage(undefined), 'en');
  });
});

describe('the lecture notebook', () => {
  test('notebooks/lecture.md reads without a notice and every cell has its text in both languages', () => {
    assert.deepEqual(lectureNotebook.notices, []);
    assert.deepEqual(lectureNotebook.cells.map((cell) => cell.id ?? cell.type), ['markdown', 'lecture', 'markdown', 'figure1', 'markdown', 'playground', 'markdown', 'learning-rate-sweep', 'markdown', 'init-scale-sweep']);
    for (const cell of lectureNotebook.cells) {
      if (cell.type === 'markdown') {
        assert.ok(cell.texts.en.trim().length > 100 && cell.texts.ko.trim().length > 100);
        // The same formulas in both languages: count the $ signs.
        assert.equal(cell.texts.ko.split('$').length, cell.texts.en.split('$').length);
        assert.notEqual(cell.texts.ko, cell.texts.en);
      } else {
        for (const language of ['en', 'ko']) assert.ok(cell.texts[language].title && cell.texts[language].description);
        assert.notEqual(cell.texts.ko.title, cell.texts.en.title);
      }
    }
    for (const language of ['en', 'ko']) assert.ok(lectureNotebook.title[language] && lectureNotebook.subtitle[language]);
  });
});

describe('engine outcomes in the page’s language', async () => {
  const { translatorFor } = await import('../../web/src/i18n/translator.js');
  const { describeProblem } = await import('../../web/src/views/problem_text.js');
  const { divergenceStep, divergenceText } = await import('../../web/src/views/divergence_text.js');

  test('a problem by its code and parameters, the engine’s message for a code the page does not know', () => {
    const problem = { path: 'training.batch_size', code: 'expected_integer', params: { minimum: 1, maximum: 65536, got: 0 }, message: 'training.batch_size: expected …' };
    assert.equal(describeProblem(problem, translatorFor('en'), 'en'), 'training.batch_size: expected a whole number from 1 to 65,536, got 0.');
    assert.match(describeProblem(problem, translatorFor('ko'), 'ko'), /^training\.batch_size: 1부터 65,536까지의 정수여야 하는데 0입니다\.$/);
    const unknown = { path: 'model.layers[1]', code: 'some_new_code', params: {}, message: 'model.layers[1]: something new' };
    assert.equal(describeProblem(unknown, translatorFor('ko'), 'ko'), 'model.layers[1]: something new');
    const long = { path: `x${'y'.repeat(500)}`, code: 'unknown_field', params: { field: 'y', allowed: ['a', 'b'] }, message: '' };
    const text = describeProblem(long, translatorFor('en'), 'en');
    assert.ok(text.length < 200 && text.includes('…') && text.includes('allowed here: a, b'), text);
  });

  test('a divergence from its structured record; a record the page cannot read as the engine wrote it', () => {
    const record = { step: 33, cause: 'loss_not_finite', lastLoss: 4.5e24, tensor: '', message: 'diverged at step 33: loss became NaN' };
    assert.equal(divergenceStep(record), 33);
    assert.match(divergenceText(record, translatorFor('en')), /^diverged at step 33: the loss is no longer a finite number\. The last finite loss was 4\.5e\+24\./);
    assert.match(divergenceText(record, translatorFor('ko')), /^33 스텝에서 발산했습니다/);
    const gradient = { ...record, cause: 'gradient_not_finite', tensor: 'layers.3.weight' };
    assert.match(divergenceText(gradient, translatorFor('en')), /a gradient \(layers\.3\.weight\)/);
    assert.equal(divergenceText({ ...record, cause: 'new_cause' }, translatorFor('en')), record.message);
    // An engine that still sends a sentence: shown as it is, no step read out of the English.
    assert.equal(divergenceText('diverged at step 5: loss became NaN', translatorFor('ko')), 'diverged at step 5: loss became NaN');
    assert.equal(divergenceStep('diverged at step 5: loss became NaN'), null);
  });
});
