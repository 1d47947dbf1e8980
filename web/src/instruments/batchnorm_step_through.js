// The BN step-through view: one BatchNorm unit on the mini-batch the next training step uses,
// as the engine traced it (runs/batchnorm_step_through.js holds the state): the batch values
// x_i, x̂_i and γx̂_i + β as a table, μ_B, σ²_B (biased, which normalizes) and the unbiased
// variance the running estimate takes, ε, γ, β, the running estimates before → after with the
// momentum, and a strip plot of x and γx̂ + β on one axis. Renders only; its buttons dispatch
// 'step-through-select', 'step-through-step' and 'step-through-resume'.

import { LitElement, html, svg } from 'lit';

import { formatCount, formatMetric } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';

/** rows of the table before "show all" */
const firstRows = 10;
const plotWidth = 480;
const plotHeight = 96;
const plotMargin = 14;


export class BatchNormStepThroughView extends LitElement {
  static properties = {
    language: { type: String },
    cellId: { type: String, attribute: false },
    /** [{runIndex, label, layer, ordinal}] (runs/batchnorm_step_through.js, with the run's label) */
    choices: { attribute: false },
    /** {runIndex, layer, unit} */
    selection: { attribute: false },
    trace: { attribute: false },
    error: { attribute: false },
    pending: { type: Boolean },
    /** whether Step once / Resume can be pressed (the runs are paused at one step) */
    ready: { type: Boolean },
    _showAll: { state: true },
  };

  constructor() {
    super();
    this.language = 'en';
    this.cellId = 'cell';
    this.choices = [];
    this.selection = null;
    this.trace = null;
    this.error = null;
    this.pending = false;
    this.ready = false;
    this._showAll = false;
  }

  createRenderRoot() { return this; }

  #number(value) { return formatMetric(value, this.language, 6); }

