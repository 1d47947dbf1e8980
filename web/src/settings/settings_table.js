// The settings of an experiment cell: one typed entry per control, in the order the form shows
// them. This table is the cell's state — it is what the URL stores (settings_url.js), what the
// form renders (views/settings_form.js) and what becomes the experiment file
// (experiment_builder.js). Each entry says its type, its default, its bounds (which may depend
// on other settings) and when it applies (a control that does not apply is disabled, and its
// value is neither validated nor used).

import { datasetCatalog, datasetNames } from './dataset_catalog.js';
import { booleanType, choiceType, integerType, layerWidthsType, numberType } from './setting_types.js';

const generatedSamplesLimit = 20000;
const pageStepsLimit = 100000;

function facts(settings) {
  return datasetCatalog[settings.dataset];
}

const isImages = (settings) => facts(settings).family === 'images';
const isGenerated = (settings) => facts(settings).family === 'generated';
const initHasScale = (settings) => settings.initScheme === 'normal' || settings.initScheme === 'uniform';

/**
 * @typedef {{
 *   name: string, group: 'data'|'model'|'training', type: object, default: unknown,
 *   choices?: string[], bounds?: (settings: object) => object,
 *   appliesTo?: (settings: object) => boolean, step?: string }} SettingEntry
 */

/** @type {readonly SettingEntry[]} */
export const settingsTable = Object.freeze([
  { name: 'dataset', group: 'data', type: choiceType, default: 'mnist', choices: datasetNames },
  {
    name: 'trainSamples', group: 'data', type: integerType, default: 7004,
    bounds: (settings) => ({
      minimum: 2,
      maximum: isImages(settings) ? facts(settings).trainAvailable : generatedSamplesLimit,
    }),
  },
  {
    name: 'validationSamples', group: 'data', type: integerType, default: 1000,
    bounds: (settings) => ({
      minimum: 0,
      maximum: isImages(settings) ? facts(settings).trainAvailable - 2 : generatedSamplesLimit,
    }),
  },
  {
    name: 'testSamples', group: 'data', type: integerType, default: 1996,
    bounds: (settings) => ({
      minimum: isImages(settings) ? 1 : 0,
      maximum: isImages(settings) ? facts(settings).testAvailable : generatedSamplesLimit,
    }),
  },
  {
    name: 'noise', group: 'data', type: numberType, default: 0.1, step: '0.05',
    bounds: () => ({ minimum: 0, maximum: 5 }), appliesTo: isGenerated,
  },
  {
    name: 'classes', group: 'data', type: integerType, default: 2,
    bounds: (settings) => ({ minimum: 2, maximum: facts(settings).maximumClasses }),
    appliesTo: (settings) => facts(settings).classesAdjustable,
  },
  {
    name: 'preprocessing', group: 'data', type: choiceType, default: 'scale_to_unit',
    choices: ['none', 'scale_to_unit', 'min_max', 'standardize'],
  },
  {
    name: 'hiddenLayers', group: 'model', type: layerWidthsType, default: [32, 32],
    bounds: () => ({ minimum: 1, maximum: 1024, maximumLayers: 8 }),
  },
  {
    name: 'activation', group: 'model', type: choiceType, default: 'relu',
    choices: ['relu', 'leaky_relu', 'prelu', 'sigmoid', 'tanh', 'identity'],
  },
  { name: 'batchNorm', group: 'model', type: choiceType, default: 'before', choices: ['before', 'after', 'off'] },
  { name: 'compare', group: 'model', type: booleanType, default: true },
  {
    name: 'initScheme', group: 'model', type: choiceType, default: 'pytorch_default',
    choices: ['pytorch_default', 'xavier_uniform', 'xavier_normal', 'he_uniform', 'he_normal', 'normal', 'uniform'],
  },
  {
    name: 'initStd', group: 'model', type: numberType, default: 0.1, step: 'any',
    bounds: () => ({ minimum: 0, maximum: 10, exclusiveMinimum: true }), appliesTo: initHasScale,
  },
  {
    name: 'loss', group: 'training', type: choiceType, default: 'mse', choices: ['mse', 'l1'],
    appliesTo: (settings) => facts(settings).task === 'regression',
  },
  {
    name: 'optimizer', group: 'training', type: choiceType, default: 'sgd',
    choices: ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'],
  },
  {
    name: 'learningRate', group: 'training', type: numberType, default: 0.1, step: 'any',
    bounds: () => ({ minimum: 0, maximum: 1e6, exclusiveMinimum: true }),
  },
  {
    name: 'batchSize', group: 'training', type: integerType, default: 64,
    bounds: (settings) => ({ minimum: 1, maximum: Math.max(1, Math.min(65536, settings.trainSamples || 1)) }),
  },
  {
    name: 'steps', group: 'training', type: integerType, default: 550,
    bounds: () => ({ minimum: 1, maximum: pageStepsLimit }),
  },
  {
    name: 'seed', group: 'training', type: integerType, default: 1,
    bounds: () => ({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  },
]);

const entriesByName = new Map(settingsTable.map((entry) => [entry.name, entry]));

/** The entry of a setting; throws for a name that is not in the table (a programming error). */
export function settingEntry(name) {
  const entry = entriesByName.get(name);
  if (entry === undefined) throw new Error(`no setting named ${JSON.stringify(name)}`);
  return entry;
}

/** The table's own defaults (the lecture's MNIST experiment), as a fresh object. */
export function defaultSettings() {
  return Object.fromEntries(settingsTable.map((entry) => [entry.name, structuredClone(entry.default)]));
}

/** Whether a setting means anything for the other settings' current values. */
export function settingApplies(name, settings) {
  const entry = settingEntry(name);
  return entry.appliesTo === undefined || entry.appliesTo(settings);
}

/** The bounds and choices a setting's check needs, for the other settings' current values. */
export function settingConstraints(name, settings) {
  const entry = settingEntry(name);
  return { ...(entry.bounds ? entry.bounds(settings) : {}), choices: entry.choices };
}
