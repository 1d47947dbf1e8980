// A live line chart (uPlot) of the runs of a cell, overlaid in one set of axes with a legend:
// with BatchNorm solid blue, without dashed orange. The cell hands it curves and bumps
// `revision` when points arrive; redrawing is one setData call, far below a frame's budget.
// A divergence is drawn as a marked vertical line at its step, not as a broken curve.

import { LitElement, html } from 'lit';
import uPlot from 'uplot';

import { formatCount, formatMetric, formatPercent } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';
import { alignSeries } from '../plots/align_series.js';
import { formatLogTick, logarithmIncrements, toLogarithm } from '../plots/log_axis.js';
import { seriesStyle } from '../plots/series_style.js';

const plotHeight = 220;
const narrowPlotHeight = 190;

export class CurvePlot extends LitElement {
  static properties = {
    language: { type: String },
    heading: { type: String },
    xLabel: { type: String, attribute: false },
    yLabel: { type: String, attribute: false },
    /** [{label, variant, x: number[], y: number[]}] */
    curves: { attribute: false },
    /** [{x, label}] vertical markers (divergence) */
    markers: { attribute: false },
    logScale: { type: Boolean, attribute: false },
    percent: { type: Boolean, attribute: false },
    revision: { type: Number, attribute: false },
  };

  #plot = null;
  #shape = '';
  #resizeObserver = null;

  constructor() {
    super();
    this.language = 'en';
    this.heading = '';
    this.xLabel = '';
    this.yLabel = '';
    this.curves = [];
    this.markers = [];
    this.logScale = false;
    this.percent = false;
    this.revision = 0;
  }

  createRenderRoot() { return this; }

  /** How many points each curve has drawn so far (in curve order). */
  get pointCounts() {
    return this.curves.map((curve) => curve.y.filter((value) => Number.isFinite(value)).length);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = null;
    this.#plot?.destroy();
    this.#plot = null;
    this.#shape = '';
  }

  #formatValue(value) {
    return this.percent ? formatPercent(value, this.language) : formatMetric(value, this.language);
  }

  #latestText(t) {
    return this.curves.map((curve) => {
      for (let index = curve.y.length - 1; index >= 0; index -= 1) {
        if (Number.isFinite(curve.y[index])) {
          return t('plot.latest', {
            run: curve.label, value: this.#formatValue(curve.y[index]), step: formatCount(curve.x[index], this.language),
          });
        }
      }
      return t('plot.noPoints', { run: curve.label });
    }).join(' · ');
  }

  render() {
    const t = translatorFor(this.language);
    return html`
      <figure class="curve-plot">
        <figcaption class="plot-heading">${this.heading}</figcaption>
        <ul class="plot-legend">
          ${this.curves.map((curve) => html`<li>
            <span class="swatch swatch-${curve.variant} ${this.logScale ? 'swatch-solid' : ''}" aria-hidden="true"></span>${curve.label}</li>`)}
        </ul>
        <div class="plot-area" role="img" aria-label=${`${this.heading}. ${this.#latestText(t)}`}></div>
        <p class="plot-latest">${this.#latestText(t)}</p>
      </figure>`;
  }

  updated() {
    this.#draw();
  }

  #options(width) {
    const format = (value) => this.#formatValue(value);
    const markers = () => this.markers;
    return {
      width,
      height: width < 480 ? narrowPlotHeight : plotHeight,
      scales: {
        // Wide enough for a divergence marker past the last recorded point.
        x: {
          time: false,
          range: (plot, minimum, maximum) => {
            const far = Math.max(maximum ?? 1, ...markers().map((marker) => marker.x));
            return [minimum ?? 0, far > (minimum ?? 0) ? far : (minimum ?? 0) + 1];
          },
        },
        // A log axis is drawn as log10 of the values on a linear scale (see plots/log_axis.js).
        y: this.percent ? { range: (plot, minimum, maximum) => [Math.max(0, Math.min(minimum, 1) - 0.02), Math.min(1, maximum + 0.02)] } : {},
      },
      axes: [
        { label: this.xLabel, labelSize: 20, size: 36 },
        {
          label: this.yLabel, labelSize: 20, size: 58,
          // uPlot's own labels pick their decimals from the tick step; percent and log axes need ours.
          ...(this.logScale ? { incrs: logarithmIncrements, values: (plot, values) => values.map(formatLogTick) } : {}),
          ...(this.percent ? { values: (plot, values) => values.map(format) } : {}),
        },
      ],
      // The legend is ours (rendered above the plot): the same line samples as the progress rows.
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: this.xLabel },
        ...this.curves.map((curve) => ({
          label: curve.label,
          ...seriesStyle(curve.variant, { noisy: this.logScale }),
          points: { show: false },
          spanGaps: false,
        })),
      ],
      hooks: {
        draw: [(plot) => drawMarkers(plot, markers())],
      },
    };
  }

  #draw() {
    const area = this.querySelector('.plot-area');
    if (area === null) return;
    const data = alignSeries(this.curves, this.logScale ? toLogarithm : undefined);
    const shape = JSON.stringify([this.language, this.logScale, this.percent, this.xLabel, this.yLabel,
      this.curves.map((curve) => [curve.label, curve.variant])]);
    if (this.#plot === null || shape !== this.#shape) {
      this.#plot?.destroy();
      area.replaceChildren();
      // Reading a width forces a layout: only when a plot is made; the ResizeObserver follows later changes.
      const width = Math.max(200, Math.floor(area.clientWidth || 600));
      this.#plot = new uPlot(this.#options(width), data, area);
      this.#shape = shape;
      this.#observeWidth(area);
    } else {
      this.#plot.setData(data);
    }
  }

  #observeWidth(area) {
    if (this.#resizeObserver !== null) return;
    this.#resizeObserver = new ResizeObserver(() => {
      const width = Math.max(200, Math.floor(area.clientWidth));
      if (this.#plot !== null && width !== this.#plot.width) {
        this.#plot.setSize({ width, height: width < 480 ? narrowPlotHeight : plotHeight });
      }
    });
    this.#resizeObserver.observe(area);
  }
}

/** Vertical dashed lines with a label, e.g. "diverged" at the step where a run's loss became NaN. */
function drawMarkers(plot, markers) {
  if (markers.length === 0) return;
  const { ctx, bbox } = plot;
  ctx.save();
  markers.forEach((marker, index) => {
    const position = plot.valToPos(marker.x, 'x', true);
    if (!Number.isFinite(position)) return;
    ctx.strokeStyle = '#b91c1c';
    ctx.fillStyle = '#b91c1c';
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(position, bbox.top);
    ctx.lineTo(position, bbox.top + bbox.height);
    ctx.stroke();
    ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';  // uPlot leaves its axes' alignment on the context
    const text = marker.label;
    const textWidth = ctx.measureText(text).width;
    const gap = 4 * devicePixelRatio;
    // Right of the line when it fits, else left of it; always inside the plotting area.
    const fitsRight = position + gap + textWidth <= bbox.left + bbox.width;
    const left = Math.max(bbox.left, fitsRight ? position + gap : position - gap - textWidth);
    // One line per marker, so two runs diverging a few steps apart keep readable labels.
    const top = bbox.top + 2 + index * 17 * devicePixelRatio;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.75)';
    ctx.fillRect(left - 2, top, textWidth + 4, 16 * devicePixelRatio);
    ctx.fillStyle = '#b91c1c';
    ctx.fillText(text, left, top + 2);
  });
  ctx.restore();
}

customElements.define('bn-curve-plot', CurvePlot);
