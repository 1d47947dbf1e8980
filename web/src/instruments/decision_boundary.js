// Decision boundary of each variant: the engine's class probabilities on its grid over the
// (preprocessed) inputs' range, painted from the typed array with ImageData (the class's colour,
// paler where the model is less sure), and the training points (dots) and test points (rings)
// on top. One canvas per variant, the same grid and axes for all; redrawn when a frame arrives.

import { LitElement, html } from 'lit';

import { formatCount } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';
import { drawInTurn } from '../plots/draw_in_turn.js';
import { paintCells } from '../plots/heatmap.js';

const canvasSize = 280;
// Class colours, distinct from the variant colours (those mark runs, these mark classes).
const classColours = [[220, 38, 38], [37, 99, 235], [22, 163, 74], [202, 138, 4], [147, 51, 234], [8, 145, 178], [219, 39, 119], [87, 83, 78], [101, 163, 13], [234, 88, 12]];

function classColour(label) { return classColours[label % classColours.length]; }

/** The grid's cells as RGBA: the likeliest class's colour, blended with white by its probability. */
function gridColour(frame, column, row) {
  const base = (row * frame.size + column) * frame.classes;
  let best = 0;
  for (let label = 1; label < frame.classes; label += 1) if (frame.eval[base + label] > frame.eval[base + best]) best = label;
  // 1/classes (no idea) is white, certainty is the full colour (at half strength, so points show).
  const chance = 1 / frame.classes;
  const sureness = Math.max(0, (frame.eval[base + best] - chance) / (1 - chance));
  const strength = 0.55 * sureness;
  return classColour(best).map((channel) => Math.round(255 + (channel - 255) * strength));
}

export class DecisionBoundary extends LitElement {
  static properties = {
    language: { type: String },
    /** run snapshots: [{variant, label, instruments: {decisionGrid}, samples}] */
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

  render() {
    const t = translatorFor(this.language);
    if (!this.runs.some((run) => run.instruments?.decisionGrid)) return '';
    return html`
      <section class="instrument decision-boundary">
        <h3>${t('instruments.boundaryHeading')}</h3>
        <p class="instrument-note">${t('instruments.boundaryNote')}</p>
        <div class="instrument-panels">
          ${this.runs.map((run) => {
            const frame = run.instruments?.decisionGrid;
            return html`
              <figure class="boundary-panel" data-variant=${run.variant} data-step=${frame?.step ?? ''}>
                <figcaption><span class="swatch swatch-${run.variant}" aria-hidden="true"></span>${run.label}
                  ${frame ? html`<span class="boundary-step">${t('instruments.atStep', { step: formatCount(frame.step, this.language) })}</span>` : ''}</figcaption>
                <canvas class="boundary-canvas" width=${canvasSize} height=${canvasSize} role="img"
                  aria-label=${t('instruments.boundaryLabel', { run: run.label, step: frame ? formatCount(frame.step, this.language) : '—' })}></canvas>
              </figure>`;
          })}
        </div>
      </section>`;
  }

  updated() {
    const canvases = this.querySelectorAll('canvas.boundary-canvas');
    this.runs.forEach((run, index) => {
      const frame = run.instruments?.decisionGrid;
      const canvas = canvases[index];
      if (!frame || !canvas || this.#drawn.get(canvas) === frame) return;
      this.#drawn.set(canvas, frame);
      // Within the page's drawing budget per task (plots/draw_in_turn.js).
      const samples = run.samples;
      drawInTurn(canvas, () => this.#draw(canvas, frame, samples));
    });
  }

  #draw(canvas, frame, samples) {
    // The grid at one pixel per cell, then scaled onto the visible canvas without smoothing.
    const cells = document.createElement('canvas');
    paintCells(cells, frame.size, frame.size, (column, row) => gridColour(frame, column, row));
    const context = canvas.getContext('2d');
    context.imageSmoothingEnabled = false;
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.drawImage(cells, 0, 0, canvas.width, canvas.height);
    if (!samples) return;
    const [xMinimum, xMaximum] = frame.x;
    const [yMinimum, yMaximum] = frame.y;
    const position = (x, y) => [
      ((x - xMinimum) / (xMaximum - xMinimum)) * canvas.width,
      (1 - (y - yMinimum) / (yMaximum - yMinimum)) * canvas.height,
    ];
    const drawPoints = ({ inputs, labels }, filled) => {
      for (let index = 0; index < labels.length; index += 1) {
        const [left, top] = position(inputs[2 * index], inputs[2 * index + 1]);
        const [red, green, blue] = classColour(labels[index]);
        context.beginPath();
        context.arc(left, top, filled ? 2.2 : 3.2, 0, 2 * Math.PI);
        if (filled) {
          context.fillStyle = `rgb(${red}, ${green}, ${blue})`;
          context.fill();
        } else {
          context.strokeStyle = `rgb(${Math.round(red * 0.55)}, ${Math.round(green * 0.55)}, ${Math.round(blue * 0.55)})`;
          context.lineWidth = 1.3;
          context.stroke();
        }
      }
    };
    drawPoints(samples.train, true);
    drawPoints(samples.test, false);
  }
}

customElements.define('bn-decision-boundary', DecisionBoundary);
