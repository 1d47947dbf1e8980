// Running vs population statistics of one BatchNorm unit over the steps (the running mean and
// variance eval mode uses, next to the true mean and variance of that unit's input over the
// whole training set at the same step), with the momentum convention written beside it; and
// the train-mode vs eval-mode gap of the same model, with the "batch of 1 in train mode" readout.

import { LitElement, html } from 'lit';

import { formatCount, formatPercent } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';
import '../views/curve_plot.js';
import { unitColumn, valueRange } from './layer_choices.js';

export class BatchNormStatistics extends LitElement {
  static properties = {
    language: { type: String },
    cellId: { type: String, attribute: false },
    runs: { attribute: false },
    /** the file's BatchNorm momentum: a number (0.1 by default) or 'cumulative' */
    momentum: { attribute: false },
    /** which parts to show: 'running' (running vs population), 'gap' (mode gap) */
    parts: { attribute: false },
    revision: { type: Number, attribute: false },
    _position: { state: true },
    _unit: { state: true },
  };

  constructor() {
    super();
    this.language = 'en';
    this.cellId = 'cell';
    this.runs = [];
    this.momentum = 0.1;
    this.parts = ['running', 'gap'];
    this.revision = 0;
    this._position = 0;
    this._unit = 0;
  }

  createRenderRoot() { return this; }

  /** The BatchNorm (n-th of the runs that have one) and unit drawn now. */
  get choice() {
    const layers = Math.max(0, ...this.runs.map((run) => run.instruments?.runningStatistics?.layers?.length ?? 0));
    const position = Math.min(this._position, Math.max(0, layers - 1));
    const units = Math.max(0, ...this.runs.map((run) => run.instruments?.runningStatistics?.layers?.[position]?.units ?? 0));
    const unit = Math.min(this._unit, Math.max(0, units - 1));
    return { layers, position, units, unit };
  }

  #runningPanels(t) {
    const { layers, position, units, unit } = this.choice;
    if (layers === 0) return '';
    const id = this.cellId;
    const withStatistics = this.runs.filter((run) => run.instruments?.runningStatistics?.layers?.[position]);
    const panel = (field, populationField, axis) => {
      const curves = withStatistics.flatMap((run) => {
        const statistics = run.instruments.runningStatistics;
        const column = statistics.layers[position];
        return [
          { label: t('instruments.runningOf', { run: run.label }), variant: run.variant, x: statistics.step,
            y: unitColumn(column[field], column.units, unit), style: { width: 2, dash: undefined } },
          { label: t('instruments.populationOf', { run: run.label }), variant: run.variant, x: statistics.step,
            y: unitColumn(column[populationField], column.units, unit), style: { width: 1.5, dash: [5, 3] } },
        ];
      });
      return html`<bn-curve-plot class=${`running-panel running-${field}`} .language=${this.language}
        .heading=${t(`instruments.${axis}Heading`, { layer: withStatistics[0]?.instruments.runningStatistics.layers[position].layer ?? '', unit })}
        .xLabel=${t('plot.step')} .yLabel=${t(`instruments.${axis}Axis`)} .yRange=${valueRange(curves.map((curve) => curve.y))}
        .curves=${curves} .revision=${this.revision}></bn-curve-plot>`;
    };
    const momentum = this.momentum === 'cumulative' ? t('instruments.momentumCumulative') : t('instruments.momentumRule', { momentum: String(this.momentum) });
    return html`
      <section class="instrument running-statistics" data-position=${position} data-unit=${unit}>
        <h3>${t('instruments.runningHeading')}</h3>
        <p class="instrument-note momentum-note">${momentum}</p>
        <div class="plot-options">
          <label for=${`${id}-bn-layer`}>${t('instruments.batchNormChoice')}</label>
          <select id=${`${id}-bn-layer`} class="bn-layer" @change=${(event) => { this._position = Number(event.target.value); }}>
            ${Array.from({ length: layers }, (_, index) => html`<option value=${index} ?selected=${index === position}>${t('instruments.batchNormNumber', { position: index + 1 })}</option>`)}
          </select>
          <label for=${`${id}-bn-unit`}>${t('instruments.unitChoice')}</label>
          <input id=${`${id}-bn-unit`} class="bn-unit" type="number" min="0" max=${Math.max(0, units - 1)} step="1" .value=${String(unit)}
            @change=${(event) => { const value = Number.parseInt(event.target.value, 10); this._unit = Number.isInteger(value) && value >= 0 ? value : 0; }}>
        </div>
        <div class="instrument-panels">${panel('runningMean', 'populationMean', 'mean')}${panel('runningVariance', 'populationVariance', 'variance')}</div>
      </section>`;
  }

  #gapPanel(t) {
    const withGap = this.runs.filter((run) => run.instruments?.modeGap?.step?.length > 0);
    if (withGap.length === 0) return '';
    const curves = withGap.flatMap((run) => {
      const gap = run.instruments.modeGap;
      const series = [
        { label: t('instruments.evalModeOf', { run: run.label }), variant: run.variant, x: gap.step, y: gap.evalAccuracy, style: { width: 2.25, dash: undefined } },
        { label: t('instruments.trainModeOf', { run: run.label }), variant: run.variant, x: gap.step, y: gap.trainAccuracy, style: { width: 1.5, dash: [5, 3] } },
      ];
      if (gap.batchOfOneAccuracy.some(Number.isFinite)) {
        series.push({ label: t('instruments.batchOfOneOf', { run: run.label }), variant: run.variant, x: gap.step, y: gap.batchOfOneAccuracy, style: { width: 1.25, dash: [1, 3] } });
      }
      return series;
    });
    const readouts = withGap.map((run) => {
      const gap = run.instruments.modeGap;
      const last = gap.step.length - 1;
      return {
        variant: run.variant,
        text: t('instruments.batchOfOneReadout', {
          run: run.label, step: formatCount(gap.step[last], this.language), split: t(`split.${gap.split[last]}`),
          one: Number.isFinite(gap.batchOfOneAccuracy[last]) ? formatPercent(gap.batchOfOneAccuracy[last], this.language) : '—',
          eval: formatPercent(gap.evalAccuracy[last], this.language),
        }),
      };
    });
    return html`
      <section class="instrument mode-gap">
        <h3>${t('instruments.gapHeading')}</h3>
        <bn-curve-plot class="mode-gap-plot" .language=${this.language} .heading=${t('instruments.gapPanel')}
          .xLabel=${t('plot.step')} .yLabel=${t('metric.accuracy')} .percent=${true}
          .curves=${curves} .revision=${this.revision}></bn-curve-plot>
        <ul class="batch-of-one">${readouts.map((readout) => html`<li data-variant=${readout.variant}>${readout.text}</li>`)}</ul>
      </section>`;
  }

  render() {
    const t = translatorFor(this.language);
    return html`${this.parts.includes('running') ? this.#runningPanels(t) : ''}${this.parts.includes('gap') ? this.#gapPanel(t) : ''}`;
  }
}

customElements.define('bn-batchnorm-statistics', BatchNormStatistics);
