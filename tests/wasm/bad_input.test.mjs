// Bad input through the JavaScript API: every case is a thrown Error subclass with a clear
// message (the engine's own, naming the field), never an abort — and the module keeps working
// afterwards, which each test checks by training a small run.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';

import { bnlab, smallExperiment } from './support.mjs';

const { BnlabError, ConfigError, DataError, ModelFileError, OutOfMemoryError, UsageError } = bnlab;

/** Trains in a worker thread with its own engine; {error, progress}, or {error: timeout}. */
function trainInWorker(experiment, steps, timeoutMilliseconds = 20_000) {
  const worker = new Worker(new URL('./train_in_worker.mjs', import.meta.url), { workerData: { experiment, steps } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.terminate();
      resolve({ error: { name: 'timeout', message: `no answer within ${timeoutMilliseconds} ms` } });
    }, timeoutMilliseconds);
    worker.once('message', (message) => { clearTimeout(timer); worker.terminate(); resolve(message); });
    worker.once('error', (error) => { clearTimeout(timer); reject(error); });
  });
}

describe('bad input', () => {
  let engine;
  before(async () => { engine = await bnlab.loadEngine(); });
  after(() => { assert.equal(engine.liveObjects, 0, 'no run leaked out of a failed call'); });

  /** The module still trains: a fresh run takes 20 steps with finite losses. */
  function assertStillUsable() {
    assert.equal(engine.aborted, false);
    const run = engine.createRun(smallExperiment());
    try {
      assert.equal(run.step(20).stepsDone, 20);
      assert.ok(run.losses().loss.every(Number.isFinite));
    } finally {
      run.delete();
    }
  }

  /** createRun(experiment) throws `ErrorClass` with exactly `message` (and `path`, if given). */
  function assertRejected(experiment, ErrorClass, message, path) {
    assert.throws(() => engine.createRun(experiment), (error) => {
      assert.ok(error instanceof ErrorClass, `${error.name}: ${error.message}`);
      assert.ok(error instanceof BnlabError && error instanceof Error);
      assert.equal(error.name, ErrorClass.name);
      if (message instanceof RegExp) assert.match(error.message, message);
      else assert.equal(error.message, message);
      if (path !== undefined) assert.equal(error.path, path);
      return true;
    });
  }

  test('wrong types', () => {
    assertRejected(42, ConfigError, 'experiment: expected an object (or its JSON text), got 42');
    assertRejected([smallExperiment()], ConfigError, 'experiment: expected an object (or its JSON text), got an array');
    assertRejected(undefined, ConfigError, 'experiment: expected an object (or its JSON text), got a undefined');
    assertRejected(smallExperiment({ model: { layers: [{ type: 'dense', units: '16' }, { type: 'dense', units: 2 }] } }),
      ConfigError, 'model.layers[0].units: expected a positive integer, got "16"', 'model.layers[0].units');
    assertRejected(smallExperiment({ training: { batch_size: 20, steps: true } }),
      ConfigError, /^training\.steps: expected a positive integer, got true/, 'training.steps');
    assertRejected(smallExperiment({ seed: () => 1 }), ConfigError,
      'seed: expected JSON data (an object, array, number, string, boolean or null), got a function', 'seed');
    assertRejected(smallExperiment({ seed: new Date(0) }), ConfigError, 'seed: expected a plain object or array, got a Date', 'seed');
    assertRejected('{"seed": 1,', ConfigError, /^experiment: not valid JSON \(at byte \d+\)$/);
    assertStillUsable();
  });

  test('the issue\'s example: a negative unit count names the field', () => {
    const experiment = smallExperiment();
    experiment.model.layers[3].units = -4;
    assertRejected(experiment, ConfigError, 'model.layers[3].units: expected a positive integer, got -4', 'model.layers[3].units');
    assertStillUsable();
  });

  test('missing and misspelled fields', () => {
    const withoutOptimizer = smallExperiment();
    delete withoutOptimizer.optimizer;
    assertRejected(withoutOptimizer, ConfigError, 'optimizer: required field is missing', 'optimizer');
    const withoutDataset = smallExperiment();
    delete withoutDataset.dataset;
    assertRejected(withoutDataset, ConfigError, 'dataset: required field is missing', 'dataset');
    assertRejected(smallExperiment({ optimizer: { type: 'sgd', learning_rate: 0.1, momentun: 0.9 } }), ConfigError,
      /^optimizer\.momentun: /, 'optimizer.momentun');
    assertRejected(smallExperiment({ model: { layers: [{ type: 'convolution9' }] } }), ConfigError,
      /^model\.layers\[0\]\.type: expected one of "dense", .*got "convolution9"$/, 'model.layers[0].type');
    assertStillUsable();
  });

  test('NaN and Infinity', () => {
    assertRejected(smallExperiment({ optimizer: { type: 'sgd', learning_rate: NaN } }), ConfigError,
      'optimizer.learning_rate: expected a finite number, got NaN', 'optimizer.learning_rate');
    const inline = (inputs) => smallExperiment({ dataset: { kind: 'inline', inputs, labels: [0, 1, 0, 1] } });
    assertRejected(inline([[0, 1], [1, 0], [0, Infinity], [1, 1]]), ConfigError,
      'dataset.inputs[2][1]: expected a finite number, got Infinity', 'dataset.inputs[2][1]');
    assertRejected(inline(new Array(4).fill(new Float32Array([0, NaN]))), ConfigError,
      'dataset.inputs[0][1]: expected a finite number, got NaN', 'dataset.inputs[0][1]');
    // As JSON text, NaN is not JSON at all; the engine's parser says so.
    assertRejected(JSON.stringify(smallExperiment()).replace('"learning_rate":0.5', '"learning_rate":NaN'),
      ConfigError, /^experiment: not valid JSON/);
    assertStillUsable();
  });

  test('absurd sizes are refused before anything is allocated', () => {
    const before = engine.memory();
    const dense = (...units) => smallExperiment({ model: { layers: units.map((count) => ({ type: 'dense', units: count })) } });
    assertRejected(dense(1e9, 2), ConfigError, 'model.layers[0].units: expected at most 100000, got 1000000000');
    // 65536 × 65536 weights: 2^32, which a 32-bit size computation would see as 0.
    assertRejected(dense(65536, 65536, 2), ConfigError,
      'model: the layers add up to 4295360514 parameters, more than the limit of 50000000', 'model');
    assertRejected(smallExperiment({ dataset: { kind: 'blobs', samples: 10_000_000, features: 1000, classes: 2 } }),
      DataError, /^blobs: samples × features = 10000000 × 1000 exceeds the limit/);
    assertRejected(smallExperiment({ training: { batch_size: 5000, steps: 10 } }), ConfigError,
      'training.batch_size: expected at most the 140 training samples, got 5000', 'training.batch_size');
    assert.equal(engine.memory().heapBytes, before.heapBytes, 'the heap did not grow');
    assertStillUsable();
  });

  test('more memory than WebAssembly allows is an OutOfMemoryError, and the memory comes back', () => {
    // Mini-batches of 3 355 samples through 20 000 units: each activation tensor holds
    // 67 100 000 values (268 MB), just under the engine's per-tensor limit, and the dense,
    // relu, sigmoid and tanh outputs together need more than the 1 GB maximum. Within every
    // limit of the experiment format, so it fails when the first step allocates.
    const run = engine.createRun(smallExperiment({
      dataset: { kind: 'spirals', samples: 20_000 }, split: { validation: 0, test: 0 },
      model: { layers: [{ type: 'dense', units: 20_000 }, { type: 'relu' }, { type: 'sigmoid' }, { type: 'tanh' },
                        { type: 'dense', units: 2 }] },
      training: { batch_size: 3_355, steps: 1 }, probes: { every: 1000 },
    }));
    try {
      assert.throws(() => run.step(1), OutOfMemoryError);
      // A step that failed half-way may leave buffers half resized: the run refuses to go on.
      assert.throws(() => run.step(1), {
        name: 'UsageError',
        message: 'this run stopped at an error (out of memory) and cannot continue; its records can still be read; delete it',
      });
      assert.equal(run.progress().stepsDone, 0);
    } finally {
      run.delete();
    }
    assertStillUsable();
  });

  test('a mini-batch whose activations overflow 32-bit sizes is refused', async () => {
    // 65 536 × 65 537 = 2^32 + 65 536 values: a 32-bit size_t would compute 65 536 and the
    // step would write far outside its buffer. The run refuses the batch size before
    // training (the limit is 2^26 values per tensor). It runs in a worker with its own
    // engine, so a regression shows as a failed test rather than a corrupted module.
    const outcome = await trainInWorker(smallExperiment({
      dataset: { kind: 'spirals', samples: 65_536 }, split: { validation: 0, test: 0 },
      model: { layers: [{ type: 'dense', units: 65_537 }, { type: 'relu' }, { type: 'dense', units: 2 }] },
      training: { batch_size: 65_536, steps: 1 }, probes: { every: 1000 },
    }), 1);
    assert.equal(outcome.error?.name, 'ConfigError', JSON.stringify(outcome));
  });

  test('method arguments', () => {
    const run = engine.createRun(smallExperiment());
    try {
      for (const count of [-1, 1.5, '10', NaN, 2 ** 40, null]) {
        assert.throws(() => run.step(count), UsageError, `step(${String(count)})`);
      }
      assert.throws(() => run.step('10'), { message: 'step: count: expected an integer from 0 to 4294967295, got "10"' });
      assert.throws(() => run.evaluate('bogus'), { name: 'UsageError', message: 'evaluate: expected "train", "validation" or "test", got "bogus"' });
      assert.throws(() => run.losses({ from: -1 }), UsageError);
      assert.throws(() => run.losses(5), UsageError);
      assert.throws(() => engine.createRun(smallExperiment(), { variant: 'no_bn' }), UsageError);
      assert.throws(() => engine.createRun(smallExperiment(), 'fast'), UsageError);
      assert.throws(() => engine.writeFile('relative/path.idx', new Uint8Array(4)), UsageError);
      assert.throws(() => engine.writeFile('/data/x.idx', [1, 2, 3]), UsageError);
      assert.equal(run.step(0).taken, 0, 'zero steps is allowed');
    } finally {
      run.delete();
    }
    assertStillUsable();
  });

  test('calling methods on a deleted run or pair', () => {
    const run = engine.createRun(smallExperiment());
    run.step(5);
    run.delete();
    assert.equal(run.deleted, true);
    for (const call of [() => run.step(1), () => run.progress(), () => run.getModel(), () => run.losses(),
      () => run.evaluate('test'), () => run.setModel({}), () => run.tensors(), () => run.finalize()]) {
      assert.throws(call, (error) => error instanceof UsageError && /this run was deleted$/.test(error.message));
    }
    run.delete();  // deleting twice is harmless

    const pair = engine.createComparePair(smallExperiment());
    assert.throws(() => pair.withBatchNorm.delete(), { name: 'UsageError', message: /belongs to a ComparePair/ });
    pair.delete();
    assert.throws(() => pair.step(1), { name: 'UsageError', message: 'step: this run was deleted' });
    assertStillUsable();
  });

  test('damaged, foreign or mismatched model files', () => {
    const run = engine.createRun(smallExperiment());
    const other = engine.createRun(smallExperiment({
      model: { layers: [{ type: 'dense', units: 8 }, { type: 'sigmoid' }, { type: 'dense', units: 2 }] },
    }));
    try {
      const original = run.tensors()['layers.0.weight'].data;
      assert.throws(() => run.setModel('{"format": "bnlab-model", '), { name: 'ModelFileError', message: /^model: not valid JSON \(damaged or truncated at byte \d+\)$/ });
      assert.throws(() => run.setModel({ format: 'keras', version: 1 }), ModelFileError);
      assert.throws(() => run.setModel(other.getModel()), ModelFileError);
      // Every tensor fits except one extra: refused before any weight changes.
      const extra = run.getModel();
      extra.tensors['layers.0.weight'].data = extra.tensors['layers.0.weight'].data.map(() => 0.5);
      extra.tensors['layers.9.weight'] = { shape: [1], data: [1] };
      assert.throws(() => run.setModel(extra), { name: 'ModelFileError', message: /layers\.9\.weight does not belong/ });
      const damaged = run.getModel();
      damaged.tensors['layers.0.weight'].data.pop();
      assert.throws(() => run.setModel(damaged), ModelFileError);
      damaged.tensors['layers.0.weight'].data.push(NaN);
      assert.throws(() => run.setModel(damaged), { name: 'ConfigError', message: /tensors\["layers\.0\.weight"\]\.data\[31\]: expected a finite number, got NaN/ });
      assert.deepEqual(run.tensors()['layers.0.weight'].data, original, 'a refused model leaves the weights alone');
      assert.throws(() => engine.createRun(smallExperiment(), { initialModel: '[]' }), ModelFileError);
    } finally {
      run.delete();
      other.delete();
    }
    assertStillUsable();
  });
});
