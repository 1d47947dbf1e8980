// Settings <-> URL parameters, so that a link reopens exactly the same experiment. Only the
// values that differ from the cell's preset are written ("lecture.steps=300"); each cell's keys
// carry its id as a prefix so that one URL holds every cell's changes.

import { settingsTable } from './settings_table.js';

function sameValue(left, right) {
  return JSON.stringify(left) === JSON.stringify(right);
}

/**
 * The URL parameters of one cell: [key, text] pairs for every setting that differs from the preset.
 * @param {object} settings
 * @param {object} preset
 * @param {string} prefix  the cell id
 * @returns {Array<[string, string]>}
 */
export function settingsToParameters(settings, preset, prefix) {
  const pairs = [];
  for (const entry of settingsTable) {
    const value = settings[entry.name];
    if (value === undefined || sameValue(value, preset[entry.name])) continue;
    pairs.push([`${prefix}.${entry.name}`, entry.type.format(value)]);
  }
  return pairs;
}

/**
 * A cell's settings from URL parameters: the preset, overridden by every parameter that reads
 * as its type. A parameter that does not read is reported (and the preset's value kept), never
 * replaced by a guess. Range and cross-setting problems are left to validateSettings, so the
 * form can show them next to the control.
 * @param {URLSearchParams} parameters
 * @returns {{settings: object, unreadable: Array<{name: string, text: string}>}}
 */
export function settingsFromParameters(parameters, preset, prefix) {
  const settings = structuredClone(preset);
  const unreadable = [];
  for (const entry of settingsTable) {
    const text = parameters.get(`${prefix}.${entry.name}`);
    if (text === null) continue;
    const read = entry.type.parse(text, { choices: entry.choices });
    if ('value' in read) settings[entry.name] = read.value;
    else unreadable.push({ name: entry.name, text });
  }
  return { settings, unreadable };
}
