// How each run looks in every plot and legend: with BatchNorm blue, without orange (a pair
// that stays distinct for the common colour-vision deficiencies; both above 4.5:1 contrast on
// white). Smooth curves (evaluations) also differ by dash; the noisy mini-batch loss is drawn
// solid and thin, where a dash pattern would only add noise.

// The placement variants get two more colours (green, violet), also above 4.5:1 on white.
const colours = {
  as_written: '#1d4ed8', without_batchnorm: '#b45309',
  batchnorm_before_activation: '#047857', batchnorm_after_activation: '#7c3aed',
};
const dashes = { without_batchnorm: [7, 4], batchnorm_before_activation: [2, 3], batchnorm_after_activation: [10, 3, 2, 3] };

/**
 * uPlot series options for a run variant. The noisy loss is a 1-pixel line: a canvas without a
 * GPU strokes a line of width 1 on a fast path, and at 1.25 the 2 × 1 500 points of a long
 * loss curve took 10-15× longer to rasterize (~12 ms against ~0.8 ms, Chromium, per redraw,
 * ten a second while a pair trains). uPlot scales the width by devicePixelRatio.
 */
export function seriesStyle(variant, { noisy = false } = {}) {
  const stroke = colours[variant] ?? colours.as_written;
  if (noisy) return { stroke, width: 1 };
  return dashes[variant] ? { stroke, width: 2, dash: dashes[variant] } : { stroke, width: 2 };
}
