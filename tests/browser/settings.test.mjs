// The page's settings table without a browser: validation (every problem names its setting),
// the URL round trip, and the experiment file a cell builds from its settings.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { buildExperiment } from '../../web/src/settings/experiment_builder.js';
import { changeSetting, validateSettings } from '../../web/src/settings/settings_rules.js';
import { defaultSettings, settingsTable } from '../../web/src/settings/settings_table.js';
import { settingsFromParameters, settingsToParameters } from '../../web/src/settings/settings_url.js';
import { lectureNotebook } from '../../web/notebooks/lecture.js';

describe('settings table', () => {
  test('the defaults are the lecture experiment and have no problems', () => {
    const settings = defaultSettings();
    assert.deepEqual(validateSettings(settings), {});
    assert.equal(settings.dataset, 'mnist');
    assert.deepEqual(settings.hiddenLayers, [32, 32]);
    assert.equal(settings.activation, 'relu');
    assert.equal(settings.batchNorm, 'before');
  });

  test('every preset of the lecture notebook is valid', () => {
    for (const cell of lectureNotebook.cells.filter((candidate) => candidate.type === 'experiment')) {
      assert.deepEqual(validateSettings(cell.preset), {}, `preset of ${cell.id}`);
    }
  });

  test('values out of range name their setting and the allowed range', () => {
    const problems = validateSettings({ ...defaultSettings(), learningRate: 0, batchSize: 0, hiddenLayers: [32, 5000] });
    assert.deepEqual(problems.learningRate, { code: 'numberAbove', params: { minimum: 0, maximum: 1e6 } });
    assert.equal(problems.batchSize.code, 'integerRange');
    assert.deepEqual(problems.hiddenLayers, { code: 'layerWidthRange', params: { minimum: 1, maximum: 1024 } });
  });

  test('MNIST has 8004 training images: training plus validation may not exceed them', () => {
    const problems = validateSettings({ ...defaultSettings(), trainSamples: 7500, validationSamples: 1000 });
    assert.deepEqual(problems, { trainSamples: { code: 'imagesTrainSplit', params: { available: 8004, validation: 1000 } } });
  });

  test('a last mini-batch of one sample is refused when the network has BatchNorm, allowed without', () => {
    const settings = { ...defaultSettings(), trainSamples: 6401, batchSize: 64 };
    assert.equal(validateSettings(settings).batchSize.code, 'batchNormLastBatchOfOne');
    assert.deepEqual(validateSettings({ ...settings, batchNorm: 'off', compare: false }), {});
  });

  test('comparing needs BatchNorm in the network', () => {
    assert.deepEqual(validateSettings({ ...defaultSettings(), batchNorm: 'off' }),
      { compare: { code: 'compareNeedsBatchNorm', params: {} } });
  });

  test('settings that do not apply are not validated (noise is for generated sets only)', () => {
    assert.deepEqual(validateSettings({ ...defaultSettings(), noise: -3 }), {});
    assert.equal(validateSettings({ ...defaultSettings(), dataset: 'spirals', trainSamples: 700, noise: -3 }).noise.code, 'numberRange');
  });

  test('switching the dataset brings sample counts and preprocessing that suit it', () => {
    const spirals = changeSetting(defaultSettings(), 'dataset', 'spirals');
    assert.equal(spirals.preprocessing, 'standardize');
    assert.equal(spirals.trainSamples, 700);
    assert.deepEqual(validateSettings(spirals), {});
    const fashion = changeSetting(spirals, 'dataset', 'fashion_mnist');
    assert.deepEqual([fashion.trainSamples, fashion.validationSamples, fashion.testSamples], [4000, 1000, 1000]);
    assert.equal(fashion.preprocessing, 'scale_to_unit');
  });

  test('an unknown dataset is one problem, not a crash in the settings that depend on it', () => {
    assert.deepEqual(Object.keys(validateSettings({ ...defaultSettings(), dataset: 'cifar' })), ['dataset']);
  });
});