  #select(fields) {
    this.dispatchEvent(new CustomEvent('step-through-select', { detail: { ...this.selection, ...fields }, bubbles: true }));
  }

  #choiceKey(choice) { return `${choice.runIndex}:${choice.layer}`; }

  #pickers(t) {
    const id = this.cellId;
    const selected = this.selection === null ? '' : this.#choiceKey(this.selection);
    const units = this.trace?.units ?? null;
    return html`
      <div class="plot-options">
        <label for=${`${id}-trace-layer`}>${t('stepThrough.layerChoice')}</label>
        <select id=${`${id}-trace-layer`} class="trace-layer" @change=${(event) => {
          const [runIndex, layer] = event.target.value.split(':').map(Number);
          this.#select({ runIndex, layer, unit: 0 });
        }}>
          ${this.choices.map((choice) => html`<option value=${this.#choiceKey(choice)} ?selected=${this.#choiceKey(choice) === selected}>
            ${t('stepThrough.layerOption', { run: choice.label, layer: choice.layer, position: choice.ordinal })}</option>`)}
        </select>
        <label for=${`${id}-trace-unit`}>${t('stepThrough.unitChoice')}</label>
        <input id=${`${id}-trace-unit`} class="trace-unit" type="number" min="0" max=${units === null ? '' : String(units - 1)} step="1"
          .value=${String(this.selection?.unit ?? 0)}
          @change=${(event) => {
            const value = Number.parseInt(event.target.value, 10);
            const unit = Number.isInteger(value) && value >= 0 ? (units === null ? value : Math.min(value, units - 1)) : 0;
            event.target.value = String(unit);
            this.#select({ unit });
          }}>
        ${units === null ? '' : html`<span class="trace-units">${t('stepThrough.unitRange', { last: units - 1 })}</span>`}
        <button type="button" class="button" data-action="trace-step" ?disabled=${!this.ready}
          @click=${() => this.dispatchEvent(new CustomEvent('step-through-step', { bubbles: true }))}>${t('controls.step')}</button>
        <button type="button" class="button" data-action="trace-resume" ?disabled=${!this.ready}
          @click=${() => this.dispatchEvent(new CustomEvent('step-through-resume', { bubbles: true }))}>${t('controls.resume')}</button>
      </div>`;
  }

  #table(t, trace) {
    const count = trace.inputs.length;
    const shown = this._showAll ? count : Math.min(count, firstRows);
    const label = (index) => (trace.positions === 1 ? formatCount(index + 1, this.language)
      : t('stepThrough.samplePosition', { sample: Math.floor(index / trace.positions) + 1, position: (index % trace.positions) + 1 }));
    return html`
      <table class="trace-table">
        <caption>${t('stepThrough.tableCaption', { count: formatCount(count, this.language), samples: trace.samples, positions: trace.positions })}</caption>
        <thead><tr><th scope="col">${trace.positions === 1 ? 'i' : t('stepThrough.samplePositionHeading')}</th>
          <th scope="col">x<sub>i</sub></th><th scope="col">x̂<sub>i</sub></th><th scope="col">γx̂<sub>i</sub> + β</th></tr></thead>
        <tbody>
          ${Array.from({ length: shown }, (_, index) => html`<tr>
            <th scope="row">${label(index)}</th>
            <td class="trace-input" data-value=${String(trace.inputs[index])}>${this.#number(trace.inputs[index])}</td>
            <td class="trace-normalized" data-value=${String(trace.normalized[index])}>${this.#number(trace.normalized[index])}</td>
            <td class="trace-output" data-value=${String(trace.outputs[index])}>${this.#number(trace.outputs[index])}</td>
          </tr>`)}
        </tbody>
      </table>
      ${count > firstRows ? html`<button type="button" class="button quiet trace-show-all" aria-expanded=${this._showAll ? 'true' : 'false'}
        @click=${() => { this._showAll = !this._showAll; }}>
        ${this._showAll ? t('stepThrough.showFirst', { count: firstRows }) : t('stepThrough.showAll', { count: formatCount(count, this.language) })}</button>` : ''}`;
  }

  #quantity(name, symbol, value) {
    return html`<div class="trace-quantity" data-quantity=${name} data-value=${String(value)}><dt>${symbol}</dt><dd>${this.#number(value)}</dd></div>`;
  }

  #statistics(t, trace) {
    const count = trace.inputs.length;
    const momentum = trace.momentum;
    return html`
      <dl class="trace-statistics">
        ${this.#quantity('mean', html`μ<sub>B</sub> = (1/M) Σ x<sub>i</sub>`, trace.mean)}
        ${this.#quantity('biasedVariance', html`σ²<sub>B</sub> = (1/M) Σ (x<sub>i</sub> − μ<sub>B</sub>)²`, trace.biasedVariance)}
        ${this.#quantity('unbiasedVariance', html`σ²<sub>B</sub> · M/(M − 1), M = ${formatCount(count, this.language)}`, trace.unbiasedVariance)}
        ${this.#quantity('epsilon', 'ε', trace.epsilon)}
        ${this.#quantity('gamma', 'γ', trace.gamma)}
        ${this.#quantity('beta', 'β', trace.beta)}
      </dl>
      <p class="instrument-note">${t('stepThrough.normalizeNote')}</p>
      ${trace.tracksRunningStatistics ? html`
        <dl class="trace-running" data-momentum=${String(momentum)} data-batches-tracked=${String(trace.batchesTrackedBefore)}>
          <div class="trace-quantity" data-quantity="runningMean" data-before=${String(trace.runningMeanBefore)} data-after=${String(trace.runningMeanAfter)}>
            <dt>${t('stepThrough.runningMean')}</dt>
            <dd>${this.#number(trace.runningMeanBefore)} → ${this.#number(trace.runningMeanAfter)}</dd></div>
          <div class="trace-quantity" data-quantity="runningVariance" data-before=${String(trace.runningVarianceBefore)} data-after=${String(trace.runningVarianceAfter)}>
            <dt>${t('stepThrough.runningVariance')}</dt>
            <dd>${this.#number(trace.runningVarianceBefore)} → ${this.#number(trace.runningVarianceAfter)}</dd></div>
        </dl>
        <p class="instrument-note trace-momentum">${t('stepThrough.momentumNote', { momentum: this.#number(momentum) })}</p>`
      : html`<p class="instrument-note">${t('stepThrough.noRunningStatistics')}</p>`}`;
  }

  /** x_i and γx̂_i + β as dots on one axis, each with its mean (μ_B and β) marked. */
  #plot(t, trace) {
    let minimum = Infinity;
    let maximum = -Infinity;
    for (const values of [trace.inputs, trace.outputs]) {
      for (const value of values) {
        if (!Number.isFinite(value)) continue;
        minimum = Math.min(minimum, value);
        maximum = Math.max(maximum, value);
      }
    }
    if (!(minimum <= maximum)) return '';
    if (minimum === maximum) { minimum -= 1; maximum += 1; }
    const left = 92;
    const scale = (value) => left + ((value - minimum) / (maximum - minimum)) * (plotWidth - left - plotMargin);
    const row = (values, y, className, mean) => svg`
      <line class="strip-axis" x1=${left} x2=${plotWidth - plotMargin} y1=${y} y2=${y}></line>
      ${Array.from(values, (value) => (Number.isFinite(value) ? svg`<circle class=${className} cx=${scale(value).toFixed(1)} cy=${y} r="3.5"></circle>` : ''))}
      <line class="strip-mean" x1=${scale(mean)} x2=${scale(mean)} y1=${y - 10} y2=${y + 10}></line>`;
    return html`
      <figure class="trace-plot">
        <svg viewBox=${`0 0 ${plotWidth} ${plotHeight}`} role="img" aria-label=${t('stepThrough.plotLabel')}>
          <text class="strip-label" x="4" y="28">x</text>
          <text class="strip-label" x="4" y="64">γx̂ + β</text>
          ${row(trace.inputs, 24, 'strip-input', trace.mean)}
          ${row(trace.outputs, 60, 'strip-output', trace.beta)}
          <text class="strip-tick" x=${left} y=${plotHeight - 4}>${this.#number(minimum)}</text>
          <text class="strip-tick" x=${plotWidth - plotMargin} y=${plotHeight - 4} text-anchor="end">${this.#number(maximum)}</text>
        </svg>
        <figcaption class="instrument-note">${t('stepThrough.plotCaption')}</figcaption>
      </figure>`;
  }

  render() {
    const t = translatorFor(this.language);
    const trace = this.trace;
    const current = trace !== null && this.selection !== null && trace.runIndex === this.selection.runIndex
      && trace.layer === this.selection.layer && trace.unit === this.selection.unit;
    return html`
      <section class="instrument batchnorm-step-through" data-step=${current ? String(trace.step) : ''}
        data-layer=${current ? String(trace.layer) : ''} data-unit=${current ? String(trace.unit) : ''} aria-busy=${this.pending ? 'true' : 'false'}>
        <h3>${t('stepThrough.heading')}</h3>
        ${this.choices.length === 0 ? html`<p class="instrument-empty">${t('stepThrough.noBatchNorm')}</p>` : html`
          <p class="instrument-note">${t('stepThrough.note')}</p>
          ${this.#pickers(t)}
          ${this.error !== null ? html`<p class="run-message failure" role="alert">${t('stepThrough.failed', { detail: this.error.message })}</p>` : ''}
          ${current ? html`
            <p class="trace-step">${t('stepThrough.stepLine', { step: formatCount(trace.step, this.language), samples: trace.samples })}</p>
            <div class="trace-body">
              <div>${this.#table(t, trace)}</div>
              <div>${this.#statistics(t, trace)}${this.#plot(t, trace)}</div>
            </div>` : html`<p class="instrument-empty">${t('stepThrough.waiting')}</p>`}`}
      </section>`;
  }
}

customElements.define('bn-batchnorm-step-through', BatchNormStepThroughView);

