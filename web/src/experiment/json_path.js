// JSON paths as the engine writes them in its problems ("training.batch_size",
// "model.layers[3].units", "" for the whole file): parse, format, read and write. Writes
// return a new object and leave the input untouched, so a cell's experiment is a value.

// A name ("training"), then any number of ".name" or "[index]".
const firstName = /^[^.[\]]+/;
const nextSegment = /^(?:\.([^.[\]]+)|\[(\d+)\])/;

/**
 * "model.layers[3].units" -> ['model', 'layers', 3, 'units']; "" -> [].
 * Returns null for text that is not a path (empty segments, unclosed brackets).
 * @returns {Array<string|number>|null}
 */
export function parsePath(text) {
  if (typeof text !== 'string') return null;
  if (text === '') return [];
  const segments = [];
  let rest = text;
  const first = firstName.exec(rest) ?? /^\[(\d+)\]/.exec(rest);
  if (first === null) return null;
  segments.push(first[1] !== undefined ? Number(first[1]) : first[0]);
  rest = rest.slice(first[0].length);
  while (rest.length > 0) {
    const match = nextSegment.exec(rest);
    if (match === null) return null;
    segments.push(match[1] !== undefined ? match[1] : Number(match[2]));
    rest = rest.slice(match[0].length);
  }
  return segments;
}

/** ['model', 'layers', 3, 'units'] -> "model.layers[3].units" */
export function formatPath(segments) {
  return segments.map((segment, index) => {
    if (typeof segment === 'number') return `[${segment}]`;
    return index === 0 ? segment : `.${segment}`;
  }).join('');
}

function isContainer(value) {
  return value !== null && typeof value === 'object';
}

/** The value at `segments`, or undefined when any step is missing. */
export function getAt(value, segments) {
  let current = value;
  for (const segment of segments) {
    if (!isContainer(current)) return undefined;
    if (Array.isArray(current) !== (typeof segment === 'number')) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/**
 * A copy of `value` with `segments` set to `newValue` (objects are created along the way).
 * `newValue === undefined` removes the field. Throws a PathError when a step goes through
 * something that is not an object or array of the matching kind.
 */
export function setAt(value, segments, newValue) {
  // Removing a field that is not there changes nothing (and creates no empty parents).
  if (newValue === undefined && getAt(value, segments) === undefined) return value;
  return writeAt(value, segments, newValue);
}

function writeAt(value, segments, newValue) {
  if (segments.length === 0) return structuredClone(newValue);
  const [head, ...rest] = segments;
  const numeric = typeof head === 'number';
  let container;
  if (value === undefined) {
    if (numeric) throw new PathError(`[${head}]`, 'not_an_array');
    container = {};
  } else if (!isContainer(value) || Array.isArray(value) !== numeric) {
    throw new PathError(numeric ? `[${head}]` : head, numeric ? 'not_an_array' : 'not_an_object');
  } else {
    container = Array.isArray(value) ? [...value] : { ...value };
  }
  if (numeric && head > container.length) throw new PathError(`[${head}]`, 'index_out_of_range');
  if (rest.length === 0 && newValue === undefined) {
    if (numeric) container.splice(head, 1);
    else delete container[head];
    return container;
  }
  try {
    container[head] = writeAt(container[head], rest, newValue);
  } catch (error) {
    if (error instanceof PathError) throw new PathError(formatPath([head]) + (error.segment.startsWith('[') ? '' : '.') + error.segment, error.reason);
    throw error;
  }
  return container;
}

/** A path that cannot be written into this value (the reason is a code for the page's texts). */
export class PathError extends Error {
  constructor(segment, reason) {
    super(`${segment}: ${reason}`);
    this.name = 'PathError';
    this.segment = segment;
    this.reason = reason;
  }
}
