// The JavaScript API end to end in Node: load the module, train with and without BatchNorm,
// read histories and probes as typed arrays, get and set the model state, free everything.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { bnlab, mean, smallExperiment, spiralsExperiment } from './support.mjs';

describe('JavaScript API: training', () => {
  let engine;
  before(async () => { engine = await bnlab.loadEngine(); });
  after(() => { assert.equal(engine.liveObjects, 0, 'every run and pair was deleted'); });

  test('loads the SIMD build with native WebAssembly exceptions and float scalars', () => {
    assert.deepEqual({ ...engine.build }, { simd: true, exceptions: 'wasm', scalar: 'float' });
  });

  test('a compare pair trains with and without BatchNorm and both losses decrease', () => {
    // The lesson's spirals network (3 hidden sigmoid layers of 64), shortened to 600 steps.
    const experiment = spiralsExperiment({ training: { batch_size: 32, steps: 600, evaluate_every: 300, log_every: 1 } });
    const pair = engine.createComparePair(experiment);
    try {
      assert.equal(pair.sharesInitialWeights, true);
      let progress;
      do progress = pair.step(150); while (progress.withBatchNorm.status === 'training');
      assert.equal(progress.withBatchNorm.status, 'complete');
      assert.equal(progress.withoutBatchNorm.status, 'complete');
      assert.equal(progress.withBatchNorm.stepsDone, 600);
      pair.finalize();

      for (const [name, run] of [['with', pair.withBatchNorm], ['without', pair.withoutBatchNorm]]) {
        const { step, loss, next } = run.losses();
        assert.ok(loss instanceof Float64Array && step instanceof Uint32Array);
        assert.equal(loss.length, 600);
        assert.equal(next, 600);
        assert.equal(step[0], 1);
        assert.equal(step[599], 600);
        const first = mean(loss, 0, 50);
        const last = mean(loss, 550, 600);
        assert.ok(last < 0.7 * first, `${name} BN: mean loss ${first} over the first 50 steps, ${last} over the last 50`);
      }
      // What the lesson shows: with BatchNorm this deep sigmoid net learns the spirals far faster.
      const withAccuracy = pair.withBatchNorm.evaluate('test').accuracy;
      const withoutAccuracy = pair.withoutBatchNorm.evaluate('test').accuracy;
      assert.ok(withAccuracy > 0.9, `with BN test accuracy ${withAccuracy}`);
      assert.ok(withAccuracy > withoutAccuracy, `with BN ${withAccuracy} vs without ${withoutAccuracy}`);
    } finally {
      pair.delete();
    }
    assert.equal(pair.deleted, true);
    assert.equal(pair.withBatchNorm.deleted, true);
  });

  test('losses, evaluations and probes are typed-array columns, readable incrementally', () => {
    const run = engine.createRun(smallExperiment());
    try {
      run.step(120);
      const early = run.losses();
      assert.equal(early.loss.length, 120);
      run.step(80);
      const rest = run.losses({ from: early.next });
      assert.deepEqual([...rest.step], Array.from({ length: 80 }, (_, index) => 121 + index));
      assert.equal(run.losses({ from: 10_000 }).loss.length, 0);

      run.finalize();
      const evaluations = run.evaluations();
      // evaluate_every 100: steps 0, 100, 200, then the final evaluation (at step 200).
      assert.deepEqual([...evaluations.test.step], [0, 100, 200, 200]);
      assert.deepEqual([...evaluations.test.final], [0, 0, 0, 1]);
      assert.ok(evaluations.train.accuracy instanceof Float64Array);
      assert.ok(Number.isNaN(evaluations.test.rmse[0]), 'regression metrics are NaN for classification');
      assert.equal(evaluations.next, 12);
      assert.ok(evaluations.test.accuracy[3] > evaluations.test.accuracy[0]);

      const probes = run.probes();
      // probes.every 50: steps 1, 50, 100, 150, 200.
      assert.deepEqual([...probes.step], [1, 50, 100, 150, 200]);
      assert.deepEqual(probes.activations.map((column) => [column.layer, column.kind]), [[2, 'sigmoid'], [5, 'sigmoid']]);
      const { percentiles, mean: means } = probes.activations[0];
      assert.equal(percentiles.length, 5 * 3, 'records × the default 3 percentiles, row-major');
      for (let record = 0; record < 5; record += 1) {
        const [p15, p50, p85] = percentiles.subarray(3 * record, 3 * record + 3);
        assert.ok(p15 <= p50 && p50 <= p85, `percentiles ordered at record ${record}`);
        assert.ok(Number.isFinite(means[record]));
      }
      assert.deepEqual(Object.keys(probes.gradientNorms).sort(),
        ['layers.0.weight', 'layers.1.beta', 'layers.1.gamma', 'layers.3.weight', 'layers.4.beta',
          'layers.4.gamma', 'layers.6.bias', 'layers.6.weight']);
      assert.ok(probes.gradientNorms['layers.0.weight'].every((norm) => norm > 0));
      assert.deepEqual(probes.batchNorms.map((column) => column.layer), [1, 4]);
      assert.equal(probes.batchNorms[0].gammaMean[0], 1, 'γ starts at 1 (probe of step 1 is before the update)');
      assert.equal(run.probes({ from: 3 }).step.length, 2);
    } finally {
      run.delete();
    }
  });

  test('model state: getModel/setModel round trip and tensors() as Float32Array', () => {
    const source = engine.createRun(smallExperiment());
    // Same seed (so the same data split), different initial weights.
    const target = engine.createRun(smallExperiment({ init: { scheme: 'normal', std: 0.5 } }));
    try {
      source.step(200);
      source.finalize();
      const model = source.getModel();
      assert.equal(model.format, 'bnlab-model');
      assert.equal(model.trained_steps, 200);
      const sourceTensors = source.tensors();
      assert.ok(sourceTensors['layers.0.weight'].data instanceof Float32Array);
      assert.deepEqual(sourceTensors['layers.0.weight'].shape, [16, 2]);
      assert.ok(sourceTensors['layers.1.running_mean'].data.some((value) => value !== 0), 'running statistics moved');

      assert.notDeepEqual(target.tensors()['layers.0.weight'].data, sourceTensors['layers.0.weight'].data);
      target.setModel(model);
      const copied = target.tensors();
      for (const [name, tensor] of Object.entries(sourceTensors)) {
        assert.deepEqual(copied[name].data, tensor.data, name);
      }
      // Same weights and BN statistics give the same eval-mode metrics.
      assert.deepEqual(target.evaluate('test'), { ...source.evaluate('test'), step: 0 });
      // A run can also start from a model file (JSON text works as well as an object).
      const resumed = engine.createRun(smallExperiment(), { initialModel: JSON.stringify(model) });
      try {
        assert.deepEqual(resumed.tensors()['layers.3.weight'].data, sourceTensors['layers.3.weight'].data);
      } finally {
        resumed.delete();
      }
    } finally {
      source.delete();
      target.delete();
    }
  });

  test('the without-BatchNorm variant alone matches the pair member (for one run per worker)', () => {
    const pair = engine.createComparePair(smallExperiment());
    const alone = engine.createRun(smallExperiment(), { variant: 'without_batchnorm' });
    try {
      pair.step(50);
      alone.step(50);
      assert.deepEqual(alone.losses().loss, pair.withoutBatchNorm.losses().loss);
      assert.deepEqual(alone.info().model, pair.withoutBatchNorm.info().model);
    } finally {
      pair.delete();
      alone.delete();
    }
  });

  test('a diverging run reports the step instead of throwing', () => {
    const run = engine.createRun(smallExperiment({
      model: { layers: [{ type: 'dense', units: 16 }, { type: 'relu' }, { type: 'dense', units: 2 }] },
      optimizer: { type: 'sgd', learning_rate: 1e6 },
    }));
    try {
      const progress = run.step(200);
      assert.equal(progress.status, 'diverged');
      assert.match(progress.divergence.message, /^diverged at step \d+: (loss|the gradient of layers\.\d+\.\w+|layers\.\d+\.\w+) became (NaN|infinite)/);
      assert.equal(progress.divergence.step, progress.stepsDone + 1);
      assert.ok(['loss_not_finite', 'buffer_not_finite', 'gradient_not_finite', 'parameter_not_finite'].includes(progress.divergence.cause));
      assert.ok(progress.stepsDone < 200);
      assert.equal(run.step(10).taken, 0, 'a diverged run takes no more steps');
      assert.equal(run.summary().status, 'diverged');
    } finally {
      run.delete();
    }
  });
});

