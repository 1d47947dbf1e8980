// The value types of the settings table: how a value is read from text (a form field or the
// URL), written back to text, and checked. A check returns null or a problem
// {code, params}; the page translates the code (i18n/*.js, "problem.*") and shows it next to
// the control. No type guesses a default for text it cannot read: that is a problem too.

const decimalInteger = /^[+]?\d+$/;
const decimalNumber = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function problem(code, params = {}) {
  return { code, params };
}

/** Whole numbers in [minimum, maximum]; the bounds may depend on the other settings. */
export const integerType = Object.freeze({
  name: 'integer',
  parse(text) {
    const trimmed = String(text).trim();
    if (!decimalInteger.test(trimmed)) return { problem: problem('notInteger') };
    const value = Number(trimmed);
    if (!Number.isSafeInteger(value)) return { problem: problem('notInteger') };
    return { value };
  },
  format: (value) => String(value),
  check(value, { minimum, maximum }) {
    if (!Number.isSafeInteger(value)) return problem('notInteger');
    if (value < minimum || value > maximum) return problem('integerRange', { minimum, maximum });
    return null;
  },
});

/** Finite decimal numbers; `exclusiveMinimum` for quantities that must be > 0 (a learning rate). */
export const numberType = Object.freeze({
  name: 'number',
  parse(text) {
    const trimmed = String(text).trim();
    if (!decimalNumber.test(trimmed)) return { problem: problem('notNumber') };
    const value = Number(trimmed);
    if (!Number.isFinite(value)) return { problem: problem('notNumber') };
    return { value };
  },
  format: (value) => String(value),
  check(value, { minimum, maximum, exclusiveMinimum = false }) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return problem('notNumber');
    if (exclusiveMinimum ? value <= minimum : value < minimum) {
      return problem(exclusiveMinimum ? 'numberAbove' : 'numberRange', { minimum, maximum });
    }
    if (value > maximum) return problem(exclusiveMinimum ? 'numberAbove' : 'numberRange', { minimum, maximum });
    return null;
  },
});

export const booleanType = Object.freeze({
  name: 'boolean',
  parse(text) {
    const trimmed = String(text).trim();
    if (trimmed === '1' || trimmed === 'true') return { value: true };
    if (trimmed === '0' || trimmed === 'false') return { value: false };
    return { problem: problem('notBoolean') };
  },
  format: (value) => (value ? '1' : '0'),
  check: (value) => (typeof value === 'boolean' ? null : problem('notBoolean')),
});

/** One of a fixed list of names (never a silent fallback for an unknown name). */
export const choiceType = Object.freeze({
  name: 'choice',
  parse(text, { choices }) {
    const trimmed = String(text).trim();
    return choices.includes(trimmed) ? { value: trimmed } : { problem: problem('unknownChoice', { choices: choices.join(', ') }) };
  },
  format: (value) => value,
  check: (value, { choices }) => (choices.includes(value) ? null : problem('unknownChoice', { choices: choices.join(', ') })),
});

/**
 * The widths of the hidden layers, e.g. [32, 32]. Written "32, 32" in the form and "32-32"
 * in the URL (no escaping needed); both forms are read.
 */
export const layerWidthsType = Object.freeze({
  name: 'layers',
  parse(text) {
    const parts = String(text).split(/[\s,;x×-]+/).filter((part) => part !== '');
    if (parts.length === 0 || parts.some((part) => !decimalInteger.test(part))) {
      return { problem: problem('notLayerList') };
    }
    return { value: parts.map(Number) };
  },
  format: (value) => value.join('-'),
  display: (value) => value.join(', '),
  check(value, { minimum, maximum, maximumLayers }) {
    if (!Array.isArray(value) || value.length === 0) return problem('notLayerList');
    if (value.length > maximumLayers) return problem('tooManyLayers', { maximumLayers });
    if (value.some((units) => !Number.isSafeInteger(units) || units < minimum || units > maximum)) {
      return problem('layerWidthRange', { minimum, maximum });
    }
    return null;
  },
});
