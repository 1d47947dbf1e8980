// run.samples(split): the points a run trains and is tested on, as it sees them (preprocessing
// applied), so the page can draw them over a decision grid or show misclassified digits.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { bnlab, mean, smallExperiment } from './support.mjs';

describe('JavaScript API: samples of a split', () => {
  let engine;
  before(async () => { engine = await bnlab.loadEngine(); });
  after(() => { assert.equal(engine.liveObjects, 0, 'every run was deleted'); });

  test('the preprocessed points of every split, with their labels, sliceable with from/count', () => {
    // 200 samples: 140 train, 20 validation, 40 test; standardize fits on the training split.
    const run = engine.createRun(smallExperiment({ probes: { every: 50, decision_grid: { size: 10 } } }));
    try {
      const train = run.samples('train');
      assert.equal(train.total, 140);
      assert.deepEqual(train.sampleShape, [2]);
      assert.ok(train.inputs instanceof Float32Array);
      assert.equal(train.inputs.length, 140 * 2);
      assert.ok(train.labels instanceof Int32Array);
      assert.equal(train.labels.length, 140);
      assert.ok(train.labels.every((label) => label === 0 || label === 1));
      assert.ok(train.labels.some((label) => label === 0) && train.labels.some((label) => label === 1));
      // Standardized with the training split's statistics: each feature has mean 0, variance 1.
      for (const feature of [0, 1]) {
        const values = Float64Array.from({ length: 140 }, (_, index) => train.inputs[2 * index + feature]);
        const average = mean(values);
        const variance = mean(values.map((value) => (value - average) ** 2));
        assert.ok(Math.abs(average) < 1e-4, `feature ${feature} mean ${average}`);
        assert.ok(Math.abs(variance - 1) < 1e-3, `feature ${feature} variance ${variance}`);
      }
      assert.equal(run.samples('validation').total, 20);
      const test = run.samples('test');
      assert.equal(test.total, 40);
      assert.equal(test.inputs.length, 80);

      const slice = run.samples('train', { from: 130, count: 50 });
      assert.equal(slice.total, 140);
      assert.deepEqual([...slice.inputs], [...train.inputs.subarray(260)], 'count is clamped to the split');
      assert.deepEqual([...slice.labels], [...train.labels.subarray(130)]);
      assert.equal(run.samples('train', { from: 500 }).inputs.length, 0);

      // The decision grid spans the same (preprocessed) coordinates as these points.
      run.step(1);
      const grid = run.decisionGrids();
      for (let index = 0; index < 140; index += 1) {
        assert.ok(train.inputs[2 * index] >= grid.x[0] - 1e-5 && train.inputs[2 * index] <= grid.x[1] + 1e-5);
        assert.ok(train.inputs[2 * index + 1] >= grid.y[0] - 1e-5 && train.inputs[2 * index + 1] <= grid.y[1] + 1e-5);
      }
      assert.throws(() => run.samples('bogus'), bnlab.UsageError);
      assert.throws(() => run.samples('train', { count: -1 }), bnlab.UsageError);
    } finally {
      run.delete();
    }
  });
});
