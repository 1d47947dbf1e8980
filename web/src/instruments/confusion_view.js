// On classification data: each variant's confusion matrix (eval mode, the newest record; rows
// are the true class) and a strip of misclassified samples drawn from the dataset's own pixels
// (as the run sees them, preprocessed), with their true label.

import { LitElement, html } from 'lit';

import { formatCount } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';
import { drawInTurn, drawNowFor } from '../plots/draw_in_turn.js';
import { paintGrey } from '../plots/heatmap.js';
import { afterNextLayout, watchScreen } from '../plots/screen_watch.js';

// The view renders only near the screen (plots/screen_watch.js): its tables are ~200 Lit
// template instances and its strip two dozen images, made in one task as the first records
// arrive, while the view sits at the bottom of a Fig. 1 cell ~3 000 px below the plots in
// sight. That task was the longest in CPU of a Fig. 1 trace (55 ms, 1.65 s after Run). A view
// that comes near the viewport again renders the newest records then; printing renders all.
const screen = watchScreen((view) => view.requestUpdate());
const views = new Set();

globalThis.addEventListener?.('beforeprint', () => {
  for (const view of views) view.renderForPrint();  // views holds the connected ones
});

/** Grey levels of a sample's pixels, scaled by its own range (preprocessing may have moved it). */
function greyLevels(pixels) {
  let minimum = Infinity;
  let maximum = -Infinity;
  for (let index = 0; index < pixels.length; index += 1) {
    minimum = Math.min(minimum, pixels[index]);
    maximum = Math.max(maximum, pixels[index]);
  }
  const span = maximum > minimum ? maximum - minimum : 1;
  const levels = new Uint8ClampedArray(pixels.length);
  for (let index = 0; index < pixels.length; index += 1) {
    levels[index] = Math.round(255 - (255 * (pixels[index] - minimum)) / span);
  }
  return levels;
}

export class ConfusionView extends LitElement {
  static properties = {
    language: { type: String },
    runs: { attribute: false },
    revision: { type: Number, attribute: false },
  };

  #drawn = new WeakMap();

  constructor() {
    super();
    this.language = 'en';
    this.runs = [];
    this.revision = 0;
  }

  createRenderRoot() { return this; }

  #printing = false;
  #waitedForLayout = false;

  connectedCallback() {
    super.connectedCallback();
    views.add(this);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    views.delete(this);
  }

  /** Renders now, near the screen or not, and paints the digits before the page is printed. */
  renderForPrint() {
    this.#printing = true;
    this.requestUpdate();
    this.updateComplete.then(() => drawNowFor(this));
  }

  shouldUpdate() {
    if (this.#printing) {
      this.#printing = false;
      return true;
    }
    if (!this.#waitedForLayout && this.runs.some((run) => run.instruments?.confusion)) {
      // The first records: the views above render theirs in this same update, and until then
      // this empty view sits right under the plots, on screen. Once the page has laid them out,
      // the observer has reported where they put it. (Counting frames raced: the panels render
      // records in a task between frames, so the layout may come a frame later.)
      this.#waitedForLayout = true;
      screen.offScreen(this);  // watched from now, so that the report covers this layout
      afterNextLayout(this).then(() => this.requestUpdate());
      return false;
    }
    return !screen.offScreen(this);
  }

  #matrix(run, t) {
    const confusion = run.instruments?.confusion;
    if (!confusion) return html`<p class="instrument-empty">${t('instruments.noConfusion')}</p>`;
    const { classes, matrix } = confusion;
    const largest = Math.max(1, ...matrix);
    return html`
      <table class="confusion-matrix">
        <caption>${t('instruments.confusionCaption', { split: t(`split.${confusion.split}`), step: formatCount(confusion.step, this.language) })}</caption>
        <thead><tr><th scope="col">${t('instruments.trueClass')}</th>
          ${Array.from({ length: classes }, (_, predicted) => html`<th scope="col">${predicted}</th>`)}</tr></thead>
        <tbody>
          ${Array.from({ length: classes }, (_, actual) => html`<tr><th scope="row">${actual}</th>
            ${Array.from({ length: classes }, (_, predicted) => {
              const count = matrix[actual * classes + predicted];
              const shade = Math.round(255 - 150 * Math.sqrt(count / largest));
              const colour = actual === predicted ? `rgb(${shade}, ${Math.min(255, shade + 40)}, ${shade})` : `rgb(255, ${shade}, ${shade})`;
              return html`<td data-background=${colour}>${formatCount(count, this.language)}</td>`;
            })}</tr>`)}
        </tbody>
      </table>
      <p class="instrument-note">${t('instruments.misclassifiedCount', { count: formatCount(confusion.misclassifiedCount, this.language) })}</p>
      <div class="digit-strip">
        ${confusion.digits.map((digit) => html`<figure class="digit">
          <canvas class="digit-canvas" data-index=${digit.index}></canvas>
          <figcaption>${t('instruments.digitLabel', { label: digit.label, index: digit.index })}</figcaption></figure>`)}
      </div>`;
  }

  render() {
    const t = translatorFor(this.language);
    if (!this.runs.some((run) => run.instruments?.confusion)) return '';
    return html`
      <section class="instrument confusion">
        <h3>${t('instruments.confusionHeading')}</h3>
        <div class="instrument-panels">
          ${this.runs.map((run) => html`<div class="confusion-panel" data-variant=${run.variant}>
            <h4><span class="swatch swatch-${run.variant}" aria-hidden="true"></span>${run.label}</h4>
            ${this.#matrix(run, t)}</div>`)}
        </div>
      </section>`;
  }

  updated() {
    // Cell shades through the CSSOM, not style attributes (a host page's CSP refuses those).
    for (const entry of this.querySelectorAll('td[data-background]')) entry.style.background = entry.dataset.background;
    this.runs.forEach((run) => {
      const confusion = run.instruments?.confusion;
      if (!confusion) return;
      const panel = this.querySelector(`.confusion-panel[data-variant="${run.variant}"]`);
      const canvases = panel?.querySelectorAll('canvas.digit-canvas') ?? [];
      confusion.digits.forEach((digit, index) => {
        const canvas = canvases[index];
        if (!canvas || this.#drawn.get(canvas) === digit) return;
        this.#drawn.set(canvas, digit);
        // Within the page's drawing budget per task (plots/draw_in_turn.js): an untrained
        // network misclassifies most of the strip's digits at once.
        drawInTurn(canvas, () => paintDigit(canvas, digit));
      });
    });
  }
}

function paintDigit(canvas, digit) {
  // [1, 28, 28] or [28, 28] images; a flat [784] sample is taken as a square.
  const side = Math.round(Math.sqrt(digit.pixels.length));
  const height = digit.shape.length >= 2 ? digit.shape[digit.shape.length - 2] : side;
  const width = digit.shape.length >= 2 ? digit.shape[digit.shape.length - 1] : side;
  paintGrey(canvas, width, height, greyLevels(digit.pixels));
}

customElements.define('bn-confusion-view', ConfusionView);
