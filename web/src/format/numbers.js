// Numbers as the page shows them, in the page's language. Missing values (null, NaN) are a dash.

const localeOf = { en: 'en-US', ko: 'ko-KR' };
const formatters = new Map();

/**
 * The cached Intl formatter of `language` for `options`, which `name` stands for: a key built
 * by name rather than by serializing the options, because a table of counts asks once a cell.
 */
function formatter(language, name, options) {
  const key = `${language}|${name}`;
  let cached = formatters.get(key);
  if (cached === undefined) {
    cached = new Intl.NumberFormat(localeOf[language] ?? 'en-US', options);
    formatters.set(key, cached);
  }
  return cached;
}

export const missingValue = '—';

function isMissing(value) {
  return value === null || value === undefined || Number.isNaN(value);
}

/** A metric or loss with `significant` significant digits (exponent form when tiny or huge). */
export function formatMetric(value, language, significant = 4) {
  if (isMissing(value)) return missingValue;
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-4)) return value.toExponential(significant - 1);
  return formatter(language, `significant ${significant}`, { maximumSignificantDigits: significant }).format(value);
}

/** A share (0.973) as a percentage ("97.3 %" / "97.3%"). */
export function formatPercent(value, language, digits = 1) {
  if (isMissing(value)) return missingValue;
  return formatter(language, `percent ${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A whole count with grouping (1,234). */
export function formatCount(value, language) {
  if (isMissing(value)) return missingValue;
  return formatter(language, 'count', { maximumFractionDigits: 0 }).format(value);
}

/** A duration in seconds, rounded to what a progress line needs: "0.4 s", "12 s", "3 min 5 s". */
export function formatDuration(seconds, language) {
  if (isMissing(seconds) || !Number.isFinite(seconds)) return missingValue;
  const units = language === 'ko' ? { second: '초', minute: '분' } : { second: 's', minute: 'min' };
  if (seconds < 10) return `${formatter(language, 'tenths', { maximumFractionDigits: 1 }).format(seconds)} ${units.second}`;
  if (seconds < 60) return `${Math.round(seconds)} ${units.second}`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} ${units.minute} ${Math.round(seconds - 60 * minutes)} ${units.second}`;
}
