// Long series are thinned before they reach uPlot, so a run of 50 000 logged steps costs a
// plot no more than one of 1 500: keep every k-th point and, within each stretch of k points,
// the lowest and the highest value too (spikes stay visible), and always the last point.

export const maximumPlotPoints = 1500;

/**
 * @param {{x: ArrayLike<number>, y: ArrayLike<number>}} curve  x ascending
 * @param {number} [limit]
 * @returns {{x: number[], y: number[]}}  the curve itself when it is short enough
 */
export function decimateCurve(curve, limit = maximumPlotPoints) {
  const length = curve.x.length;
  if (length <= limit) return curve;
  const stride = Math.ceil((3 * length) / limit);
  const x = [];
  const y = [];
  for (let start = 0; start < length; start += stride) {
    const end = Math.min(length, start + stride);
    let lowest = -1;
    let highest = -1;
    for (let index = start; index < end; index += 1) {
      const value = curve.y[index];
      if (!Number.isFinite(value)) continue;
      if (lowest < 0 || value < curve.y[lowest]) lowest = index;
      if (highest < 0 || value > curve.y[highest]) highest = index;
    }
    const keep = [...new Set([start, lowest, highest].filter((index) => index >= 0))].sort((a, b) => a - b);
    for (const index of keep) { x.push(curve.x[index]); y.push(curve.y[index]); }
  }
  if (x[x.length - 1] !== curve.x[length - 1]) { x.push(curve.x[length - 1]); y.push(curve.y[length - 1]); }
  return { x, y };
}

/** The mean of the last `count` finite values of `values` (the smoothed loss readout), or null. */
export function trailingMean(values, count) {
  let sum = 0;
  let taken = 0;
  for (let index = values.length - 1; index >= 0 && taken < count; index -= 1) {
    if (Number.isFinite(values[index])) { sum += values[index]; taken += 1; }
  }
  return taken === 0 ? null : sum / taken;
}
