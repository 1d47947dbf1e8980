// The instruments reach JavaScript as typed arrays: probes of the training batch and of an
// eval-mode probe set, histograms, per-layer gradient norms, γ/β per unit, running vs
// population statistics, the train/eval mode gap, decision grids and confusion matrices.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { bnlab, smallExperiment } from './support.mjs';

describe('JavaScript API: instruments', () => {
  let engine;
  before(async () => { engine = await bnlab.loadEngine(); });
  after(() => { assert.equal(engine.liveObjects, 0, 'every run was deleted'); });

  test('every instrument arrives as typed-array columns, readable incrementally', () => {
    // 200 samples: 140 train, 20 validation, 40 test. Steps 1, 50, ..., 200: 5 readings.
    const run = engine.createRun(smallExperiment({
      probes: {
        every: 50,
        source: ['train_batch', { split: 'test', samples: 30 }],
        histogram_bins: 8, layer_gradients: true, batchnorm_units: true,
        running_statistics: {}, mode_gap: { split: 'validation' },
        decision_grid: { size: 10 }, confusion: {},
      },
    }));
    try {
      while (run.step(100).status === 'training');
      const probes = run.probes();
      assert.deepEqual([...probes.step], [1, 50, 100, 150, 200]);
      assert.deepEqual(probes.activations.map((column) => column.layer), [2, 5]);
      assert.equal(probes.probeSets.length, 1);
      const [set] = probes.probeSets;
      assert.equal(set.split, 'test');
      assert.equal(set.samples, 30);
      assert.deepEqual(set.activations.map((column) => column.layer), [2, 5]);
      assert.ok(set.activations[0].percentiles instanceof Float64Array);
      assert.equal(set.activations[0].percentiles.length, 5 * 3);
      // Eval mode on a fixed set is not the train-mode batch: the two percentile series differ.
      assert.notDeepEqual([...set.activations[0].percentiles], [...probes.activations[0].percentiles]);

      // Histograms: batchnorm 1 input/output, sigmoid 2 input, batchnorm 4 input/output, sigmoid 5 input.
      assert.deepEqual(probes.histograms.map((column) => [column.layer, column.tensor]),
        [[1, 'batchnorm_input'], [1, 'batchnorm_output'], [2, 'activation_input'],
          [4, 'batchnorm_input'], [4, 'batchnorm_output'], [5, 'activation_input']]);
      for (const column of set.histograms) {
        assert.ok(column.counts instanceof Uint32Array);
        assert.equal(column.bins, 8);
        assert.equal(column.counts.length, 5 * 10);
        assert.ok(column.lower < column.upper);
        // Each record counts every value of the 30 samples × 16 units once.
        for (let record = 0; record < 5; record += 1) {
          const total = column.counts.slice(record * 10, record * 10 + 10).reduce((sum, count) => sum + count, 0);
          assert.equal(total, 30 * 16);
        }
      }
      assert.deepEqual(probes.layerGradientNorms.map((column) => column.layer), [0, 1, 3, 4, 6]);
      assert.ok(probes.layerGradientNorms[0].norm.every((norm) => norm > 0));
      assert.equal(probes.batchNorms[0].units, 16);
      assert.equal(probes.batchNorms[0].gamma.length, 5 * 16);
      assert.ok(probes.batchNorms[0].gamma.slice(0, 16).every((gamma) => gamma === 1), 'γ starts at 1');

      const statistics = run.runningStatistics();
      assert.deepEqual([...statistics.step], [1, 50, 100, 150, 200]);
      assert.deepEqual(statistics.layers.map((column) => column.layer), [1, 4]);
      assert.equal(statistics.layers[0].populationMean.length, 5 * 16);
      assert.ok(statistics.layers[0].populationVariance.every((variance) => variance > 0));

      const gap = run.modeGap();
      assert.deepEqual([...gap.step], [1, 50, 100, 150, 200]);
      assert.deepEqual(gap.split, Array(5).fill('validation'));
      assert.deepEqual([...gap.samples], Array(5).fill(20));
      for (const column of [gap.evalAccuracy, gap.trainAccuracy, gap.batchOfOneAccuracy]) {
        assert.ok(column instanceof Float64Array);
        assert.ok(column.every((accuracy) => accuracy >= 0 && accuracy <= 1));
      }

      const grids = run.decisionGrids();
      assert.equal(grids.size, 10);
      assert.equal(grids.classes, 2);
      assert.ok(grids.eval instanceof Float32Array);
      assert.equal(grids.eval.length, 5 * 10 * 10 * 2);
      assert.equal(grids.train.length, 0);
      for (let point = 0; point < 100; point += 1) {
        assert.ok(Math.abs(grids.eval[2 * point] + grids.eval[2 * point + 1] - 1) < 1e-5, 'probabilities sum to 1');
      }
      assert.ok(grids.x[0] < grids.x[1] && grids.y[0] < grids.y[1]);
      assert.equal(run.decisionGrids({ from: grids.next - 1 }).eval.length, 200, 'only the newest frame');

      const confusions = run.confusions();
      assert.equal(confusions.classes, 2);
      assert.equal(confusions.split, 'test');
      assert.equal(confusions.matrix.length, 5 * 4);
      const last = confusions.matrix.slice(16, 20);
      assert.equal(last.reduce((sum, count) => sum + count, 0), 40);
      assert.equal(confusions.misclassified[4].length, last[1] + last[2]);
      assert.equal(run.probes({ from: 3 }).probeSets[0].activations[0].mean.length, 2);
    } finally {
      run.delete();
    }
  });

  test('instruments are off unless asked: a run without them has empty instrument histories', () => {
    const run = engine.createRun(smallExperiment({ training: { batch_size: 20, steps: 10 } }));
    try {
      run.step(10);
      assert.equal(run.runningStatistics().step.length, 0);
      assert.equal(run.modeGap().step.length, 0);
      assert.equal(run.decisionGrids().eval.length, 0);
      assert.equal(run.confusions().matrix.length, 0);
      assert.equal(run.probes().probeSets.length, 0);
      assert.equal(run.probes().histograms.length, 0);
    } finally {
      run.delete();
    }
  });
});
