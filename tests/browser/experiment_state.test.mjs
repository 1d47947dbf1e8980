// The cell's state is an experiment file: JSON paths, the form's lenses (a round trip form ->
// JSON -> form keeps every field of every example) and the link's diff against the preset.
// Pure functions, in Node.

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { applyDiff, diffExperiment, linkedExperimentText, textToValue, valueToText } from '../../web/src/experiment/experiment_diff.js';
import { formatPath, parsePath, setAt } from '../../web/src/experiment/json_path.js';
import { lenses, lensNamed, readLayerTemplate, readLayersText, readNumberText } from '../../web/src/experiment/lenses.js';
import { boundsAt, choicesAt } from '../../web/src/experiment/schema_facts.js';

const examplesFolder = new URL('../../examples/', import.meta.url);
const examples = await Promise.all((await readdir(examplesFolder)).filter((name) => name.endsWith('.json'))
  .map(async (name) => ({ name, experiment: JSON.parse(await readFile(new URL(name, examplesFolder), 'utf8')) })));

describe('JSON paths', () => {
  test('the engine\'s paths parse and format back', () => {
    for (const path of ['training.batch_size', 'model.layers[3].units', 'seed', 'model.layers[0]']) {
      assert.equal(formatPath(parsePath(path)), path);
    }
    assert.deepEqual(parsePath('model.layers[3].units'), ['model', 'layers', 3, 'units']);
    assert.deepEqual(parsePath(''), []);
    for (const bad of ['a..b', 'a.', '.a', 'a[x]', 'a[1', 'a]']) assert.equal(parsePath(bad), null, bad);
  });

  test('a write copies: the original is untouched', () => {
    const original = { training: { batch_size: 64 } };
    const changed = setAt(original, ['training', 'batch_size'], 0);
    assert.equal(changed.training.batch_size, 0);
    assert.equal(original.training.batch_size, 64);
  });
});

describe('lenses', () => {
  test('there are examples to test with, and the MLP ones read as the layer template', () => {
    assert.ok(examples.length >= 3);
    assert.notEqual(readLayerTemplate(examples.find(({ name }) => name === 'mnist-compare.json').experiment), null);
    // A convolutional net is not the template: the form leaves its layers to the JSON view.
    assert.equal(readLayerTemplate(examples.find(({ name }) => name === 'cnn-stripes-compare.json').experiment), null);
  });

  test('form -> JSON -> form keeps every field: setting each lens to what it shows changes nothing', () => {
    for (const { name, experiment } of examples) {
      for (const lens of lenses) {
        if (!lens.applies(experiment)) continue;
        const value = lens.get(experiment);
        assert.deepEqual(lens.set(experiment, value), experiment, `${name}: ${lens.name}`);
      }
    }
  });

  test('a change through a lens changes that field only, and reads back', () => {
    const { experiment } = examples.find(({ name }) => name === 'spirals-compare.json');
    const changes = {
      'training.batch_size': 16, 'optimizer.learning_rate': 3, 'seed': 9, 'init.scheme': 'he_normal',
      'model.hidden_layers': [8, 8], 'model.activation': 'relu', 'model.batchnorm': 'after',
    };
    for (const [name, value] of Object.entries(changes)) {
      const lens = lensNamed(name);
      const changed = lens.set(experiment, value);
      assert.deepEqual(lens.get(changed), value, name);
      // Every other top-level field stays as written.
      const touched = name.split('.')[0];
      for (const key of Object.keys(experiment)) if (key !== touched) assert.deepEqual(changed[key], experiment[key], `${name} kept ${key}`);
    }
  });

  test('the layer template keeps what each layer says (bias: false stays; nothing is invented)', () => {
    const { experiment } = examples.find(({ name }) => name === 'spirals-compare.json');
    const moved = lensNamed('model.batchnorm').set(experiment, 'after');
    assert.deepEqual(moved.model.layers.slice(0, 3), [{ type: 'dense', units: 64, bias: false }, { type: 'sigmoid' }, { type: 'batchnorm' }]);
    const off = lensNamed('model.batchnorm').set(experiment, 'off');
    assert.equal(off.model.layers.filter((layer) => layer.type === 'batchnorm').length, 0);
    assert.equal(off.model.layers[0].bias, false);
    const deeper = lensNamed('model.hidden_layers').set(experiment, [64, 64, 64, 32]);
    assert.deepEqual(deeper.model.layers.slice(9, 12), [{ type: 'dense', units: 32, bias: false }, { type: 'batchnorm' }, { type: 'sigmoid' }]);
    assert.deepEqual(deeper.model.layers.at(-1), { type: 'dense', units: 2 });
  });

  test('typed text goes into the file as typed: numbers when they read as numbers, else the text', () => {
    assert.equal(readNumberText(' 64 '), 64);
    assert.equal(readNumberText('1e-3'), 0.001);
    assert.equal(readNumberText('6a4'), '6a4');
    assert.deepEqual(readLayersText('32, 32;16'), [32, 32, 16]);
    assert.deepEqual(readLayersText('32, x'), [32, 'x']);
    // Steps or epochs: the form shows the one the file has.
    const { experiment } = examples.find(({ name }) => name === 'mnist-compare.json');
    assert.equal(lensNamed('training.epochs').applies(experiment), true);
    assert.equal(lensNamed('training.steps').applies(experiment), false);
  });
});

