// <bn-activation-cell>: a notebook's "activations and their derivatives" cell. It asks the
// engine (runs/activation_curves.js, in a worker) for each activation layer entry's values and
// derivatives on a grid of x — the engine's own layers, forward and backward — and draws them
// in two plots, f(x) and f'(x). The step function is not an engine layer: it is drawn thin and
// grey "for reference" (0 below 0, 1 from 0 on; derivative 0 everywhere but at 0), and its
// label says so.

import { LitElement, html } from 'lit';

import { formatMetric } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';
import { pageActivationCurves } from '../runs/activation_curves.js';
import '../share/cell_share.js';
import '../views/activation_plot.js';

/** x from −4 to 4 in steps of 0.05 (161 points, 0 among them) */
export const activationGrid = Object.freeze(Array.from({ length: 161 }, (_, index) => Math.round((-4 + index * 0.05) * 100) / 100));

export class ActivationCell extends LitElement {
  static properties = {
    cellId: { type: String, attribute: 'cell-id' },
    language: { type: String, reflect: true },
    /** {en: {title, description}, ko: {...}} */
    texts: { attribute: false },
    /** the activation layer entries (model.layers entries) to draw */
    layers: { attribute: false },
    assetBase: { type: String, attribute: 'asset-base' },
    /** where the cell comes from, for "Share / embed" (share/share_codes.js); null: no share codes */
    shareSource: { attribute: false },
    _answer: { state: true },
  };

  constructor() {
    super();
    this.cellId = 'activations';
    this.language = 'en';
    this.texts = null;
    this.layers = [];
    this.assetBase = '';
    this.shareSource = null;
    this._answer = null;
  }

  createRenderRoot() { return this; }

  /** The engine's curves, one per layer entry: {layer, values, derivatives} or {layer, error}; null until they arrive. */
  get curves() {
    if (this._answer === null || this._answer.error !== undefined) return null;
    return this._answer.curves.map((curve, index) => ({ layer: this.layers[index], ...curve }));
  }

  willUpdate(changed) {
    if (changed.has('layers')) this.#ask();
  }

  async #ask() {
    const layers = this.layers;
    this._answer = null;
    const engineUrl = new URL('engine/bnlab-engine.mjs', new URL(this.assetBase || './', document.baseURI)).href;
    const answer = await pageActivationCurves.curves({ layers, inputs: [...activationGrid], engineUrl });
    if (layers !== this.layers) return;  // replaced meanwhile
    this._answer = answer;
  }

  updated() {
    this.dataset.state = this._answer === null ? 'waiting' : (this._answer.error === undefined ? 'ready' : 'failed');
  }

  #label(layer, t) {
    const kind = String(layer?.type ?? '?');
    const name = t.has(`activations.kind.${kind}`) ? t(`activations.kind.${kind}`) : kind;
    if (kind === 'leaky_relu') return t('activations.withSlope', { name, slope: formatMetric(layer.negative_slope ?? 0.01, this.language) });
    if (kind === 'prelu') return t('activations.withAlpha', { name, alpha: formatMetric(layer.initial_alpha ?? 0.25, this.language) });
    return name;
  }

  render() {
    const t = translatorFor(this.language);
    const texts = this.texts?.[this.language] ?? this.texts?.en ?? { title: '', description: '' };
    const headingId = `${this.cellId}-heading`;
    const x = activationGrid;
    const step = { label: t('activations.stepReference'), kind: 'step', x, reference: true };
    const values = [{ ...step, y: x.map((value) => (value < 0 ? 0 : 1)) }];
    const derivatives = [{ ...step, y: x.map(() => 0) }];
    const failures = [];
    (this.curves ?? []).forEach((curve) => {
      const label = this.#label(curve.layer, t);
      if (curve.error !== undefined) {
        failures.push(t('activations.failed', { layer: label, detail: curve.error.message }));
        return;
      }
      values.push({ label, kind: curve.layer.type, x, y: Array.from(curve.values) });
      derivatives.push({ label, kind: curve.layer.type, x, y: Array.from(curve.derivatives) });
    });
    return html`
      <section class="cell activation-cell" aria-labelledby=${headingId}>
        <header class="cell-header">
          <h2 id=${headingId}>${texts.title}</h2>
          ${texts.description ? html`<p class="cell-description">${texts.description}</p>` : ''}
        </header>
        ${this._answer?.error !== undefined && this._answer !== null ? html`<p class="run-message failure" role="alert">${t('activations.engineFailed', { detail: this._answer.error.message })}</p>` : ''}
        ${this._answer === null ? html`<p class="instrument-empty" role="status">${t('activations.waiting')}</p>` : ''}
        <div class="instrument-panels">
          <bn-activation-plot class="activation-values" .language=${this.language} .heading=${t('activations.valuesHeading')} .curves=${values}></bn-activation-plot>
          <bn-activation-plot class="activation-derivatives" .language=${this.language} .heading=${t('activations.derivativesHeading')} .curves=${derivatives}></bn-activation-plot>
        </div>
        <p class="instrument-note">${t('activations.note')}</p>
        ${failures.length > 0 ? html`<ul class="cell-problems" role="alert">${failures.map((text) => html`<li>${text}</li>`)}</ul>` : ''}
        ${this.shareSource === null ? '' : html`<bn-cell-share .language=${this.language} .cellId=${this.cellId}
          .siteBase=${new URL(this.assetBase || './', document.baseURI).href} .source=${this.shareSource}
          .preset=${{}} .experiment=${{}} .variants=${[]}></bn-cell-share>`}
      </section>`;
  }
}

customElements.define('bn-activation-cell', ActivationCell);
