// Internal covariate shift (Ioffe & Szegedy, Fig. 1 b, c): the 15th/50th/85th percentiles of
// one activation's input over the steps, one panel per variant on one shared y axis, with a
// picker for the layer and a switch for the probe source (the training mini-batch in train
// mode, or a fixed probe set in eval mode). Below: the histogram-over-time heatmaps of that
// block (BatchNorm input and output, activation input). Renders what the session received.

import { LitElement, html } from 'lit';

import { translatorFor } from '../i18n/translator.js';
import '../views/curve_plot.js';
import { activationCount, availableSources, blockHistograms, percentileSeries, sourceColumns, valueRange } from './layer_choices.js';
import './histogram_heatmap.js';

// The band between the lowest and highest percentile, in the run's colour, faint.
const bandFills = {
  as_written: 'rgba(29, 78, 216, 0.12)', without_batchnorm: 'rgba(180, 83, 9, 0.12)',
  batchnorm_before_activation: 'rgba(4, 120, 87, 0.12)', batchnorm_after_activation: 'rgba(124, 58, 237, 0.12)',
};

function bandFill(variant) { return bandFills[variant] ?? bandFills.as_written; }

export class PercentileBands extends LitElement {
  static properties = {
    language: { type: String },
    cellId: { type: String, attribute: false },
    /** run snapshots: [{variant, label, instruments}] */
    runs: { attribute: false },
    /** the percents the experiment asks for (probes.percentiles) */
    percents: { attribute: false },
    /** probes.unit of the runs drawn, or null for all units of the layer */
    unit: { attribute: false },
    /** probes.unit of the cell's experiment now (what the next Run records) */
    nextUnit: { attribute: false },
    /** no change of the experiment while a run goes */
    disabled: { type: Boolean },
    revision: { type: Number, attribute: false },
    _source: { state: true },
    _position: { state: true },
  };

  constructor() {
    super();
    this.language = 'en';
    this.cellId = 'cell';
    this.runs = [];
    this.percents = [15, 50, 85];
    this.unit = null;
    this.nextUnit = null;
    this.disabled = false;
    this.revision = 0;
    this._source = null;
    this._position = null;
  }

  createRenderRoot() { return this; }

  /** The source and layer position drawn now (the learner's choice while it exists). */
  get choice() {
    const sources = availableSources(this.runs);
    // Eval mode on a fixed probe set is what the paper's figure plots: it comes first.
    const preferred = sources.find((source) => source !== 'train_batch') ?? sources[0] ?? 'train_batch';
    const source = sources.includes(this._source) ? this._source : preferred;
    const count = activationCount(this.runs, source);
    const position = this._position !== null && this._position < count ? this._position : Math.max(0, count - 1);
    return { sources, source, count, position };
  }

  #curves(run, source, position, t) {
    const columns = sourceColumns(run.instruments?.probes, source);
    const column = columns?.activations[position];
    if (!column) return [];
    const x = run.instruments.probes.step;
    const middle = Math.floor(this.percents.length / 2);
    return this.percents.map((percent, index) => ({
      label: t('instruments.percentileLabel', { percent }),
      variant: run.variant,
      x,
      y: percentileSeries(column, this.percents.length, index),
      style: index === middle ? { width: 2.25, dash: undefined } : { width: 1.25, dash: [4, 3] },
    }));
  }

  /**
   * The engine records percentiles of one unit or of the whole layer (probes.unit), so a unit is
   * a change of the experiment: the cell applies it (and the engine checks it) for the next Run.
   */
  #askForUnit(text) {
    const value = text.trim() === '' ? null : Number(text);
    this.dispatchEvent(new CustomEvent('probe-unit-change', { detail: { unit: Number.isInteger(value) && value >= 0 ? value : null }, bubbles: true }));
  }

  render() {
    const t = translatorFor(this.language);
    const { sources, source, count, position } = this.choice;
    if (sources.length === 0) return '';
    const panels = this.runs.map((run) => ({ run, curves: this.#curves(run, source, position, t) }));
    const range = valueRange(panels.flatMap(({ curves }) => curves.map((curve) => curve.y)));
    const id = this.cellId;
    const layerName = (index) => {
      const column = this.runs.map((run) => sourceColumns(run.instruments?.probes, source)?.activations[index]).find(Boolean);
      return t('instruments.activationChoice', { position: index + 1, kind: column?.kind ?? '' });
    };
    return html`
      <section class="instrument percentile-bands" data-source=${source} data-position=${position}>
        <h3>${t('instruments.shiftHeading')}</h3>
        <p class="instrument-note">${t('instruments.shiftNote', {
          percents: this.percents.join('/'),
          unit: this.unit === null ? t('instruments.allUnits') : t('instruments.oneUnit', { unit: this.unit }),
        })}</p>
        <div class="plot-options">
          <label for=${`${id}-probe-source`}>${t('instruments.sourceChoice')}</label>
          <select id=${`${id}-probe-source`} class="probe-source" @change=${(event) => { this._source = event.target.value; }}>
            ${sources.map((name) => html`<option value=${name} ?selected=${name === source}>${t(`instruments.source.${name}`)}</option>`)}
          </select>
          <label for=${`${id}-probe-layer`}>${t('instruments.layerChoice')}</label>
          <select id=${`${id}-probe-layer`} class="probe-layer" @change=${(event) => { this._position = Number(event.target.value); }}>
            ${Array.from({ length: count }, (_, index) => html`<option value=${index} ?selected=${index === position}>${layerName(index)}</option>`)}
          </select>
          <label for=${`${id}-probe-unit`}>${t('instruments.unitForNextRun')}</label>
          <input id=${`${id}-probe-unit`} class="probe-unit" type="number" min="0" step="1" placeholder=${t('instruments.allUnitsShort')}
            .value=${this.nextUnit === null ? '' : String(this.nextUnit)} ?disabled=${this.disabled}
            @change=${(event) => this.#askForUnit(event.target.value)}>
        </div>
        <div class="instrument-panels">
          ${panels.map(({ run, curves }) => html`
            <bn-curve-plot class="percentile-panel" data-variant=${run.variant} .language=${this.language}
              .heading=${t('instruments.panelHeading', { run: run.label, source: t(`instruments.source.${source}`) })}
              .xLabel=${t('plot.step')} .yLabel=${t('instruments.preActivation')} .yRange=${range}
              .bands=${curves.length >= 2 ? [{ upper: curves.length - 1, lower: 0, fill: bandFill(run.variant) }] : []}
              .curves=${curves} .revision=${this.revision}></bn-curve-plot>`)}
        </div>
        <h4>${t('instruments.histogramHeading')}</h4>
        <div class="instrument-panels">
          ${this.runs.map((run) => html`
            <bn-histogram-heatmap data-variant=${run.variant} .language=${this.language} .label=${run.label} .variant=${run.variant}
              .steps=${run.instruments?.probes?.step ?? null}
              .histograms=${blockHistograms(sourceColumns(run.instruments?.probes, source), position)}
              .revision=${this.revision}></bn-histogram-heatmap>`)}
        </div>
      </section>`;
  }
}

customElements.define('bn-percentile-bands', PercentileBands);
