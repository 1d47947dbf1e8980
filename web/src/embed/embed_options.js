// What a widget was asked to show, read from the custom element's attributes or from the
// embed page's URL (docs/EMBED.md). Pure: no DOM, no fetching. Every value is checked against
// a fixed list or pattern; whatever is not understood becomes a problem {code, params} that
// the widget shows in its box (in the page's language) — never a silent default, and nothing
// read here is ever run.

import { outputChoices, variantChoices } from '../notebook/parse_notebook.js';

export const languageChoices = Object.freeze(['en', 'ko']);
/** parts of a cell a widget can leave out (`controls` lists what to show, `hide` what not to) */
export const partChoices = Object.freeze(['settings', 'file', 'share', 'export']);
/** what `hide=` of embed.html takes: the parts above and the outputs */
export const hideChoices = Object.freeze([...partChoices, ...outputChoices]);

export const elementAttributes = Object.freeze(['src', 'cell', 'variants', 'outputs', 'controls', 'hidetext', 'lang', 'steps', 'height']);
export const embedParameters = Object.freeze(['notebook', 'cell', 'experiment', 'variants', 'hideText', 'hide', 'lang', 'steps', 'host']);

const cellIdPattern = /^[a-z][a-z0-9_-]{0,39}$/;
const stepsPattern = /^[1-9][0-9]{0,8}$/;
const heightPattern = /^([1-9][0-9]{1,4})(px)?$/;
const longestShown = 60;

function shown(text) {
  const value = String(text);
  return value.length > longestShown ? `${value.slice(0, longestShown - 1)}…` : value;
}

/** "a b,c" -> ['a', 'b', 'c'], each checked against `choices`; null when the text is absent. */
function readList(text, field, choices, problems, { allowNone = false } = {}) {
  if (text === null || text === undefined) return null;
  const names = String(text).split(/[\s,]+/).filter((name) => name.length > 0);
  if (allowNone && names.length === 1 && names[0] === 'none') return [];
  const kept = [];
  for (const name of names) {
    if (!choices.includes(name)) problems.push({ code: 'embed_bad_choice', params: { field, got: shown(name), choices: choices.join(', ') } });
    else if (!kept.includes(name)) kept.push(name);
  }
  if (names.length === 0) problems.push({ code: 'embed_empty', params: { field } });
  return kept.length > 0 || allowNone ? kept : null;
}

function readLanguage(text, field, problems) {
  if (text === null || text === undefined) return null;
  if (languageChoices.includes(text)) return text;
  problems.push({ code: 'embed_bad_choice', params: { field, got: shown(text), choices: languageChoices.join(', ') } });
  return null;
}

function readSteps(text, field, problems) {
  if (text === null || text === undefined) return null;
  if (stepsPattern.test(text)) return Number(text);
  problems.push({ code: 'embed_bad_steps', params: { field, got: shown(text) } });
  return null;
}

function readCellId(text, field, problems) {
  if (text === null || text === undefined) return null;
  if (cellIdPattern.test(text)) return text;
  problems.push({ code: 'embed_bad_cell_id', params: { field, got: shown(text) } });
  return null;
}

/** A flag of the URL: present without a value, `true`/`1` or `false`/`0`. */
function readFlag(text, field, problems) {
  if (text === null) return false;
  if (text === '' || text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  problems.push({ code: 'embed_bad_choice', params: { field, got: shown(text), choices: 'true, false' } });
  return false;
}

/** An origin ("https://course.example.org"): the only page the embed page talks to. */
function readOrigin(text, field, problems) {
  if (text === null) return null;
  let origin = null;
  try {
    origin = new URL(text).origin;
  } catch {
    origin = null;
  }
  if (origin !== null && origin !== 'null' && origin === text && /^https?:/.test(text)) return origin;
  problems.push({ code: 'embed_bad_origin', params: { field, got: shown(text) } });
  return null;
}

/**
 * The options of one <bnlab-experiment>, from its attributes.
 * @param {(name: string) => string|null} attribute  reads an attribute (null when absent)
 * @returns {{options: object, problems: Array<{code, params}>}}
 */
export function readElementOptions(attribute) {
  const problems = [];
  const heightText = attribute('height');
  let height = null;
  if (heightText !== null && heightText !== 'auto') {
    const match = heightPattern.exec(heightText);
    if (match === null) problems.push({ code: 'embed_bad_height', params: { field: 'height', got: shown(heightText) } });
    else height = Number(match[1]);
  }
  const src = attribute('src');
  if (src !== null && src.trim() === '') problems.push({ code: 'embed_empty', params: { field: 'src' } });
  const controls = readList(attribute('controls'), 'controls', partChoices, problems, { allowNone: true });
  const options = {
    src: src !== null && src.trim() !== '' ? src.trim() : null,
    cell: readCellId(attribute('cell'), 'cell', problems),
    variants: readList(attribute('variants'), 'variants', variantChoices, problems),
    outputs: readList(attribute('outputs'), 'outputs', outputChoices, problems),
    hidden: controls === null ? [] : partChoices.filter((part) => !controls.includes(part)),
    language: readLanguage(attribute('lang'), 'lang', problems),
    steps: readSteps(attribute('steps'), 'steps', problems),
    height,
    hideText: readFlag(attribute('hidetext'), 'hidetext', problems),
  };
  return { options, problems };
}

/**
 * The options of embed.html, from its URL's query (the #fragment holds the state diff, as on
 * the notebook page). Unknown parameters are problems too: a misspelt flag must not be ignored.
 * @param {URLSearchParams} query
 * @returns {{options: object, problems: Array<{code, params}>}}
 */
export function readEmbedParameters(query) {
  const problems = [];
  for (const key of new Set(query.keys())) {
    if (!embedParameters.includes(key)) problems.push({ code: 'embed_unknown_parameter', params: { key: shown(key), allowed: embedParameters.join(', ') } });
  }
  const value = (name) => query.get(name);
  const notebook = value('notebook');
  const experiment = value('experiment');
  if (notebook !== null && experiment !== null) problems.push({ code: 'embed_two_sources', params: {} });
  if (notebook === null && experiment === null) problems.push({ code: 'embed_no_source', params: {} });
  const hidden = readList(value('hide'), 'hide', hideChoices, problems) ?? [];
  const options = {
    notebook,
    experiment,
    cell: readCellId(value('cell'), 'cell', problems),
    variants: readList(value('variants'), 'variants', variantChoices, problems),
    outputs: outputChoices.filter((name) => !hidden.includes(name)),
    hidden: hidden.filter((name) => partChoices.includes(name)),
    language: readLanguage(value('lang'), 'lang', problems),
    steps: readSteps(value('steps'), 'steps', problems),
    hideText: readFlag(value('hideText'), 'hideText', problems),
    host: readOrigin(value('host'), 'host', problems),
  };
  if (options.cell !== null && notebook === null && experiment !== null) {
    problems.push({ code: 'embed_cell_without_notebook', params: {} });
  }
  return { options, problems };
}

/** The experiment with `steps` training steps instead of its own length (epochs or steps). */
export function withSteps(experiment, steps) {
  if (steps === null) return experiment;
  const training = { ...(experiment.training ?? {}), steps };
  delete training.epochs;
  return { ...experiment, training };
}