describe('JavaScript API: the BN step-through', () => {
  let engine;
  before(async () => { engine = await bnlab.loadEngine(); });
  after(() => { assert.equal(engine.liveObjects, 0); });

  test('traceBatchNorm shows the next batch, and step(1) trains exactly it', () => {
    const run = engine.createRun(smallExperiment({ training: { batch_size: 20, steps: 40 } }));
    try {
      run.step(3);
      const trace = run.traceBatchNorm(1, 5);
      assert.equal(trace.step, 4);
      assert.equal(trace.samples, 20);
      assert.ok(trace.inputs instanceof Float64Array && trace.inputs.length === 20);
      const mean = trace.inputs.reduce((sum, value) => sum + value, 0) / 20;
      assert.ok(Math.abs(trace.mean - mean) < 1e-12);
      for (let index = 0; index < 20; index += 1) {
        assert.ok(Math.abs(trace.outputs[index] - (trace.gamma * trace.normalized[index] + trace.beta)) < 1e-5);
      }
      assert.equal(run.tensors()['layers.1.running_mean'].data[5], Math.fround(trace.runningMeanBefore), 'tracing changed nothing');
      run.step(1);
      assert.equal(run.tensors()['layers.1.running_mean'].data[5], Math.fround(trace.runningMeanAfter));
      assert.equal(run.tensors()['layers.1.running_variance'].data[5], Math.fround(trace.runningVarianceAfter));
      assert.throws(() => run.traceBatchNorm(0, 0), (error) => error instanceof bnlab.UsageError
        && error.message === 'traceBatchNorm: model.layers[0] is a dense layer, not a batchnorm');
      assert.throws(() => run.traceBatchNorm(1, -1), bnlab.UsageError);
    } finally {
      run.delete();
    }
  });

  test('foldBatchNorm folds BN into the dense layer before it, with the same eval outputs, and leaves the run as it was', () => {
    const run = engine.createRun(smallExperiment({ training: { batch_size: 20, steps: 40 } }));
    try {
      run.step(30);
      const before = run.tensors();
      const check = run.foldBatchNorm();
      const batchNormLayers = run.info().model.filter((layer) => layer.type === 'batchnorm').length;
      assert.ok(batchNormLayers > 0);
      assert.equal(check.folded, batchNormLayers);
      assert.deepEqual(check.kept, []);
      assert.deepEqual(check.keptLayers, []);
      assert.equal(check.layersAfter, check.layersBefore - batchNormLayers);
      assert.ok(check.samples > 0 && ['test', 'train'].includes(check.split));
      assert.equal(check.outputsFinite, true);
      assert.ok(check.maxAbsOutputDifference < 1e-4, `largest difference ${check.maxAbsOutputDifference}`);
      assert.ok(check.unfoldedSeconds >= 0 && check.foldedSeconds >= 0);
      assert.deepEqual(run.tensors(), before, 'folding changed nothing in the run');
      run.step(1);
      assert.equal(run.progress().stepsDone, 31);
    } finally {
      run.delete();
    }
  });

  test('foldBatchNorm keeps a BN placed after its activation, and says why in English and as a code', () => {
    const run = engine.createRun(smallExperiment({ training: { batch_size: 20, steps: 40 } }), { variant: 'batchnorm_after_activation' });
    try {
      run.step(10);
      const model = run.info().model;
      const batchNormIndices = model.flatMap((layer, index) => (layer.type === 'batchnorm' ? [index] : []));
      assert.ok(batchNormIndices.length > 0);
      assert.ok(batchNormIndices.every((index) => model[index - 1].type !== 'dense'), 'every BN follows an activation');
      const check = run.foldBatchNorm();
      assert.equal(check.folded, 0);
      assert.equal(check.layersAfter, check.layersBefore);
      assert.deepEqual(check.keptLayers, batchNormIndices.map((layer) => ({ layer, because: 'not_after_dense_or_conv2d' })));
      assert.deepEqual(check.kept, batchNormIndices.map((layer) => `model.layers[${layer}] (batchnorm) kept: it does not directly follow a dense or conv2d layer`));
      assert.equal(check.maxAbsOutputDifference, 0, 'nothing folded, the same network');
    } finally {
      run.delete();
    }
  });
});