describe('the schema gives the form its choices and bounds', () => {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      training: { $ref: '#/$defs/training' },
      model: { properties: { layers: { items: { oneOf: [{ properties: { type: { const: 'dense' } } }, { properties: { type: { const: 'relu' } } }] } } } },
      dataset: { oneOf: [{ properties: { kind: { enum: ['mnist'] } } }, { properties: { kind: { const: 'spirals' } } }] },
    },
    $defs: { training: { properties: { batch_size: { type: 'integer', minimum: 1, maximum: 65536, default: 32 } } } },
  };
  test('enum and const over every branch, $ref resolved', () => {
    assert.deepEqual(choicesAt(schema, 'dataset.kind'), ['mnist', 'spirals']);
    assert.deepEqual(choicesAt(schema, 'model.layers[0].type'), ['dense', 'relu']);
    assert.deepEqual(boundsAt(schema, 'training.batch_size'), { minimum: 1, maximum: 65536, default: 32 });
    assert.equal(choicesAt(schema, 'training.batch_size'), null);
    assert.equal(choicesAt(null, 'dataset.kind'), null);
  });
});

describe('the link is a diff against the preset', () => {
  const { experiment: preset } = examples.find(({ name }) => name === 'mnist-compare.json');

  test('only changed fields are written, removals included, and reading them back gives the same file', () => {
    let changed = setAt(preset, ['training', 'batch_size'], 128);
    changed = setAt(changed, ['training', 'epochs'], undefined);
    changed = setAt(changed, ['training', 'steps'], 300);
    changed = setAt(changed, ['optimizer', 'type'], 'adam');
    changed = setAt(changed, ['description'], 'true');
    changed = setAt(changed, ['model', 'layers', 0, 'units'], 16);
    const pairs = diffExperiment(preset, changed).map(([path, value]) => [path, valueToText(value)]);
    assert.deepEqual(pairs, [
      ['description', '"true"'], ['model.layers[0].units', '16'], ['optimizer.type', 'adam'],
      ['training.batch_size', '128'], ['training.epochs', ''], ['training.steps', '300'],
    ]);
    const { experiment, problems } = applyDiff(preset, pairs.map(([path, text]) => [path, textToValue(text)]));
    assert.deepEqual(problems, []);
    assert.deepEqual(experiment, changed);
    assert.deepEqual(diffExperiment(preset, preset), []);
  });

  test('a link value that JSON.parse reads differently than written keeps its own text for the engine', () => {
    const pairs = (entries) => entries.map(([path, text]) => [path, textToValue(text), text]);
    // Values that read as written need no text: the object is the experiment.
    assert.equal(linkedExperimentText(preset, pairs([['training.batch_size', '128'], ['optimizer.type', 'adam'], ['training.epochs', '']])), null);
    // A duplicate key and 1e400 stay as the link wrote them, at their paths; the rest is the file.
    const duplicate = '{"type":"sgd","learning_rate":0.1,"type":"adam"}';
    const text = linkedExperimentText(preset, pairs([['optimizer', duplicate], ['training.batch_size', '128'], ['seed', '1e400']]));
    assert.ok(text.includes(`"optimizer": ${duplicate}`), text);
    assert.ok(text.includes('"seed": 1e400'), text);
    assert.ok(text.includes('"batch_size": 128'), text);
    // Read back by JSON.parse it is the object the page made of the same link.
    const { experiment } = applyDiff(preset, pairs([['optimizer', duplicate], ['training.batch_size', '128'], ['seed', '1e400']]).map(([path, value]) => [path, value]));
    assert.deepEqual(JSON.parse(text), experiment);
    // A later pair reaching inside the earlier value: no text (the object is judged as it is).
    assert.equal(linkedExperimentText(preset, pairs([['optimizer', duplicate], ['optimizer.momentum', '0.9']])), null);
  });

  test('a path that cannot be applied is a problem naming it, never a silent skip', () => {
    const { problems } = applyDiff(preset, [['seed.x', 1], ['a..b', 1], ['model.layers[99].units', 1], ['model.layers.x', 1]]);
    assert.deepEqual(problems, [
      { path: 'seed.x', reason: 'not_an_object' }, { path: 'a..b', reason: 'bad_path' },
      { path: 'model.layers[99].units', reason: 'index_out_of_range' }, { path: 'model.layers.x', reason: 'not_an_object' },
    ]);
  });
});
