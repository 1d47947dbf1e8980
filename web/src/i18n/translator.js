// The page's two languages. Every string the page shows comes from i18n/en.js or i18n/ko.js
// (same keys; tests/browser/i18n.test.mjs checks that), with {name} placeholders filled in.

import english from './en.js';
import korean from './ko.js';

export const languages = Object.freeze({
  en: { label: 'English', strings: english },
  ko: { label: '한국어', strings: korean },
});

export const languageCodes = Object.freeze(Object.keys(languages));

/** The first of the browser's preferred languages that the page speaks; English otherwise. */
export function pickLanguage(preferred) {
  for (const tag of preferred ?? []) {
    const code = String(tag).toLowerCase().split('-')[0];
    if (code in languages) return code;
  }
  return 'en';
}

function fill(template, parameters) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in parameters ? String(parameters[name]) : whole));
}

const translators = new Map();

/**
 * The translate function of a language: t('run.start') or t('progress.step', {done, total}).
 * A key missing from the table is a bug; it shows as the key itself and is logged.
 * @returns {(key: string, parameters?: object) => string}
 */
export function translatorFor(language) {
  let translate = translators.get(language);
  if (translate === undefined) {
    const strings = (languages[language] ?? languages.en).strings;
    translate = (key, parameters = {}) => {
      const template = strings[key];
      if (template === undefined) {
        console.error(`bnlab: no ${language} text for "${key}"`);
        return key;
      }
      return fill(template, parameters);
    };
    /** Whether the language has a text for `key` (engine codes the page may not know yet). */
    translate.has = (key) => Object.hasOwn(strings, key);
    translators.set(language, translate);
  }
  return translate;
}
