// Histogram over time of one run's block (BatchNorm input, BatchNorm output, activation input):
// one canvas per tensor, x = reading (left to right over the steps), y = bin (the fixed bins the
// engine chose at the first reading, lower edge at the bottom; values outside them in an
// orange row below and above), darker = more values. Each
// reading is scaled to its own largest bin so that a narrow and a wide distribution both show.

import { LitElement, html } from 'lit';

import { formatCount, formatMetric } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';
import { drawInTurn } from '../plots/draw_in_turn.js';
import { blueRamp, orangeRamp, paintCells } from '../plots/heatmap.js';

export class HistogramHeatmap extends LitElement {
  static properties = {
    language: { type: String },
    label: { type: String, attribute: false },
    variant: { type: String, attribute: false },
    steps: { attribute: false },
    /** [{layer, tensor, lower, upper, bins, counts: Uint32Array (records × (bins + 2))}] */
    histograms: { attribute: false },
    revision: { type: Number, attribute: false },
  };

  /** canvas → the counts array it shows: a canvas is repainted only when its data changed */
  #drawn = new WeakMap();

  constructor() {
    super();
    this.language = 'en';
    this.label = '';
    this.variant = 'as_written';
    this.steps = null;
    this.histograms = [];
    this.revision = 0;
  }

  createRenderRoot() { return this; }

  render() {
    const t = translatorFor(this.language);
    const last = this.steps?.length ? this.steps[this.steps.length - 1] : null;
    return html`
      <figure class="histogram-heatmap">
        <figcaption><span class="swatch swatch-${this.variant}" aria-hidden="true"></span>${this.label}</figcaption>
        ${this.histograms.length === 0 ? html`<p class="instrument-empty">${t('instruments.noHistograms')}</p>` : ''}
        ${this.histograms.map((histogram) => html`
          <div class="heatmap-row" data-tensor=${histogram.tensor} data-layer=${histogram.layer}>
            <span class="heatmap-title">${t(`instruments.tensor.${histogram.tensor}`, { layer: histogram.layer })}</span>
            <span class="heatmap-axis">${t('instruments.aboveRow')} · ${formatMetric(histogram.upper, this.language)}</span>
            <canvas class="heatmap" role="img"
              aria-label=${t('instruments.histogramLabel', { run: this.label, tensor: t(`instruments.tensor.${histogram.tensor}`, { layer: histogram.layer }) })}></canvas>
            <span class="heatmap-axis">${formatMetric(histogram.lower, this.language)} · ${t('instruments.belowRow')}
              · ${last === null ? '' : t('instruments.stepsUpTo', { step: formatCount(last, this.language) })}</span>
          </div>`)}
      </figure>`;
  }

  updated() {
    const canvases = this.querySelectorAll('canvas.heatmap');
    this.histograms.forEach((histogram, index) => {
      const canvas = canvases[index];
      // The session appends by making new arrays, so the same array means nothing new to draw.
      if (!canvas || this.#drawn.get(canvas) === histogram.counts) return;
      this.#drawn.set(canvas, histogram.counts);
      // counts per record: [below, bins..., above]. The fixed bins come from the first reading,
      // so values that later leave that range land in the two overflow rows (bottom: below,
      // top: above), drawn in orange so the learner sees the distribution move out.
      // Painted within the page's drawing budget per task (plots/draw_in_turn.js).
      drawInTurn(canvas, () => paintHistogram(canvas, histogram));
    });
  }
}

/** One heatmap: a column per record, each scaled to its own largest count. */
function paintHistogram(canvas, histogram) {
  const width = histogram.bins + 2;
  const records = Math.floor(histogram.counts.length / width);
  const largest = new Float64Array(records);
  for (let record = 0; record < records; record += 1) {
    for (let row = 0; row < width; row += 1) largest[record] = Math.max(largest[record], histogram.counts[record * width + row]);
  }
  paintCells(canvas, records, width, (record, row) => {
    const count = histogram.counts[record * width + row];
    const intensity = largest[record] > 0 ? Math.sqrt(count / largest[record]) : 0;
    return row === 0 || row === width - 1 ? orangeRamp(intensity) : blueRamp(intensity);
  });
}

customElements.define('bn-histogram-heatmap', HistogramHeatmap);
