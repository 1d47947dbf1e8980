// uPlot draws series that share one x array. The runs of a compare pair record at the same
// steps, but one may be ahead of the other (or stopped earlier), so their x values are merged
// and each series gets null where it has no point yet (uPlot leaves a gap there).

/**
 * @param {Array<{x: number[], y: number[]}>} curves  each x ascending
 * @param {(value: number) => number|null} [transform]  e.g. drop values a log axis cannot show
 * @returns {Array<Array<number|null>>}  [x, y0, y1, ...]
 */
export function alignSeries(curves, transform = (value) => value) {
  const cursors = curves.map(() => 0);
  const x = [];
  const ys = curves.map(() => []);
  for (;;) {
    let next = Infinity;
    curves.forEach((curve, index) => {
      if (cursors[index] < curve.x.length) next = Math.min(next, curve.x[cursors[index]]);
    });
    if (next === Infinity) break;
    x.push(next);
    curves.forEach((curve, index) => {
      if (cursors[index] < curve.x.length && curve.x[cursors[index]] === next) {
        const value = curve.y[cursors[index]];
        ys[index].push(Number.isFinite(value) ? transform(value) : null);
        cursors[index] += 1;
      } else {
        ys[index].push(null);
      }
    });
  }
  return [x, ...ys];
}
