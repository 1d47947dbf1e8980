// A cell's changes as a diff against its preset experiment: [path, value] pairs, the value
// undefined where a field was removed. The URL fragment carries the diff of every cell
// (docs/WEB.md, "Links"): `#lang=ko&lecture.training.batch_size=128&lecture.training.epochs=`,
// so a link can change any field of the file, also those the form does not show.

import { formatPath, parsePath, PathError, setAt } from './json_path.js';

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function deepEqual(left, right) {
  if (left === right) return true;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') return false;
  const leftKeys = Object.keys(left);
  if (leftKeys.length !== Object.keys(right).length) return false;
  return leftKeys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]));
}

function walk(before, after, segments, pairs) {
  if (deepEqual(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of Object.keys(before)) {
      if (!Object.hasOwn(after, key)) pairs.push([formatPath([...segments, key]), undefined]);
      else walk(before[key], after[key], [...segments, key], pairs);
    }
    for (const key of Object.keys(after)) {
      if (!Object.hasOwn(before, key)) pairs.push([formatPath([...segments, key]), after[key]]);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, index) => walk(item, after[index], [...segments, index], pairs));
    return;
  }
  pairs.push([formatPath(segments), after]);
}

/** The fields where `current` differs from `preset`, as [path, value|undefined] pairs. */
export function diffExperiment(preset, current) {
  const pairs = [];
  walk(preset, current, [], pairs);
  return pairs;
}

/**
 * `preset` with the pairs applied. Pairs that cannot be applied are returned as problems
 * {path, reason} (a path that is not a path, or that runs through a number); values are
 * never checked here: the engine's validator does that.
 */
export function applyDiff(preset, pairs) {
  let experiment = structuredClone(preset);
  const problems = [];
  for (const [path, value] of pairs) {
    const segments = parsePath(path);
    if (segments === null || segments.length === 0) {
      problems.push({ path, reason: 'bad_path' });
      continue;
    }
    try {
      experiment = setAt(experiment, segments, value);
    } catch (error) {
      if (!(error instanceof PathError)) throw error;
      problems.push({ path, reason: error.reason });
    }
  }
  return { experiment, problems };
}

/**
 * `preset` with the link's pairs applied, as text in which every value is written as the link
 * wrote it, or null when each value reads the same as JSON.parse made it. JSON.parse keeps the
 * last of two equal keys and turns 1e400 into Infinity, so the object alone would hide what is
 * wrong with such a value; the engine reads the text strictly, as it reads a file, and names
 * the problem at its path. Null too when the text could not hold exactly the object's changes
 * (a later pair reaching inside an earlier one's value): the object is then judged as it is.
 * @param {object} preset
 * @param {Array<[string, unknown, string]>} pairs  [path, value, the link's text of the value]
 */
export function linkedExperimentText(preset, pairs) {
  const rewritten = (value, text) => value !== undefined && value !== text && JSON.stringify(value) !== text;
  if (!pairs.some(([, value, text]) => rewritten(value, text))) return null;
  const raw = new Map();
  const marked = pairs.map(([path, value, text], index) => {
    if (!rewritten(value, text)) return [path, value];
    // A string no value of an experiment holds, replaced below by the link's own text.
    const marker = `\u0000bnlab-link-${index}\u0000`;
    raw.set(JSON.stringify(marker), text);
    return [path, marker];
  });
  const { experiment, problems } = applyDiff(preset, marked);
  if (problems.length > applyDiff(preset, pairs.map(([path, value]) => [path, value])).problems.length) return null;
  let text = `${JSON.stringify(experiment, null, 2)}\n`;
  for (const [marker, linkText] of raw) text = text.replace(marker, () => linkText);
  return text;
}

/** A value as URL text: JSON, except that a string JSON could not read is written bare. */
export function valueToText(value) {
  if (value === undefined) return '';
  if (typeof value === 'string' && value !== '') {
    try {
      JSON.parse(value);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value);
}

/** URL text -> a value: JSON when it reads as JSON, else the text itself; '' removes the field. */
export function textToValue(text) {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
