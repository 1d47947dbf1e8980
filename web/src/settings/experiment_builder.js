// Settings -> the experiment file (docs/EXPERIMENT_FORMAT.md) the engine runs: the same JSON
// the CLI reads, so a cell's experiment can be copied out and run with `bnlab train`.

import { datasetCatalog } from './dataset_catalog.js';

// About this many points per curve: enough for a smooth live plot, few enough that redrawing
// stays far below a frame's budget even for long runs.
const lossPointsPerCurve = 1500;
// Each evaluation passes over every split in eval mode; ~25 of them keep that cost a small
// share of the run while still drawing an accuracy curve.
const evaluationsPerRun = 25;

function datasetSection(settings, facts) {
  if (facts.family === 'images') {
    // Real sets come with their own test part; validation is carved from the training part.
    return {
      kind: facts.kind,
      train_samples: settings.trainSamples + settings.validationSamples,
      test_samples: settings.testSamples,
    };
  }
  const section = {
    kind: facts.kind,
    samples: settings.trainSamples + settings.validationSamples + settings.testSamples,
    noise: settings.noise,
  };
  if (facts.classesAdjustable) section.classes = settings.classes;
  return section;
}

function splitSection(settings, facts) {
  const split = {};
  if (settings.validationSamples > 0) split.validation = settings.validationSamples;
  if (facts.family === 'generated' && settings.testSamples > 0) split.test = settings.testSamples;
  return Object.keys(split).length > 0 ? split : undefined;
}

function hiddenBlock(units, settings) {
  const activation = { type: settings.activation };
  if (settings.batchNorm === 'before') {
    // β replaces the bias of the layer before BatchNorm; the compare variant gets it back.
    return [{ type: 'dense', units, bias: false }, { type: 'batchnorm' }, activation];
  }
  if (settings.batchNorm === 'after') {
    return [{ type: 'dense', units }, activation, { type: 'batchnorm' }];
  }
  return [{ type: 'dense', units }, activation];
}

/**
 * The experiment file of a cell's settings (which must have passed validateSettings).
 * @param {object} settings
 * @param {string} name  the experiment's name (the cell id)
 */
export function buildExperiment(settings, name) {
  const facts = datasetCatalog[settings.dataset];
  const outputs = facts.task === 'regression' ? 1 : (facts.classesAdjustable ? settings.classes : facts.classes);
  const layers = [
    ...settings.hiddenLayers.flatMap((units) => hiddenBlock(units, settings)),
    { type: 'dense', units: outputs },
  ];
  const init = { scheme: settings.initScheme };
  if (settings.initScheme === 'normal' || settings.initScheme === 'uniform') init.std = settings.initStd;
  return {
    name,
    seed: settings.seed,
    dataset: datasetSection(settings, facts),
    split: splitSection(settings, facts),
    preprocessing: settings.preprocessing,
    model: { layers },
    init,
    loss: facts.task === 'regression' ? settings.loss : 'cross_entropy',
    optimizer: { type: settings.optimizer, learning_rate: settings.learningRate },
    training: {
      batch_size: settings.batchSize,
      steps: settings.steps,
      evaluate_every: Math.max(1, Math.ceil(settings.steps / evaluationsPerRun)),
      log_every: Math.max(1, Math.ceil(settings.steps / lossPointsPerCurve)),
    },
  };
}

/** The task of a settings object's dataset: 'classification' or 'regression'. */
export function taskOf(settings) {
  return datasetCatalog[settings.dataset].task;
}
