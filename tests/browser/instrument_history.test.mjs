// The instrument columns a run gathers message by message (web/src/runs/instrument_history.js):
// every record arrives once, in order, whatever the columns' nesting; a column handed to a view
// earlier keeps its values while the run goes on; and the columns grow in place, so a long run
// does not copy its whole history on every message. Pure functions, run in Node.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { InstrumentHistory, appendColumns } from '../../web/src/runs/instrument_history.js';

/** One worker message's probe columns: `count` records from `firstStep` on, two layers. */
function probeMessage(firstStep, count) {
  const steps = Float64Array.from({ length: count }, (_, index) => firstStep + 100 * index);
  return {
    step: steps,
    layers: [0, 1].map((layer) => ({
      name: `layer ${layer}`,
      median: Float32Array.from(steps, (step) => step / 1000 + layer),
      histogram: { counts: Uint32Array.from({ length: 4 * count }, (_, index) => firstStep + index + layer) },
    })),
  };
}

describe('InstrumentHistory', () => {
  test('300 messages: every record once, in order, at every level of the columns', () => {
    const history = new InstrumentHistory();
    const views = [];
    for (let message = 0; message < 300; message += 1) {
      // 1 to 3 records a message, as the worker's chunks bring them.
      history.append({ probes: probeMessage(1 + 300 * message, 1 + (message % 3)) });
      if (message % 50 === 0) views.push({ steps: history.probes.step, values: [...history.probes.step] });
    }
    const expectedSteps = [];
    const expectedCounts = [];
    for (let message = 0; message < 300; message += 1) {
      const { step, layers } = probeMessage(1 + 300 * message, 1 + (message % 3));
      expectedSteps.push(...step);
      expectedCounts.push(...layers[1].histogram.counts);
    }
    assert.deepEqual([...history.probes.step], expectedSteps);
    assert.equal(history.probes.layers.length, 2);
    assert.equal(history.probes.layers[1].name, 'layer 1');
    assert.deepEqual([...history.probes.layers[1].histogram.counts], expectedCounts);
    assert.deepEqual([...history.probes.layers[0].median], expectedSteps.map((step) => Math.fround(step / 1000)));
    assert.ok(history.probes.layers[0].median instanceof Float32Array);
    assert.ok(history.probes.layers[1].histogram.counts instanceof Uint32Array);
    // A column a view took earlier still holds what it held then.
    for (const view of views) assert.deepEqual([...view.steps], view.values);
    assert.equal(history.revision, 300);
  });

  test('the columns grow in place: 1 000 one-record appends allocate a few buffers, not 1 000', () => {
    let column = null;
    const buffers = new Set();
    for (let index = 0; index < 1000; index += 1) {
      column = appendColumns(column, Float64Array.of(index));
      buffers.add(column.buffer);
    }
    assert.deepEqual([...column], Array.from({ length: 1000 }, (_, index) => index));
    // The first record's own buffer, then capacities 64, 128, ..., 2 048 (each twice what it held).
    assert.ok(buffers.size <= 8, `${buffers.size} buffers`);
  });

  test('a column appended to twice from the same point: the branches do not overwrite each other', () => {
    const start = appendColumns(Float32Array.of(1, 2), Float32Array.of(3));
    const left = appendColumns(start, Float32Array.of(4));
    const right = appendColumns(start, Float32Array.of(5, 6));
    assert.deepEqual([...start], [1, 2, 3]);
    assert.deepEqual([...left], [1, 2, 3, 4]);
    assert.deepEqual([...right], [1, 2, 3, 5, 6]);
  });

  test('an empty message leaves the column as it was; the newest grid and confusion replace the old', () => {
    const history = new InstrumentHistory();
    history.append({ probes: probeMessage(1, 2), decisionGrid: { step: 1 }, confusion: { step: 1 } });
    const before = history.probes.step;
    history.append({ probes: { step: new Float64Array(0), layers: [] }, decisionGrid: { step: 2 } });
    assert.equal(history.probes.step, before);
    assert.deepEqual(history.decisionGrid, { step: 2 });
    assert.deepEqual(history.confusion, { step: 1 });
    history.append(null);
    assert.equal(history.revision, 2);
  });
});
