// What the page asks the engine about an experiment file: every problem with its path, code
// and params; the JSON Schema; the variants and their shared-weights digest; and the codes a
// ConfigError carries when a run cannot be created.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { bnlab, repositoryRoot, smallExperiment, wasmFolder } from './support.mjs';

describe('JavaScript API: validateExperiment, experimentSchema, variants', () => {
  let engine;
  before(async () => { engine = await bnlab.loadEngine(); });
  after(() => { assert.equal(engine.liveObjects, 0, 'every run was deleted'); });

  test('a valid experiment has no problems', () => {
    assert.deepEqual(engine.validateExperiment(smallExperiment()), { ok: true, problems: [] });
  });

  test('every problem at once, each at its path with a code the page translates', () => {
    const experiment = smallExperiment({ training: { batch_size: 0, steps: 10 }, optimizer: { type: 'sgdd', learning_rate: 0.1 } });
    const result = engine.validateExperiment(experiment);
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems.map((problem) => [problem.path, problem.code]), [
      ['optimizer.type', 'expected_choice'],
      ['training.batch_size', 'expected_integer'],
    ]);
    const batchSize = result.problems[1];
    assert.equal(batchSize.message, 'training.batch_size: expected a positive integer, got 0');
    assert.deepEqual(batchSize.params, { minimum: 1, maximum: 65536, got: '0' });
    assert.ok(result.problems[0].params.choices.includes('adam'));
  });

  test('JSON text with a syntax error, and values JSON cannot carry, are problems too', () => {
    const syntax = engine.validateExperiment('{"seed": }');
    assert.equal(syntax.problems.length, 1);
    assert.equal(syntax.problems[0].code, 'json_syntax');
    const notJson = engine.validateExperiment(smallExperiment({ seed: Number.NaN }));
    assert.deepEqual(notJson.problems.map((problem) => [problem.path, problem.code]), [['seed', 'not_json_data']]);
  });

  test('createRun throws a ConfigError with the code and params of a data-dependent problem', () => {
    const experiment = smallExperiment({ training: { batch_size: 5000, steps: 10 } });
    assert.equal(engine.validateExperiment(experiment).ok, true, 'the batch size needs the data to be judged');
    assert.throws(() => engine.createRun(experiment), (error) => {
      assert.ok(error instanceof bnlab.ConfigError);
      assert.equal(error.path, 'training.batch_size');
      assert.equal(error.code, 'batch_size_too_large');
      assert.equal(error.params.got, 5000);
      assert.equal(typeof error.params.maximum, 'number');
      return true;
    });
  });

  test('the schema lists the choices the engine accepts and is the file the build writes', () => {
    const schema = engine.experimentSchema();
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    const optimizers = schema.properties.optimizer.oneOf.map((entry) => entry.properties.type.const);
    assert.deepEqual(optimizers, ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']);
    assert.deepEqual(schema.properties.training.properties.batch_size, { type: 'integer', minimum: 1, maximum: 65536 });
    const written = JSON.parse(readFileSync(join(wasmFolder, 'experiment.schema.json'), 'utf8'));
    assert.deepEqual(written, schema);
  });

  test('every variant trains and starts from the same weights in the layers they share', () => {
    const experiment = JSON.parse(readFileSync(join(repositoryRoot, 'examples', 'spirals-compare.json'), 'utf8'));
    experiment.training = { batch_size: 32, steps: 20 };
    const digests = [];
    for (const variant of bnlab.variantNames) {
      const run = engine.createRun(experiment, { variant });
      try {
        digests.push(run.initialWeightsDigest());
        assert.equal(run.step(20).stepsDone, 20, variant);
      } finally {
        run.delete();
      }
    }
    assert.equal(digests.length, 4);
    assert.match(digests[0], /^[0-9a-f]{16}$/);
    assert.equal(new Set(digests).size, 1, `digests differ: ${digests.join(', ')}`);
    const reseeded = engine.createRun({ ...experiment, seed: 8 });
    try {
      assert.notEqual(reseeded.initialWeightsDigest(), digests[0]);
    } finally {
      reseeded.delete();
    }
    assert.throws(() => engine.createRun(experiment, { variant: 'upside_down' }), bnlab.UsageError);
  });
});
