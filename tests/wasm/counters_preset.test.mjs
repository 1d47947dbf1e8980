// The counters lesson (notebooks/lessons.md, cell "counters"): its preset is the course notes'
// example, 1 000 training samples in mini-batches of 10 = 100 iterations per epoch. The engine
// says so (Run.info(): the split sizes and steps per epoch), and after 100 steps its epoch
// counter turns over; the page's counters divide these same numbers.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { bnlab, repositoryRoot } from './support.mjs';

const preset = JSON.parse(readFileSync(join(repositoryRoot, 'examples', 'epochs-and-iterations.json'), 'utf8'));

let engine;
before(async () => { engine = await bnlab.loadEngine(); });
after(() => { assert.equal(engine.liveObjects, 0); });

test('1 000 training samples in batches of 10: 100 iterations per epoch, 3 epochs = 300 steps', () => {
  const run = engine.createRun(preset);
  try {
    const info = run.info();
    assert.equal(info.samples.train, 1000);
    assert.equal(preset.training.batch_size, 10);
    assert.equal(info.steps_per_epoch, 100);
    assert.equal(info.total_steps, 300);
    // Run.progress().epoch counts completed epochs: the first ends with step 100.
    assert.deepEqual([99, 1, 1].map((count) => { const { stepsDone, epoch } = run.step(count); return [stepsDone, epoch]; }),
      [[99, 0], [100, 1], [101, 1]]);
    const { total } = run.samples('train', { count: 1 });
    assert.equal(total, 1000, 'one epoch of 100 batches of 10 used every training sample');
  } finally {
    run.delete();
  }
});
