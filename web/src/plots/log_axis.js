// The loss plot's logarithmic axis, drawn as log10(value) on a linear uPlot scale with labels
// in the original units. uPlot's own log scale computes its ticks from a table of magnitudes
// that ends long before the 1e50 a diverging loss can reach; this way ticks stay right from
// 1e-8 to 1e38, and the axis shows 0.1, 0.3, 1 … for ordinary losses.

/** log10 of a value; null for values a log axis cannot show (≤ 0). */
export function toLogarithm(value) {
  return value > 0 ? Math.log10(value) : null;
}

/** Tick steps in decades: fractions of a decade for ordinary losses, many decades for diverging ones. */
export const logarithmIncrements = [0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100];

/** The label of a tick at log10 = exponent: 0.03, 0.1, 3.2, 100, 1e5, 3.2e+7. */
export function formatLogTick(exponent) {
  if (exponent === null || !Number.isFinite(exponent)) return '';
  const value = 10 ** exponent;
  const whole = Math.abs(exponent - Math.round(exponent)) < 1e-9;
  if (Math.abs(exponent) >= 4) return whole ? `1e${Math.round(exponent)}` : value.toExponential(1);
  return String(Number(value.toPrecision(2)));
}
