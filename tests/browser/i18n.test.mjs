// Both languages say everything: the same keys, the same placeholders, and every key the page
// builds from the settings table (labels, choices, problems) exists.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import english from '../../web/src/i18n/en.js';
import korean from '../../web/src/i18n/ko.js';
import { pickLanguage } from '../../web/src/i18n/translator.js';
import { lectureNotebook } from '../../web/notebooks/lecture.js';
import { settingsTable } from '../../web/src/settings/settings_table.js';

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

  test('every setting has a label, every choice a name, in both languages', () => {
    for (const strings of [english, korean]) {
      for (const entry of settingsTable) {
        assert.ok(strings[`setting.${entry.name}`], `setting.${entry.name}`);
        for (const choice of entry.choices ?? []) assert.ok(strings[`choice.${entry.name}.${choice}`], `choice.${entry.name}.${choice}`);
      }
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
  test('every cell has its text in both languages', () => {
    for (const cell of lectureNotebook.cells) {
      if (cell.type === 'markdown') {
        assert.ok(cell.text.en.trim().length > 100 && cell.text.ko.trim().length > 100);
        // The same formulas in both languages: count the $ signs.
        assert.equal(cell.text.ko.split('$').length, cell.text.en.split('$').length);
      } else {
        for (const language of ['en', 'ko']) assert.ok(cell.text[language].title && cell.text[language].description);
      }
    }
    for (const language of ['en', 'ko']) assert.ok(lectureNotebook.title[language] && lectureNotebook.subtitle[language]);
  });
});
