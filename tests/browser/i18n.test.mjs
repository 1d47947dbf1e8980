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

  test('the engine problem codes of docs/ERRORS.md that the page knows have a text in both languages', () => {
    const codes = ['json_syntax', 'missing_field', 'unknown_field', 'expected_type', 'expected_integer', 'expected_number',
      'expected_choice', 'too_large', 'batch_size_too_large', 'steps_or_epochs'];
    for (const strings of [english, korean]) for (const code of codes) assert.ok(strings[`problem.${code}`], code);
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
    assert.deepEqual(lectureNotebook.cells.map((cell) => cell.id ?? cell.type), ['markdown', 'lecture', 'markdown', 'playground']);
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
