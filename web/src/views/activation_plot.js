// <bn-activation-plot>: curves on one pair of axes as an SVG line chart, with a legend — the
// activations-and-derivatives view draws f(x) in one and f'(x) in another. Renders only what
// it is handed ({label, kind, x, y, reference}); a reference curve is drawn thin and grey.

import { LitElement, html, svg } from 'lit';

import { formatMetric } from '../format/numbers.js';

const width = 360;
const height = 240;
const margin = { left: 40, right: 10, top: 10, bottom: 26 };

// Distinct colours (≥ 4.5:1 on white) and dashes, one per activation kind.
const strokes = {
  sigmoid: ['#1d4ed8', ''], tanh: ['#b45309', '6 3'], relu: ['#047857', ''], leaky_relu: ['#7c3aed', '2 3'],
  prelu: ['#be185d', '8 3 2 3'], step: ['#6b7280', '1 0'],
};

function strokeOf(kind) { return strokes[kind] ?? ['#111827', '']; }

export class ActivationPlot extends LitElement {
  static properties = {
    language: { type: String },
    heading: { type: String },
    /** [{label, kind, x: number[], y: number[], reference?: boolean}] */
    curves: { attribute: false },
  };

  constructor() {
    super();
    this.language = 'en';
    this.heading = '';
    this.curves = [];
  }

  createRenderRoot() { return this; }

  render() {
    const finite = (values) => values.filter(Number.isFinite);
    const xs = this.curves.flatMap((curve) => finite(Array.from(curve.x)));
    const ys = this.curves.flatMap((curve) => finite(Array.from(curve.y)));
    if (xs.length === 0 || ys.length === 0) return html`<figure class="activation-plot"><figcaption class="plot-heading">${this.heading}</figcaption></figure>`;
    const [xMinimum, xMaximum] = [Math.min(...xs), Math.max(...xs)];
    let [yMinimum, yMaximum] = [Math.min(...ys), Math.max(...ys)];
    const padding = (yMaximum - yMinimum || 1) * 0.06;
    yMinimum -= padding;
    yMaximum += padding;
    const toX = (x) => margin.left + ((x - xMinimum) / (xMaximum - xMinimum || 1)) * (width - margin.left - margin.right);
    const toY = (y) => height - margin.bottom - ((y - yMinimum) / (yMaximum - yMinimum)) * (height - margin.top - margin.bottom);
    const path = (curve) => {
      let text = '';
      let pen = 'M';
      for (let index = 0; index < curve.x.length; index += 1) {
        if (!Number.isFinite(curve.y[index])) { pen = 'M'; continue; }
        text += `${pen}${toX(curve.x[index]).toFixed(1)},${toY(curve.y[index]).toFixed(1)}`;
        pen = 'L';
      }
      return text;
    };
    const zeroY = yMinimum <= 0 && yMaximum >= 0 ? toY(0) : null;
    const zeroX = xMinimum <= 0 && xMaximum >= 0 ? toX(0) : null;
    return html`
      <figure class="activation-plot">
        <figcaption class="plot-heading">${this.heading}</figcaption>
        <svg viewBox=${`0 0 ${width} ${height}`} role="img" aria-label=${this.heading}>
          ${zeroY === null ? '' : svg`<line class="axis" x1=${margin.left} x2=${width - margin.right} y1=${zeroY} y2=${zeroY}></line>`}
          ${zeroX === null ? '' : svg`<line class="axis" x1=${zeroX} x2=${zeroX} y1=${margin.top} y2=${height - margin.bottom}></line>`}
          ${this.curves.map((curve) => {
            const [stroke, dash] = strokeOf(curve.kind);
            return svg`<path class=${curve.reference ? 'curve reference' : 'curve'} data-kind=${curve.kind} d=${path(curve)}
              stroke=${stroke} stroke-dasharray=${dash} stroke-width=${curve.reference ? 1.25 : 2} fill="none"></path>`;
          })}
          <text class="tick" x=${margin.left} y=${height - 8}>${formatMetric(xMinimum, this.language)}</text>
          <text class="tick" x=${width - margin.right} y=${height - 8} text-anchor="end">${formatMetric(xMaximum, this.language)}</text>
          <text class="tick" x=${margin.left - 4} y=${toY(yMaximum - padding) + 4} text-anchor="end">${formatMetric(yMaximum - padding, this.language, 3)}</text>
          <text class="tick" x=${margin.left - 4} y=${toY(yMinimum + padding) + 4} text-anchor="end">${formatMetric(yMinimum + padding, this.language, 3)}</text>
        </svg>
        <ul class="plot-legend">
          ${this.curves.map((curve) => html`<li data-kind=${curve.kind}><svg class="legend-line" viewBox="0 0 24 8" aria-hidden="true">
            <line x1="0" x2="24" y1="4" y2="4" stroke=${strokeOf(curve.kind)[0]} stroke-dasharray=${strokeOf(curve.kind)[1]} stroke-width="2"></line></svg>${curve.label}</li>`)}
        </ul>
      </figure>`;
  }
}

customElements.define('bn-activation-plot', ActivationPlot);
