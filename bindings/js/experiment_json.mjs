// Turns the JavaScript value a caller passes (an experiment or a model file) into the JSON
// text the engine parses. JSON.stringify alone would hide mistakes: it writes NaN and Infinity
// as null (the engine would then report "got null"), drops functions silently and throws a
// bare TypeError on BigInt. Here each of those is a ConfigError naming the field, in the
// engine's own "path: expected ..., got ..." form.

import { ConfigError } from './errors.mjs';

const maximumDepth = 200;

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'object') return value.constructor?.name && value.constructor !== Object
    ? `a ${value.constructor.name}` : 'an object';
  return `a ${typeof value}`;
}

// Code "not_json_data": a JavaScript value that JSON cannot carry (docs/ERRORS.md).
function fail(path, expected, value) {
  throw new ConfigError(`${path}: expected ${expected}, got ${describe(value)}`, path,
    'not_json_data', { expected, got: describe(value) });
}

function memberPath(path, key) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? (path ? `${path}.${key}` : key)
    : `${path}[${JSON.stringify(key)}]`;
}

function isPlainObject(value) {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function write(value, path, ancestors, parts) {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) fail(path, 'a finite number', value);
      parts.push(String(value));
      return;
    case 'bigint':
      parts.push(value.toString());  // exact, e.g. a 64-bit seed
      return;
    case 'string':
      parts.push(JSON.stringify(value));
      return;
    case 'boolean':
      parts.push(value ? 'true' : 'false');
      return;
    case 'object':
      break;
    default:
      fail(path, 'JSON data (an object, array, number, string, boolean or null)', value);
  }
  if (value === null) {
    parts.push('null');
    return;
  }
  if (ancestors.includes(value)) fail(path, 'JSON data without cycles', value);
  if (ancestors.length >= maximumDepth) fail(path, `at most ${maximumDepth} levels of nesting`, value);
  ancestors.push(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    if (value instanceof DataView) fail(path, 'an array', value);
    parts.push('[');
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) parts.push(',');
      const element = value[index];
      if (element === undefined) fail(`${path}[${index}]`, 'a value', element);
      write(element, `${path}[${index}]`, ancestors, parts);
    }
    parts.push(']');
  } else if (isPlainObject(value)) {
    parts.push('{');
    let first = true;
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;  // as in JSON.stringify: an absent field
      if (!first) parts.push(',');
      first = false;
      parts.push(JSON.stringify(key), ':');
      write(member, memberPath(path, key), ancestors, parts);
    }
    parts.push('}');
  } else {
    fail(path, 'a plain object or array', value);
  }
  ancestors.pop();
}

/**
 * JSON text for the engine. A string is passed through unchanged (the engine parses it and
 * names any syntax error); anything else must be a plain object of JSON data.
 * @param {unknown} value
 * @param {string} what  names the document in errors ("experiment", "model")
 * @returns {string}
 */
export function toJsonText(value, what) {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !isPlainObject(value)) {
    throw new ConfigError(`${what}: expected an object (or its JSON text), got ${describe(value)}`, '',
      'expected_type', { expected: 'object', got: describe(value) });
  }
  const parts = [];
  write(value, '', [], parts);
  return parts.join('');
}
