// A cell's session of variants, in Node with stand-in workers: every variant's worker reports
// the digest of the common initial weights, and the session stops the runs and says so when
// they differ. A worker that dies fails its own run only. Pause, Step once and Stop bring every
// run to one step (lockstep).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ComparisonSession } from '../../web/src/runs/comparison_session.js';

/** Stands in for a TrainingClient: records commands, lets the test deliver worker messages. */
class FakeClient {
  commands = [];
  listener = null;
  runId = null;
  start({ runId }, listener) { this.runId = runId; this.listener = listener; this.commands.push('start'); }
  pause() { this.commands.push('pause'); }
  resume() { this.commands.push('resume'); }
  step() { this.commands.push('step'); }
  advance(step) { this.commands.push(`advance ${step}`); }
  stop() { this.commands.push('stop'); }
  foldBatchNorm(request) { this.commands.push(request); return Promise.resolve({ folded: 1 }); }
  send(message) { this.listener({ runId: this.runId, ...message }); }
}

const info = { total_steps: 10, steps_per_epoch: 5 };

function session(variants) {
  const clients = variants.map(() => new FakeClient());
  const value = new ComparisonSession({ experiment: {}, variants, clients, engineUrl: 'x', files: [], onChange: () => {} });
  return { session: value, clients };
}

describe('variants of one experiment', () => {
  test('the same digest in every worker: the runs go on', () => {
    const { session: pair, clients } = session(['as_written', 'without_batchnorm', 'batchnorm_after_activation']);
    clients.forEach((client) => client.send({ type: 'started', info, initialWeightsDigest: 'a1b2' }));
    assert.equal(pair.initialWeightsMismatch, null);
    assert.ok(clients.every((client) => !client.commands.includes('stop')));
  });

  test('digests that differ: the session names them and stops every run', () => {
    const { session: pair, clients } = session(['as_written', 'without_batchnorm']);
    clients[0].send({ type: 'started', info, initialWeightsDigest: 'a1b2' });
    assert.equal(pair.initialWeightsMismatch, null, 'not judged before every run has started');
    clients[1].send({ type: 'started', info, initialWeightsDigest: 'ffff' });
    assert.deepEqual(pair.initialWeightsMismatch, [
      { variant: 'as_written', digest: 'a1b2' }, { variant: 'without_batchnorm', digest: 'ffff' },
    ]);
    assert.ok(clients.every((client) => client.commands.includes('stop')));
  });

  test('a worker that dies fails its run only; the session still ends', async () => {
    const { session: pair, clients } = session(['as_written', 'without_batchnorm']);
    clients.forEach((client) => client.send({ type: 'started', info, initialWeightsDigest: null }));
    clients[0].send({ type: 'failed', error: { name: 'WorkerLost', message: 'out of memory', path: '' } });
    assert.deepEqual(pair.runs.map((run) => run.status), ['failed', 'training']);
    clients[1].send({ type: 'finished', progress: { status: 'complete', stepsDone: 10, totalSteps: 10 }, stopped: false, summary: {}, losses: null, evaluations: null });
    await pair.finished;
    assert.deepEqual(pair.runs.map((run) => run.status), ['failed', 'complete']);
    assert.equal(pair.runs[0].error.name, 'WorkerLost');
  });

  test('BN folding asks the run\'s own worker, with the model file the run ended with', async () => {
    const { session: pair, clients } = session(['as_written', 'without_batchnorm']);
    clients.forEach((client) => client.send({ type: 'started', info, initialWeightsDigest: null }));
    const model = { format: 'bnlab-model', tensors: {} };
    clients[1].send({ type: 'finished', progress: { status: 'complete', stepsDone: 10, totalSteps: 10 }, stopped: false, summary: {}, losses: null, evaluations: null, model });
    await assert.rejects(pair.foldBatchNorm(0), /left no model/, 'a run still training has no model file');
    assert.deepEqual(await pair.foldBatchNorm(1), { folded: 1 });
    assert.deepEqual(clients[1].commands.at(-1), { experiment: {}, variant: 'without_batchnorm', model, engineUrl: 'x', files: [] });
  });

  test('a structured divergence is kept as the engine sent it', () => {
    const { session: single, clients } = session(['as_written']);
    clients[0].send({ type: 'started', info, initialWeightsDigest: null });
    const divergence = { step: 12, cause: 'loss_not_finite', lastLoss: 3.1e8, tensor: '', message: 'diverged at step 12' };
    clients[0].send({ type: 'finished', progress: { status: 'diverged', stepsDone: 12, totalSteps: 10, divergence }, stopped: false, summary: {}, losses: null, evaluations: null });
    assert.deepEqual(single.runs[0].divergence, divergence);
    assert.equal(single.runs[0].status, 'diverged');
  });

  test('lockstep: after Pause the run behind advances to the step of the one ahead; Step once moves both to one past it', () => {
    const { session: pair, clients } = session(['as_written', 'without_batchnorm']);
    clients.forEach((client) => client.send({ type: 'started', info, initialWeightsDigest: null }));
    const report = (index, stepsDone, paused) => clients[index].send({
      type: 'progress', progress: { status: 'training', stepsDone, totalSteps: 5000 }, losses: null, evaluations: null, instruments: null, stepsPerSecond: 1, paused,
    });
    pair.pause();
    assert.ok(clients.every((client) => client.commands.includes('pause')));
    report(0, 1225, true);
    assert.equal(pair.commonStep, null, 'one run has not confirmed its pause yet');
    assert.ok(!clients[0].commands.some((command) => command.startsWith('advance')));
    report(1, 4331, true);
    assert.ok(clients[0].commands.includes('advance 4331'), clients[0].commands.join());
    assert.deepEqual(pair.runs.map((run) => run.status), ['training', 'paused'], 'the run catching up is not shown as paused');
    assert.ok(!clients[1].commands.some((command) => command.startsWith('advance')), 'the run ahead stays');
    assert.equal(pair.commonStep, null);
    report(0, 3000, false);
    report(0, 4331, true);
    assert.equal(pair.commonStep, 4331);

    pair.step();
    assert.ok(clients.every((client) => client.commands.at(-1) === 'advance 4332'));
    report(0, 4332, true);
    report(1, 4332, true);
    assert.equal(pair.commonStep, 4332);
  });

  test('lockstep: Stop pauses, aligns, then stops both; a diverged run does not set the step', () => {
    const { session: trio, clients } = session(['as_written', 'without_batchnorm', 'batchnorm_after_activation']);
    clients.forEach((client) => client.send({ type: 'started', info, initialWeightsDigest: null }));
    const report = (index, stepsDone, paused) => clients[index].send({
      type: 'progress', progress: { status: 'training', stepsDone, totalSteps: 5000 }, losses: null, evaluations: null, instruments: null, stepsPerSecond: 1, paused,
    });
    clients[2].send({ type: 'finished', progress: { status: 'diverged', stepsDone: 900, totalSteps: 5000, divergence: null }, stopped: false, summary: {}, losses: null, evaluations: null });
    trio.stop();
    assert.ok(clients.slice(0, 2).every((client) => client.commands.includes('pause') && !client.commands.includes('stop')));
    report(0, 700, true);
    report(1, 500, true);
    assert.ok(clients[1].commands.includes('advance 700'));
    assert.ok(!clients[0].commands.includes('stop'), 'not before both are at one step');
    report(1, 700, true);
    assert.ok(clients.slice(0, 2).every((client) => client.commands.at(-1) === 'stop'));
    assert.ok(!clients[2].commands.includes('stop'), 'the diverged run has ended');
  });
});