describe('settings in the URL', () => {
  test('only changed settings are written, and reading them back gives the same settings', () => {
    const preset = defaultSettings();
    const changed = { ...preset, steps: 300, hiddenLayers: [64, 32, 16], compare: false, learningRate: 0.003 };
    const pairs = settingsToParameters(changed, preset, 'lecture');
    assert.deepEqual(pairs, [
      ['lecture.hiddenLayers', '64-32-16'], ['lecture.compare', '0'], ['lecture.learningRate', '0.003'], ['lecture.steps', '300'],
    ]);
    const { settings, unreadable } = settingsFromParameters(new URLSearchParams(pairs), preset, 'lecture');
    assert.deepEqual(settings, changed);
    assert.deepEqual(unreadable, []);
  });

  test('a parameter that does not read keeps the preset and is reported; other cells are untouched', () => {
    const preset = defaultSettings();
    const parameters = new URLSearchParams('lecture.steps=lots&lecture.activation=swish&playground.steps=5&lecture.seed=9');
    const { settings, unreadable } = settingsFromParameters(parameters, preset, 'lecture');
    assert.equal(settings.steps, preset.steps);
    assert.equal(settings.activation, preset.activation);
    assert.equal(settings.seed, 9);
    assert.deepEqual(unreadable, [{ name: 'activation', text: 'swish' }, { name: 'steps', text: 'lots' }]);
  });

  test('every entry of the table formats to text its own parser reads back', () => {
    const settings = defaultSettings();
    for (const entry of settingsTable) {
      const read = entry.type.parse(entry.type.format(settings[entry.name]), { choices: entry.choices });
      assert.deepEqual(read, { value: settings[entry.name] }, entry.name);
    }
  });
});

describe('experiment built from settings', () => {
  test('the lecture cell builds the lecture experiment: 784-32-32-10, Linear -> BN -> ReLU', () => {
    const experiment = buildExperiment(defaultSettings(), 'lecture');
    assert.deepEqual(experiment.dataset, { kind: 'mnist', train_samples: 8004, test_samples: 1996 });
    assert.deepEqual(experiment.split, { validation: 1000 });
    assert.equal(experiment.preprocessing, 'scale_to_unit');
    assert.deepEqual(experiment.model.layers, [
      { type: 'dense', units: 32, bias: false }, { type: 'batchnorm' }, { type: 'relu' },
      { type: 'dense', units: 32, bias: false }, { type: 'batchnorm' }, { type: 'relu' },
      { type: 'dense', units: 10 },
    ]);
    assert.equal(experiment.loss, 'cross_entropy');
    assert.deepEqual(experiment.optimizer, { type: 'sgd', learning_rate: 0.1 });
    assert.equal(experiment.training.batch_size, 64);
    assert.equal(experiment.training.steps, 550);
    assert.equal(experiment.seed, 1);
  });

  test('BN after the activation, a regression set and an init scale', () => {
    const settings = {
      ...changeSetting(defaultSettings(), 'dataset', 'scaled_regression'),
      batchNorm: 'after', activation: 'tanh', hiddenLayers: [8], initScheme: 'normal', initStd: 0.5, loss: 'l1',
    };
    const experiment = buildExperiment(settings, 'playground');
    assert.deepEqual(experiment.model.layers, [
      { type: 'dense', units: 8 }, { type: 'tanh' }, { type: 'batchnorm' }, { type: 'dense', units: 1 },
    ]);
    assert.deepEqual(experiment.dataset, { kind: 'scaled_regression', samples: 1000, noise: 0.1 });
    assert.deepEqual(experiment.split, { validation: 100, test: 200 });
    assert.deepEqual(experiment.init, { scheme: 'normal', std: 0.5 });
    assert.equal(experiment.loss, 'l1');
  });

  test('curves get at most ~1500 loss points and ~25 evaluations however long the run', () => {
    const experiment = buildExperiment({ ...defaultSettings(), steps: 100000 }, 'lecture');
    assert.equal(experiment.training.log_every, 67);
    assert.equal(experiment.training.evaluate_every, 4000);
  });
});
