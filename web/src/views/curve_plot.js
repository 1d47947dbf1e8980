// A live line chart (uPlot) of the runs of a cell, overlaid in one set of axes with a legend:
// with BatchNorm solid blue, without dashed orange. The cell hands it curves and bumps
// `revision` when points arrive; redrawing is one setData call, which waits for the page's
// drawing budget per task (plots/draw_in_turn.js); making the plot waits its turn (at most
// one plot is made per frame: plots/build_in_turn.js).
// A divergence is drawn as a marked vertical line at its step, not as a broken curve.

import { LitElement, html } from 'lit';
import uPlot from 'uplot';

import { formatCount, formatMetric, formatPercent } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';
import { alignSeries } from '../plots/align_series.js';
import { buildInTurn } from '../plots/build_in_turn.js';
import { drawInTurn } from '../plots/draw_in_turn.js';
import { decimateCurve, trailingMean } from '../plots/decimate.js';
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
    /** [{label, variant, x: number[], y: number[], style?: uPlot series options, e.g. {width: 1}}] */
    curves: { attribute: false },
    /** [{upper, lower, fill}]: shade between two curves (indices into `curves`), e.g. a percentile band */
    bands: { attribute: false },
    /** [minimum, maximum] of the y axis, so panels side by side share one axis; null: from the data */
    yRange: { attribute: false },
    /** the latest-value readout is the mean of the last `smoothing` points (0: the last point) */
    smoothing: { type: Number, attribute: false },
    /** says how the readout is smoothed (shown under the plot and as its tooltip) */
    smoothingNote: { type: String, attribute: false },
    /** [{x, label}] vertical markers (divergence) */
    markers: { attribute: false },
    logScale: { type: Boolean, attribute: false },
    percent: { type: Boolean, attribute: false },
    revision: { type: Number, attribute: false },
  };

  #plot = null;
  #shape = '';
  #signature = '';
  #resizeObserver = null;
  /** a construction is waiting for its turn (buildInTurn) */
  #building = false;

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
    this.yRange = null;
    this.bands = [];
    this.smoothing = 0;
    this.smoothingNote = '';
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
    this.#signature = '';
  }

  #formatValue(value) {
    return this.percent ? formatPercent(value, this.language) : formatMetric(value, this.language);
  }

  #latestText(t) {
    return this.curves.map((curve) => {
      if (this.smoothing > 0 && curve.y.length > 0) {
        const smoothed = trailingMean(curve.y, this.smoothing);
        if (smoothed !== null) {
          return t('plot.latest', {
            run: curve.label, value: this.#formatValue(smoothed), step: formatCount(curve.x[curve.x.length - 1], this.language),
          });
        }
      }
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
            <span class="swatch swatch-${curve.variant} ${swatchLine(curve, this.logScale)}"
              data-stroke=${curve.style?.stroke ?? ''} aria-hidden="true"></span>${curve.label}</li>`)}
        </ul>
        <div class="plot-area" role="img" aria-label=${`${this.heading}. ${this.#latestText(t)}`}></div>
        <p class="plot-latest" title=${this.smoothingNote}>${this.#latestText(t)}</p>
        ${this.smoothingNote ? html`<p class="plot-note">${this.smoothingNote}</p>` : ''}
      </figure>`;
  }

  updated() {
    // A curve's own colour, set through the CSSOM: a host page's Content-Security-Policy
    // (docs/EMBED.md) refuses style attributes, but not this.
    for (const swatch of this.querySelectorAll('.plot-legend .swatch')) swatch.style.borderTopColor = swatch.dataset.stroke;
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
        y: this.yRange !== null ? { range: () => this.#yAxisRange() } : this.percent ? { range: (plot, minimum, maximum) => [Math.max(0, Math.min(minimum, 1) - 0.02), Math.min(1, maximum + 0.02)] } : {},
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
          ...(curve.style ?? {}),
          points: { show: false },
          spanGaps: false,
        })),
      ],
      bands: this.bands.map((band) => ({ series: [band.upper + 1, band.lower + 1], fill: band.fill })),
      hooks: {
        draw: [(plot) => drawMarkers(plot, markers())],
      },
    };
  }

  /**
   * What the drawing depends on, cheaply: each curve's length and a few of its values, the y
   * range and the markers. The cell re-renders at every frame while runs train, but most
   * plots get new points far less often; an unchanged plot is not redrawn.
   */
  #dataSignature() {
    const sample = (values) => {
      const length = values.length;
      return length === 0 ? [0] : [length, values[0], values[length >> 1], values[length - 1]];
    };
    return JSON.stringify([this.curves.map((curve) => [sample(curve.x), sample(curve.y)]), this.yRange, this.markers]);
  }

  /** What the plot's construction depends on: when it changes, the plot is made anew. */
  #shapeKey() {
    return JSON.stringify([this.language, this.logScale, this.percent, this.xLabel, this.yLabel, this.yRange !== null, this.bands,
      this.curves.map((curve) => [curve.label, curve.variant, curve.style ?? null])]);
  }

  #draw() {
    const area = this.querySelector('.plot-area');
    if (area === null) return;
    const shape = this.#shapeKey();
    const rebuild = this.#plot === null || shape !== this.#shape;
    if (rebuild && !this.#building) {
      // Made in turn (plots/build_in_turn.js), with the curves as they are by then.
      this.#building = true;
      buildInTurn(() => {
        this.#building = false;
        if (this.isConnected) this.#drawNow();
      }, this);
      return;
    }
    // Redrawn within the page's drawing budget per task (plots/draw_in_turn.js).
    if (!this.#building) drawInTurn(this, () => { if (this.isConnected && !this.#building) this.#drawNow(); });
  }

  #drawNow() {
    const area = this.querySelector('.plot-area');
    if (area === null) return;
    const shape = this.#shapeKey();
    const signature = this.#dataSignature();
    const rebuild = this.#plot === null || shape !== this.#shape;
    if (!rebuild && signature === this.#signature) return;
    this.#signature = signature;
    const data = alignSeries(this.curves.map((curve) => decimateCurve(curve)), this.logScale ? toLogarithm : undefined);
    if (rebuild) {
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

  /** The shared y range (log10 of it on a log axis), widened when it is a single value. */
  #yAxisRange() {
    let [minimum, maximum] = this.yRange;
    if (this.logScale) { minimum = toLogarithm(minimum) ?? -1; maximum = toLogarithm(maximum) ?? 1; }
    if (!(maximum > minimum)) { minimum -= 0.5; maximum += 0.5; }
    const margin = 0.04 * (maximum - minimum);
    return [minimum - margin, maximum + margin];
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

/** The legend swatch's line: solid for a noisy (log-scale) curve, else as the curve's own style says. */
function swatchLine(curve, logScale) {
  if (logScale) return 'swatch-solid';
  if (curve.style === undefined) return '';
  return Array.isArray(curve.style.dash) ? 'swatch-dashed' : 'swatch-solid';
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
