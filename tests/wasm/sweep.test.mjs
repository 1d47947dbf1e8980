// Sweeps through the JavaScript API: the engine expands the file the page's worker pool runs,
// numbered as `bnlab sweep` numbers its cells, and refuses a bad one at the sweep's field.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { bnlab, nativeCliPath, smallExperiment } from './support.mjs';

function learningRateSweep() {
  return {
    name: 'lr',
    experiment: smallExperiment({ training: { batch_size: 20, steps: 40 } }),
    axes: [
      { path: 'optimizer.learning_rate', values: [0.01, 0.1, 1] },
      { path: 'model.layers[0].units', values: [8, 16] },
    ],
    variants: ['as_written', 'without_batchnorm'],
  };
}

describe('JavaScript API: expandSweep', () => {
  let engine;
  before(async () => { engine = await bnlab.loadEngine(); });
  after(() => { assert.equal(engine.liveObjects, 0); });

  test('every cell with its values and the experiment it runs, row-major over the axes', () => {
    const expanded = engine.expandSweep(learningRateSweep());
    assert.equal(expanded.name, 'lr');
    assert.deepEqual(expanded.variants, ['as_written', 'without_batchnorm']);
    assert.equal(expanded.cells.length, 6);
    const cell = expanded.cells[3];
    assert.equal(cell.cell, 3);
    assert.deepEqual(cell.values, { 'optimizer.learning_rate': 0.1, 'model.layers[0].units': 16 });
    assert.equal(cell.experiment.optimizer.learning_rate, 0.1);
    assert.equal(cell.experiment.model.layers[0].units, 16);
    for (const each of expanded.cells) assert.deepEqual(engine.validateExperiment(each.experiment), { ok: true, problems: [] });
  });

  test('a cell trains in the page exactly as `bnlab sweep` trains it natively', () => {
    if (!existsSync(nativeCliPath)) {
      assert.fail(`${nativeCliPath} is missing: run bash scripts/build-native.sh first`);
    }
    const folder = mkdtempSync(join(tmpdir(), 'bnlab-sweep-'));
    try {
      const sweep = learningRateSweep();
      writeFileSync(join(folder, 'sweep.json'), JSON.stringify(sweep));
      execFileSync(nativeCliPath, ['sweep', join(folder, 'sweep.json'), '--shard', '4/6', '--out', join(folder, 'out.jsonl'), '--quiet']);
      const results = readFileSync(join(folder, 'out.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line))
        .filter((record) => record.type === 'sweep_result');
      assert.deepEqual(results.map((record) => [record.cell, record.variant]), [[3, 'as_written'], [3, 'without_batchnorm']]);
      const cell = engine.expandSweep(sweep).cells[3];
      for (const native of results) {
        const run = engine.createRun(cell.experiment, { variant: native.variant });
        try {
          while (run.progress().status === 'training') run.step(100);
          run.finalize();
          const summary = run.summary();
          assert.equal(summary.status, native.status);
          assert.equal(summary.steps, native.steps);
          assert.deepEqual(summary.final, native.final, `${native.variant}: final metrics bit for bit`);
        } finally {
          run.delete();
        }
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('labels and the shown metric come back with the expansion', () => {
    const plain = engine.expandSweep(learningRateSweep());
    assert.deepEqual(plain.show, { split: 'test', metric: 'accuracy' });
    assert.equal(plain.axes[0].labels, undefined);
    const sweep = learningRateSweep();
    sweep.axes[0].labels = sweep.axes[0].values.map((value) => `rate ${value}`);
    sweep.show = { split: 'validation', metric: 'loss' };
    const expanded = engine.expandSweep(sweep);
    assert.deepEqual(expanded.axes[0].labels, sweep.axes[0].labels);
    assert.deepEqual(expanded.show, { split: 'validation', metric: 'loss' });
    sweep.axes[0].labels = ['only one'];
    assert.throws(() => engine.expandSweep(sweep), (error) => error.path === 'axes[0].labels' && error.code === 'expected_axis_labels');
  });

  test('stable by the sweep\'s own rule, as the engine decides it', () => {
    const sweep = { ...learningRateSweep(), stable: { split: 'test', metric: 'accuracy', at_least: 0.7 } };
    assert.deepEqual(engine.expandSweep(sweep).stable, { split: 'test', metric: 'accuracy', at_least: 0.7 });
    const summary = (status, accuracy) => ({ status, final: { test: { accuracy, loss: 0.5 } } });
    assert.equal(engine.sweepResultIsStable(sweep, summary('complete', 0.7)), true);
    assert.equal(engine.sweepResultIsStable(sweep, summary('complete', 0.69)), false);
    assert.equal(engine.sweepResultIsStable(sweep, summary('diverged', 0.9)), false);
    assert.equal(engine.sweepResultIsStable(learningRateSweep(), summary('complete', 1)), false, 'no rule: never stable');
  });

  test('a batch counter is an exact integer in tensors()', () => {
    const run = engine.createRun(smallExperiment({ training: { batch_size: 20, steps: 30 } }));
    try {
      run.step(30);
      const counter = run.tensors()['layers.1.num_batches_tracked'];
      assert.ok(counter.data instanceof Float64Array);
      assert.deepEqual(counter.shape, [1]);
      assert.equal(counter.data[0], 30);
      assert.equal(run.getModel().tensors['layers.1.num_batches_tracked'].data[0], 30);
    } finally {
      run.delete();
    }
  });

  test('a bad sweep is a ConfigError at the sweep field that caused it', () => {
    const cases = [
      [(s) => { s.axes[0].values[2] = -1; }, 'axes[0].values[2]', 'expected_number'],
      [(s) => { s.axes[1].path = 'model.layers[7].units'; }, 'axes[1].path', 'json_path_not_found'],
      [(s) => { s.variants = ['as_written', 'as_written']; }, 'variants[1]', 'duplicate_variant'],
      [(s) => { s.experiment.optimizer.type = 'sgdd'; }, 'experiment.optimizer.type', 'expected_choice'],
      [(s) => { s.axes = []; }, 'axes', 'expected_axes'],
    ];
    for (const [damage, path, code] of cases) {
      const sweep = learningRateSweep();
      damage(sweep);
      assert.throws(() => engine.expandSweep(sweep), (error) => {
        assert.ok(error instanceof bnlab.ConfigError, error.message);
        assert.equal(error.path, path);
        assert.equal(error.code, code);
        assert.ok(error.message.startsWith(`${path}: `), error.message);
        return true;
      });
    }
  });
});
