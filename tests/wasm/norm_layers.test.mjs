// LayerNorm and GroupNorm through the JavaScript API: an experiment with each trains in the
// WebAssembly build (loss goes down, the test set is learned), its model file holds γ and β
// with PyTorch's shapes and no running statistics, and that file loads into a fresh run that
// then evaluates exactly like the trained one. A groupnorm whose groups do not divide the
// channels is refused with its own code, field and numbers.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { bnlab, mean, smallExperiment } from './support.mjs';

/** The small spirals net with `normalization` after each hidden dense layer. */
function experimentWith(normalization) {
  return smallExperiment({
    model: {
      layers: [
        { type: 'dense', units: 16 }, normalization, { type: 'tanh' },
        { type: 'dense', units: 16 }, normalization, { type: 'tanh' },
        { type: 'dense', units: 2 },
      ],
    },
    training: { batch_size: 20, steps: 400, evaluate_every: 0, log_every: 1 },
  });
}

const normalizations = [
  { name: 'layernorm', layer: { type: 'layernorm' }, gammaShape: [16] },
  { name: 'groupnorm', layer: { type: 'groupnorm', groups: 4 }, gammaShape: [16] },
];

describe('JavaScript API: LayerNorm and GroupNorm', () => {
  let engine;
  before(async () => { engine = await bnlab.loadEngine(); });
  after(() => { assert.equal(engine.liveObjects, 0, 'every run was deleted'); });

  for (const { name, layer, gammaShape } of normalizations) {
    test(`an experiment with ${name} trains and its model file loads`, () => {
      assert.equal(engine.validateExperiment(experimentWith(layer)).ok, true);
      const run = engine.createRun(experimentWith(layer));
      const fresh = engine.createRun(experimentWith(layer), {});
      try {
        let progress;
        do progress = run.step(100); while (progress.status === 'training');
        assert.equal(progress.status, 'complete');
        const { loss } = run.losses();
        const first = mean(loss, 0, 50);
        const last = mean(loss, 350, 400);
        assert.ok(last < 0.6 * first, `${name}: mean loss ${first} over the first 50 steps, ${last} over the last 50`);
        const trained = run.evaluate('test');
        assert.ok(trained.accuracy > 0.8, `${name}: test accuracy ${trained.accuracy}`);

        const model = run.getModel();
        assert.equal(model.format, 'bnlab-model');
        assert.equal(model.model.layers[1].type, name);
        const tensors = run.tensors();
        assert.deepEqual(tensors['layers.1.gamma'].shape, gammaShape);
        assert.deepEqual(tensors['layers.1.beta'].shape, gammaShape);
        assert.ok(tensors['layers.1.gamma'].data.some((value) => value !== 1), 'γ was trained');
        assert.deepEqual(Object.keys(tensors).filter((key) => key.includes('running')), [], 'no running statistics');

        assert.notDeepEqual(fresh.evaluate('test').loss, trained.loss);
        fresh.setModel(JSON.stringify(model));
        for (const [key, tensor] of Object.entries(tensors)) assert.deepEqual(fresh.tensors()[key].data, tensor.data, key);
        assert.deepEqual(fresh.evaluate('test'), { ...trained, step: 0 });
      } finally {
        run.delete();
        fresh.delete();
      }
    });
  }

  test('a groupnorm whose groups do not divide the channels is refused with its code, field and numbers', () => {
    const experiment = experimentWith({ type: 'groupnorm', groups: 5 });
    assert.throws(() => engine.createRun(experiment), (error) => {
      assert.ok(error instanceof bnlab.ConfigError, String(error));
      assert.equal(error.code, 'groups_not_dividing_channels');
      assert.equal(error.path, 'model.layers[1].groups');
      assert.deepEqual(error.params, { groups: 5, channels: 16 });
      return true;
    });
    assert.equal(engine.liveObjects, 0);
  });
});
