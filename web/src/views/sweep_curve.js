// <bn-sweep-curve>: a one-axis sweep with numeric positive values as curves — the final metric
// of each variant over the axis value on a log axis (learning rates, init scales), in the
// variants' colours and dashes (plots/series_style.js). A diverged run is a cross at the bottom;
// the highest stable value of each variant is ringed. A small SVG: at most 100 points a
// variant, redrawn as runs end. Renders only (the numbers are the grid's entries).

import { LitElement, html, svg } from 'lit';

import { formatMetric } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';
import { formatLogTick, toLogarithm } from '../plots/log_axis.js';
import { seriesStyle } from '../plots/series_style.js';
import { resultKey } from '../runs/sweep_results.js';

const width = 480;
const height = 220;
const margin = { left: 48, right: 12, top: 10, bottom: 34 };

/** Whether the sweep can be drawn as curves: one axis whose values are all positive numbers. */
export function drawableAsCurves(expansion) {
  return expansion !== null && expansion.axes.length === 1 && expansion.cells.length >= 2
    && expansion.axes[0].values.every((value) => typeof value === 'number' && value > 0);
}

export class SweepCurve extends LitElement {
  static properties = {
    language: { type: String },
    expansion: { attribute: false },
    entries: { attribute: false },
    marks: { attribute: false },
    /** {split, metric}; the y axis is 0 … 1 for accuracy, else the values' range */
    metric: { attribute: false },
  };

  createRenderRoot() { return this; }

  render() {
    if (!drawableAsCurves(this.expansion)) return '';
    const t = translatorFor(this.language);
    const { axes, variants, cells } = this.expansion;
    const path = axes[0].path;
    const exponents = cells.map(({ values }) => toLogarithm(values[path]));
    const low = Math.min(...exponents);
    const high = Math.max(...exponents);
    const finished = [];
    for (const variant of variants) {
      for (const { cell } of cells) {
        const entry = this.entries.get(resultKey(cell, variant));
        if (entry?.status === 'complete' && Number.isFinite(entry.value)) finished.push(entry.value);
      }
    }
    const accuracy = this.metric.metric === 'accuracy';
    const bottom = accuracy ? 0 : Math.min(0, ...finished);
    const top = accuracy ? 1 : Math.max(1e-12, ...finished);
    const x = (exponent) => margin.left + ((exponent - low) / Math.max(high - low, 1e-12)) * (width - margin.left - margin.right);
    const y = (value) => height - margin.bottom - ((value - bottom) / Math.max(top - bottom, 1e-12)) * (height - margin.top - margin.bottom);
    const yTicks = [0, 0.25, 0.5, 0.75, 1].map((share) => bottom + share * (top - bottom));
    const decades = [];
    for (let exponent = Math.ceil(low - 1e-9); exponent <= high + 1e-9; exponent += 1) decades.push(exponent);
    return html`<figure class="sweep-curve">
      <svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${t('sweep.curveLabel', { path, metric: t(`metric.${this.metric.metric}`) })}>
        ${yTicks.map((value) => svg`<line class="grid-line" x1=${margin.left} x2=${width - margin.right} y1=${y(value)} y2=${y(value)}></line>
          <text class="tick" x=${margin.left - 6} y=${y(value) + 4} text-anchor="end">${accuracy ? `${Math.round(value * 100)}%` : formatMetric(value, this.language, 2)}</text>`)}
        ${decades.map((exponent) => svg`<text class="tick" x=${x(exponent)} y=${height - margin.bottom + 16} text-anchor="middle">${formatLogTick(exponent)}</text>`)}
        <text class="axis-title" x=${(margin.left + width - margin.right) / 2} y=${height - 4} text-anchor="middle">${path} (log)</text>
        ${variants.map((variant) => {
          const style = seriesStyle(variant);
          const points = [];
          const crosses = [];
          cells.forEach(({ cell }, index) => {
            const entry = this.entries.get(resultKey(cell, variant));
            if (entry?.status === 'complete' && Number.isFinite(entry.value)) points.push([x(exponents[index]), y(entry.value), cell]);
            else if (entry?.status === 'diverged') crosses.push(x(exponents[index]));
          });
          const marked = points.find(([, , cell]) => this.marks[variant] === cell);
          return svg`<g class="sweep-series" data-variant=${variant}>
            <polyline fill="none" stroke=${style.stroke} stroke-width="2" stroke-dasharray=${(style.dash ?? []).join(' ')}
              points=${points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}></polyline>
            ${points.map(([px, py]) => svg`<circle cx=${px} cy=${py} r="3" fill=${style.stroke}></circle>`)}
            ${crosses.map((px) => svg`<path d=${`M${px - 4},${y(bottom) - 4} l8,8 m0,-8 l-8,8`} stroke=${style.stroke} stroke-width="2"></path>`)}
            ${marked === undefined ? '' : svg`<circle class="sweep-curve-mark" cx=${marked[0]} cy=${marked[1]} r="7" fill="none" stroke=${style.stroke} stroke-width="2"></circle>`}
          </g>`;
        })}
      </svg>
      <figcaption>${t('sweep.curveCaption')}</figcaption>
    </figure>`;
  }
}

customElements.define('bn-sweep-curve', SweepCurve);
