// A problem as a sentence in the page's language: the engine's problems
// ({path, code, params, message}, docs/ERRORS.md) and the page's own notices ({code, params}).
// A code the page has no text for is shown as the engine wrote it (its English message).

import { formatCount, formatMetric } from '../format/numbers.js';

const longestPath = 80;
const longestText = 400;

function truncated(text, limit) {
  const value = String(text);
  return value.length > limit ? `${value.slice(0, limit - 1)}…` : value;
}

function formatParameter(value, language) {
  if (Array.isArray(value)) return value.map((item) => formatParameter(item, language)).join(', ');
  if (typeof value === 'number') return Number.isInteger(value) ? formatCount(value, language) : formatMetric(value, language);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function formatParameters(params, language) {
  // A name from a file or a link (an unknown field, a choice) can be any length: cut it short.
  return Object.fromEntries(Object.entries(params ?? {}).map(([name, value]) => [name, truncated(formatParameter(value, language), 60)]));
}

/**
 * An engine problem: "training.batch_size: <the text for its code>", or its English message.
 * Paths and texts from a file or a link can be any length: they are cut short for display.
 */
export function describeProblem(problem, t, language) {
  // An integer with no upper bound reads "at least N".
  const unbounded = problem.code === 'expected_integer' && (problem.params?.maximum === null || problem.params?.maximum === undefined);
  const key = unbounded ? 'problem.expected_integer_at_least' : `problem.${problem.code}`;
  const path = typeof problem.path === 'string' ? problem.path : '';
  if (!t.has(key)) {
    let message = String(problem.message ?? problem.code);
    if (path.length > longestPath && message.startsWith(path)) message = truncated(path, longestPath) + message.slice(path.length);
    return truncated(message, longestText);
  }
  const params = { ...problem.params };
  if (problem.code === 'expected_number') {
    // [a, b], (a, b] ...: the interval the engine accepts, written the usual way.
    params.range = `${params.minimum_inclusive === false || params.minimum === null ? '(' : '['}${params.minimum ?? '−∞'}, ${params.maximum ?? '∞'}${params.maximum_inclusive === false || params.maximum === null ? ')' : ']'}`;
  }
  const sentence = truncated(t(key, formatParameters(params, language)), longestText);
  return path ? `${truncated(path, longestPath)}: ${sentence}` : sentence;
}

/** A notice of the page (a notebook, a link, a file): its text, or its code and parameters. */
export function describeNotice(notice, t, language) {
  const key = `notice.${notice.code}`;
  if (t.has(key)) return t(key, formatParameters(notice.params, language));
  return `${notice.code} ${JSON.stringify(notice.params ?? {})}`;
}
