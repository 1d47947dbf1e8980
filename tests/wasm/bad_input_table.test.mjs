// Issue 14's bad inputs through the JavaScript API, one table row each: the call, the error
// class and its exact message. After the table, the engine must not be aborted and must still
// train (deep nesting used to kill it with EngineAbortedError).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { bnlab, smallExperiment } from './support.mjs';

const { BnlabError, ConfigError, ModelFileError, UsageError } = bnlab;

const nested = (levels) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const repeatedPath = (levels) => Array.from({ length: levels }, () => 'a').join('.');
const deepMessage = (prefix, levels) => `${prefix}${repeatedPath(levels)}: nested more than 64 levels deep (arrays and objects inside each other)`;

describe('bad input table (JavaScript API)', () => {
  let engine;
  let model;  // a trained small model file, as an object
  before(async () => {
    engine = await bnlab.loadEngine();
    const run = engine.createRun(smallExperiment({ training: { batch_size: 20, steps: 5 } }));
    try {
      run.step(5);
      model = run.getModel();
    } finally {
      run.delete();
    }
  });
  after(() => { assert.equal(engine.liveObjects, 0, 'no run leaked out of a failed call'); });

  const modelWith = (change) => {
    const copy = structuredClone(model);
    change(copy);
    return copy;
  };
  const withRun = (action) => () => {
    const run = engine.createRun(smallExperiment());
    try {
      action(run);
    } finally {
      run.delete();
    }
  };
  const experimentText = JSON.stringify(smallExperiment());

  const rows = [
    // 1. Deep nesting, as text (the engine's reader) and as an object (the JS layer).
    ['experiment text nested 20 000 levels', () => engine.createRun(nested(20000)),
      ConfigError, deepMessage('experiment: ', 64)],
    ['initial model text nested 20 000 levels', () => engine.createRun(smallExperiment(), { initialModel: nested(20000) }),
      ModelFileError, deepMessage('initial model: ', 64)],
    ['setModel text nested 6 000 levels', withRun((run) => run.setModel(nested(6000))),
      ModelFileError, deepMessage('model: ', 64)],
    ['expandSweep text nested 100 000 levels', () => engine.expandSweep(nested(100000)),
      ConfigError, deepMessage('sweep: ', 64)],
    ['expandSweep text nested 65 levels', () => engine.expandSweep(nested(65)),
      ConfigError, deepMessage('sweep: ', 64)],
    ['expandSweep object nested 100 levels', () => engine.expandSweep(JSON.parse(nested(100))),
      ConfigError, `${repeatedPath(64)}: expected at most 64 levels of nesting, got an object`],
    ['sweepResultIsStable with a sweep nested 100 000 levels', () => engine.sweepResultIsStable(nested(100000), '{}'),
      ConfigError, deepMessage('sweep: ', 64)],
    ['sweepResultIsStable with a summary nested 100 000 levels', () => engine.sweepResultIsStable(
      { experiment: smallExperiment(), axes: [{ path: 'optimizer.learning_rate', values: [0.1] }] }, nested(100000)),
    ConfigError, deepMessage('summary: ', 64)],
    ['activationCurve with a layer nested 100 000 levels', () => engine.activationCurve(nested(100000), [0, 1]),
      ConfigError, deepMessage('layer: ', 64)],
    ['activationCurve with a layer nested 65 levels', () => engine.activationCurve(nested(65), [0, 1]),
      ConfigError, deepMessage('layer: ', 64)],
    ['experiment object nested 100 levels', () => engine.createRun(JSON.parse(nested(100))),
      ConfigError, `${repeatedPath(64)}: expected at most 64 levels of nesting, got an object`],
    // 3. A shape whose element count wraps around 2^64.
    ['model.input whose element count wraps', () => engine.createRun(smallExperiment({
      model: { input: [73484, 78814, 34597, 92063], layers: [{ type: 'dense', units: 2 }] } })),
    ConfigError, 'model.input: expected at most 16777216 values per sample, got [73484, 78814, 34597, 92063]'],
    ['tensor shape [65536, 65536, 65536, 65536] with empty data', () => engine.createRun(smallExperiment(), {
      initialModel: modelWith((m) => { m.tensors['layers.6.bias'] = { shape: [65536, 65536, 65536, 65536], data: [] }; }) }),
    ModelFileError, 'initial model: tensors.layers.6.bias.shape: expected at most 50000000 values, got [65536, 65536, 65536, 65536]'],
    // 4. Accepted but wrong.
    ['num_batches_tracked -1', () => engine.createRun(smallExperiment(), {
      initialModel: modelWith((m) => { m.tensors['layers.1.num_batches_tracked'].data[0] = -1; }) }),
    ModelFileError, 'initial model: tensors.layers.1.num_batches_tracked.data[0]: expected a non-negative integer (a count of batches), got -1.0'],
    ['negative running variance', withRun((run) => run.setModel(modelWith((m) => { m.tensors['layers.4.running_variance'].data[3] = -2; }))),
      ModelFileError, 'model: tensors.layers.4.running_variance.data[3]: expected a non-negative number (a variance), got -2.0'],
    ['initial model of another declared architecture', () => engine.createRun(smallExperiment(), {
      initialModel: modelWith((m) => { m.model.layers[2].type = 'tanh'; }) }),
    ModelFileError, 'initial model: model.layers[2] is {"type":"tanh"}, but the network\'s layer 2 is {"type":"sigmoid"} (the file was saved from another architecture)'],
    ['setModel of another declared architecture', withRun((run) => run.setModel(modelWith((m) => { m.model.layers[5].type = 'relu'; }))),
      ModelFileError, 'model: model.layers[5] is {"type":"relu"}, but the network\'s layer 5 is {"type":"sigmoid"} (the file was saved from another architecture)'],
    ['duplicate key', () => engine.createRun(experimentText.replace('"units":16,', '"units":16,"units":8,')),
      ConfigError, 'experiment: model.layers[0].units: duplicate key (an object may give each key only once)'],
    ['NUL inside an IDX path', () => engine.createRun(smallExperiment({ dataset: { kind: 'idx', images: '/data/a\u0000b', labels: '/data/l' } })),
      ConfigError, 'dataset.images: a file path cannot contain a NUL character (\\u0000)'],
    ['setModel with finite weights of 1e38, then evaluate', withRun((run) => {
      run.setModel(modelWith((m) => { m.tensors['layers.6.weight'].data.fill(1e38); }));
      run.evaluate('test');
    }), ModelFileError, "model: the model's loss on the test split is not finite (its weights overflow float arithmetic)"],
    ['initial model with finite weights of 1e38, then evaluate', () => {
      const run = engine.createRun(smallExperiment(), {
        initialModel: modelWith((m) => { m.tensors['layers.6.weight'].data.fill(1e38); }) });
      try {
        run.evaluate('train');
      } finally {
        run.delete();
      }
    }, ModelFileError, "initial model: the model's loss on the train split is not finite (its weights overflow float arithmetic)"],
    // 5. Unclean errors.
    ['1e400', () => engine.createRun(experimentText.replace('"learning_rate":0.5', '"learning_rate":1e400')),
      ConfigError, 'experiment: optimizer.learning_rate: the number 1e400 is beyond the range of a double (about 1.8e308)'],
    ['a NUL in a field value', () => engine.createRun(smallExperiment({ loss: 'cross\u0000entropy' })),
      ConfigError, 'loss: expected one of "cross_entropy", "mse", "l1", got "cross\\u0000entropy"'],
    // 6. The JavaScript API itself.
    ...['__proto__', 'constructor', 'toString', 'hasOwnProperty'].map((split) => [
      `evaluate(${JSON.stringify(split)})`, withRun((run) => run.evaluate(split)),
      UsageError, `evaluate: expected "train", "validation" or "test", got ${JSON.stringify(split)}`]),
    ['createComparePair of a model without batchnorm', () => engine.createComparePair(smallExperiment({
      model: { layers: [{ type: 'dense', units: 8 }, { type: 'relu' }, { type: 'dense', units: 2 }] } })),
    ConfigError, 'compare: compare trains the model with and without its batchnorm layers, but model.layers has none'],
    ['writeFile on a folder', () => engine.writeFile('/tmp', new Uint8Array([1, 2])),
      UsageError, /^writeFile: cannot write a file at \/tmp \(.+\)$/],
    ['writeFile with a NUL in the path', () => engine.writeFile('/data/a\u0000b', new Uint8Array([1])),
      UsageError, 'writeFile: a path cannot contain a NUL character'],
  ];

  for (const [what, call, ErrorClass, message] of rows) {
    test(what, () => {
      assert.throws(call, (error) => {
        assert.ok(error instanceof ErrorClass, `${error.name}: ${error.message}`);
        assert.ok(error instanceof BnlabError);
        if (message instanceof RegExp) assert.match(error.message, message);
        else assert.equal(error.message, message);
        return true;
      });
      assert.equal(engine.aborted, false);
    });
  }

  // validateExperiment never throws for bad input: the deep document is its one problem.
  for (const levels of [65, 100000]) {
    test(`validateExperiment of a text nested ${levels} levels`, () => {
      const result = engine.validateExperiment(nested(levels));
      assert.equal(result.ok, false);
      assert.deepEqual(result.problems, [{
        path: repeatedPath(64), code: 'too_deep', params: { maximum: 64 },
        message: deepMessage('', 64),
      }]);
      assert.equal(engine.aborted, false);
    });
  }
  test('validateExperiment of an object nested 100 levels', () => {
    const result = engine.validateExperiment(JSON.parse(nested(100)));
    assert.equal(result.ok, false);
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0].code, 'not_json_data');
    assert.equal(result.problems[0].message, `${repeatedPath(64)}: expected at most 64 levels of nesting, got an object`);
  });

  // The model refused by evaluate stays refused, but the run is not stopped by it: another
  // model can be set and evaluated, and the run can train.
  test('after refusing a model of 1e38 weights, the run takes a good model and trains', () => {
    const run = engine.createRun(smallExperiment());
    try {
      run.setModel(modelWith((m) => { m.tensors['layers.6.weight'].data.fill(1e38); }));
      assert.throws(() => run.evaluate('validation'), ModelFileError);
      run.setModel(model);
      assert.ok(Number.isFinite(run.evaluate('validation').loss));
      run.setModel(modelWith((m) => { m.tensors['layers.6.weight'].data.fill(1e38); }));
      // A step makes the weights the run's own: training reports them as a divergence, and
      // evaluate then answers (a null loss) like for any diverged run, instead of refusing.
      const progress = run.step(1);
      assert.equal(progress.status, 'diverged');
      assert.equal(progress.divergence.step, 1);
      assert.equal(Number.isFinite(run.evaluate('validation').loss), false);
    } finally {
      run.delete();
    }
  });

  test('2. ReLU + BN at learning rate 1e6 diverges, naming the first non-finite tensor', () => {
    const run = engine.createRun(smallExperiment({
      model: { layers: [
        { type: 'dense', units: 16, bias: false }, { type: 'batchnorm' }, { type: 'relu' },
        { type: 'dense', units: 16, bias: false }, { type: 'batchnorm' }, { type: 'relu' },
        { type: 'dense', units: 2 }] },
      optimizer: { type: 'sgd', learning_rate: 1e6 },
      training: { batch_size: 20, steps: 2000 },
    }));
    try {
      const progress = run.step(2000);
      assert.equal(progress.status, 'diverged');
      const { divergence } = progress;
      assert.equal(divergence.step, progress.stepsDone + 1);
      assert.notEqual(divergence.cause, 'loss_not_finite', divergence.message);
      assert.match(divergence.tensor, /^layers\.\d+\.\w+$/);
      assert.ok(divergence.message.startsWith(`diverged at step ${divergence.step}: `), divergence.message);
      assert.ok(divergence.message.includes(`${divergence.tensor} became `), divergence.message);
      assert.ok(divergence.lastLoss === null || Number.isFinite(divergence.lastLoss));
      assert.equal(run.summary().divergence.tensor, divergence.tensor);
    } finally {
      run.delete();
    }
  });

  test('the engine still trains after the whole table', () => {
    const run = engine.createRun(smallExperiment());
    try {
      assert.equal(run.step(20).stepsDone, 20);
      assert.ok(run.losses().loss.every(Number.isFinite));
    } finally {
      run.delete();
    }
  });
});
