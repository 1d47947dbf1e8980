// Checks a whole settings object — each value against its entry, then the rules that tie
// settings together — and applies a change with the adjustments a change implies (a new
// dataset brings its own sample counts and preprocessing). Pure functions on plain objects.

import { datasetCatalog } from './dataset_catalog.js';
import { settingApplies, settingConstraints, settingEntry, settingsTable } from './settings_table.js';

/** Sample counts and preprocessing that suit a dataset (used when the learner switches to it). */
function datasetDefaults(datasetName) {
  const facts = datasetCatalog[datasetName];
  if (facts.family === 'images') {
    return {
      trainSamples: facts.trainAvailable - 1000, validationSamples: 1000,
      testSamples: facts.testAvailable, preprocessing: facts.defaultPreprocessing,
    };
  }
  return {
    trainSamples: 700, validationSamples: 100, testSamples: 200,
    preprocessing: facts.defaultPreprocessing, classes: Math.max(2, facts.classes),
  };
}

/**
 * A new settings object with one setting changed. Switching the dataset also resets the
 * sample counts, the preprocessing and the class count to values that suit the new dataset.
 */
export function changeSetting(settings, name, value) {
  settingEntry(name);  // a name outside the table is a programming error
  const changed = { ...settings, [name]: value };
  if (name === 'dataset' && value !== settings.dataset && datasetCatalog[value] !== undefined) {
    Object.assign(changed, datasetDefaults(value));
  }
  return changed;
}

/** Whether the network as written (the first run of a cell) has BatchNorm layers. */
export function hasBatchNorm(settings) {
  return settings.batchNorm !== 'off';
}

function crossFieldProblems(settings) {
  const problems = {};
  const facts = datasetCatalog[settings.dataset];
  if (facts === undefined) return problems;
  if (facts.family === 'images' && settings.trainSamples + settings.validationSamples > facts.trainAvailable) {
    problems.trainSamples = {
      code: 'imagesTrainSplit',
      params: { available: facts.trainAvailable, validation: settings.validationSamples },
    };
  }
  if (facts.family === 'generated') {
    const total = settings.trainSamples + settings.validationSamples + settings.testSamples;
    if (total > 20000) problems.trainSamples = { code: 'generatedTotal', params: { total, maximum: 20000 } };
  }
  if (hasBatchNorm(settings)) {
    if (settings.batchSize === 1) {
      problems.batchSize = { code: 'batchNormBatchOfOne', params: {} };
    } else if (settings.trainSamples % settings.batchSize === 1) {
      problems.batchSize = {
        code: 'batchNormLastBatchOfOne',
        params: { trainSamples: settings.trainSamples, batchSize: settings.batchSize },
      };
    }
  }
  if (settings.compare && !hasBatchNorm(settings)) {
    problems.compare = { code: 'compareNeedsBatchNorm', params: {} };
  }
  return problems;
}

/**
 * Every problem of a settings object, keyed by setting name ({} when it can run). Settings
 * that do not apply are skipped.
 * @returns {Record<string, {code: string, params: object}>}
 */
export function validateSettings(settings) {
  // Every other entry's bounds and relevance depend on the dataset: check it first, alone.
  const datasetEntry = settingEntry('dataset');
  const datasetProblem = datasetEntry.type.check(settings.dataset, settingConstraints('dataset', settings));
  if (datasetProblem !== null) return { dataset: datasetProblem };
  const problems = {};
  for (const entry of settingsTable) {
    if (!(entry.name in settings)) {
      problems[entry.name] = { code: 'missing', params: {} };
      continue;
    }
    if (!settingApplies(entry.name, settings)) continue;
    const problem = entry.type.check(settings[entry.name], settingConstraints(entry.name, settings));
    if (problem !== null) problems[entry.name] = problem;
  }
  // Rules between settings only make sense once every value has the right type and range.
  if (Object.keys(problems).length > 0) return problems;
  return crossFieldProblems(settings);
}
