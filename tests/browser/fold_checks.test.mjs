// BN folding on the page, as state (web/src/runs/fold_checks.js), in Node with a stand-in
// session: only runs that ended complete or stopped with a model and a batchnorm are folded;
// each gets the engine's check or its error; a new session starts with no checks.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { FoldChecks, isFoldable } from '../../web/src/runs/fold_checks.js';

const withBatchNorm = { model: [{ type: 'dense' }, { type: 'batchnorm' }, { type: 'relu' }, { type: 'dense' }] };
const withoutBatchNorm = { model: [{ type: 'dense' }, { type: 'relu' }, { type: 'dense' }] };
const model = { format: 'bnlab-model' };

/** Stands in for a ComparisonSession: its runs, and foldBatchNorm answered by `answer(index)`. */
function fakeSession(runs, answer) {
  const asked = [];
  return {
    runs,
    asked,
    foldBatchNorm(runIndex) {
      asked.push(runIndex);
      return answer(runIndex);
    },
  };
}

describe('BN folding on the page', () => {
  test('which runs can be folded', () => {
    assert.equal(isFoldable({ status: 'complete', info: withBatchNorm, model }), true);
    assert.equal(isFoldable({ status: 'stopped', info: withBatchNorm, model }), true);
    assert.equal(isFoldable({ status: 'complete', info: withoutBatchNorm, model }), false, 'no batchnorm');
    assert.equal(isFoldable({ status: 'diverged', info: withBatchNorm, model }), false, 'diverged weights');
    assert.equal(isFoldable({ status: 'failed', info: withBatchNorm, model: null }), false);
    assert.equal(isFoldable({ status: 'complete', info: withBatchNorm, model: null }), false, 'no model file');
    assert.equal(isFoldable({ status: 'complete', info: null, model }), false);
  });

  test('each foldable run gets the engine check or its error; the others are not asked', async () => {
    const check = { folded: 1, kept: [], maxAbsOutputDifference: 2e-7 };
    const session = fakeSession([
      { status: 'complete', info: withBatchNorm, model },
      { status: 'complete', info: withoutBatchNorm, model },
      { status: 'stopped', info: withBatchNorm, model },
    ], (index) => (index === 0 ? Promise.resolve(check) : Promise.reject(Object.assign(new Error('no test split'), { name: 'UsageError' }))));
    let changes = 0;
    const checks = new FoldChecks(() => { changes += 1; });
    checks.request(session);
    assert.deepEqual(session.asked, [0, 2]);
    assert.ok([...checks.of(session).values()].every((entry) => entry.pending));
    await new Promise((resolve) => { setTimeout(resolve, 0); });
    const entries = checks.of(session);
    assert.deepEqual(entries.get(0), { pending: false, result: check, error: null });
    assert.deepEqual(entries.get(2), { pending: false, result: null, error: { name: 'UsageError', message: 'no test split' } });
    assert.equal(entries.has(1), false);
    assert.ok(changes >= 3, 'a render after the request and after each answer');

    const next = fakeSession([{ status: 'complete', info: withBatchNorm, model }], () => new Promise(() => {}));
    assert.equal(checks.of(next).size, 0, 'another session has no checks yet');
    checks.request(next);
    assert.equal(checks.of(session).size, 0, 'the old session is forgotten');
    assert.equal(checks.of(next).get(0).pending, true);
  });
});
