// Memory: many create/train/delete cycles (runs, pairs, failed creations, every reader) leave
// the wasm heap where it was. malloc's in-use bytes come back to their level after the first
// cycle (which may allocate lasting caches), and the heap size stops growing.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { bnlab, smallExperiment } from './support.mjs';

function oneCycle(engine) {
  const run = engine.createRun(smallExperiment({ training: { batch_size: 20, steps: 100, evaluate_every: 50, log_every: 1 } }));
  try {
    while (run.step(30).status === 'training');
    run.finalize();
    run.losses();
    run.evaluations();
    run.probes();
    run.evaluate('validation');
    run.setModel(run.getModel());
    run.tensors();
    run.summary();
  } finally {
    run.delete();
  }
  const pair = engine.createComparePair(smallExperiment());
  try {
    pair.step(50);
    pair.withoutBatchNorm.losses();
  } finally {
    pair.delete();
  }
  assert.throws(() => engine.createRun(smallExperiment({ optimizer: { type: 'sgd', learning_rate: -1 } })), bnlab.ConfigError);
  assert.throws(() => engine.createRun(smallExperiment(), { initialModel: '{}' }), bnlab.ModelFileError);
}

test('20 create/train/delete cycles do not grow the wasm heap', async (t) => {
  const engine = await bnlab.loadEngine();
  const start = engine.memory();
  oneCycle(engine);
  const afterFirst = engine.memory();
  const samples = [];
  for (let cycle = 2; cycle <= 20; cycle += 1) {
    oneCycle(engine);
    samples.push(engine.memory());
  }
  const last = samples.at(-1);
  t.diagnostic(`in use: ${start.inUseBytes} B at start, ${afterFirst.inUseBytes} B after cycle 1, ` +
    `${last.inUseBytes} B after cycle 20; heap ${afterFirst.heapBytes} → ${last.heapBytes} B`);
  assert.equal(engine.liveObjects, 0);
  for (const [index, sample] of samples.entries()) {
    assert.equal(sample.inUseBytes, afterFirst.inUseBytes, `in-use bytes after cycle ${index + 2}`);
    assert.equal(sample.heapBytes, afterFirst.heapBytes, `heap size after cycle ${index + 2}`);
  }
  assert.ok(afterFirst.inUseBytes - start.inUseBytes < 64 * 1024, 'the first cycle keeps less than 64 KB');
});
