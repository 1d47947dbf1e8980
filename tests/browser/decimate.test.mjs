// The plots' thinning of long series (web/src/plots/decimate.js): a 50 000-step curve reaches
// uPlot as at most ~1 500 points, keeping the spikes, the last point and only real points; and
// the smoothed loss readout's trailing mean. Pure functions, run in Node.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { decimateCurve, maximumPlotPoints, trailingMean } from '../../web/src/plots/decimate.js';

/** A slowly falling loss curve of `length` points, with one spike, one dip and a NaN. */
function longCurve(length) {
  const x = Float64Array.from({ length }, (_, index) => index + 1);
  const y = Float64Array.from({ length }, (_, index) => 2 / (1 + index / 1000) + 0.01 * Math.sin(index));
  y[12_345] = 40;    // a divergence-like spike
  y[33_333] = -5;    // and a dip
  y[20_000] = Number.NaN;
  return { x, y };
}

describe('decimateCurve', () => {
  test('a curve within the limit is handed on as it is', () => {
    const curve = { x: [1, 2, 3], y: [3, 2, 1] };
    assert.equal(decimateCurve(curve), curve);
    assert.equal(decimateCurve(curve, 3), curve);
  });

  test('50 000 points become at most the limit, in order, each one a real point of the curve', () => {
    const curve = longCurve(50_000);
    const thinned = decimateCurve(curve);
    assert.ok(thinned.x.length <= maximumPlotPoints + 1, `${thinned.x.length} points`);
    assert.ok(thinned.x.length >= maximumPlotPoints / 3, `${thinned.x.length} points: too few to draw the curve`);
    assert.equal(thinned.x.length, thinned.y.length);
    for (let index = 1; index < thinned.x.length; index += 1) assert.ok(thinned.x[index] > thinned.x[index - 1]);
    for (let index = 0; index < thinned.x.length; index += 1) {
      const original = thinned.x[index] - 1;  // x = index + 1
      assert.ok(Object.is(thinned.y[index], curve.y[original]), `point ${index} is the curve's own`);
    }
  });

  test('the spike, the dip and the last point survive thinning', () => {
    const curve = longCurve(50_000);
    const thinned = decimateCurve(curve);
    assert.ok(thinned.y.includes(40), 'the spike');
    assert.ok(thinned.y.includes(-5), 'the dip');
    assert.equal(thinned.x[thinned.x.length - 1], 50_000);
    assert.equal(thinned.y[thinned.y.length - 1], curve.y[49_999]);
  });
});

describe('trailingMean', () => {
  test('the mean of the last n finite values; null when there is none', () => {
    assert.equal(trailingMean([1, 2, 3, 4], 2), 3.5);
    assert.equal(trailingMean([1, 2, Number.NaN, 4], 2), 3, 'a NaN is skipped, the next older value counts');
    assert.equal(trailingMean([5], 50), 5, 'fewer values than asked');
    assert.equal(trailingMean([], 3), null);
    assert.equal(trailingMean([Number.NaN, Number.POSITIVE_INFINITY], 3), null);
  });
});
