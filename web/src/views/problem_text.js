// A settings problem ({code, params}, settings/setting_types.js and settings_rules.js) as a
// sentence in the page's language, numbers written the page's way.

import { formatCount, formatMetric } from '../format/numbers.js';

function formatParameter(value, language) {
  if (typeof value !== 'number') return value;
  return Number.isInteger(value) ? formatCount(value, language) : formatMetric(value, language);
}

export function describeProblem(problem, t, language) {
  const parameters = Object.fromEntries(Object.entries(problem.params ?? {})
    .map(([name, value]) => [name, formatParameter(value, language)]));
  return t(`problem.${problem.code}`, parameters);
}
