// The final comparison: loss and accuracy (or the regression metrics) of every split for each
// run, from the engine's final evaluation in eval mode. The better value of a row is marked.

import { LitElement, html } from 'lit';

import { formatCount, formatMetric, formatPercent, missingValue } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';

const metricsOf = {
  classification: [
    { name: 'loss', better: 'lower', percent: false },
    { name: 'accuracy', better: 'higher', percent: true },
  ],
  // Every measure the engine reports for a regression (the lecture notes' list): MAE, MSE,
  // RMSE, RMSLE and R², after the loss the run minimized.
  regression: [
    { name: 'loss', better: 'lower', percent: false },
    { name: 'mae', better: 'lower', percent: false },
    { name: 'mse', better: 'lower', percent: false },
    { name: 'rmse', better: 'lower', percent: false },
    { name: 'rmsle', better: 'lower', percent: false },
    { name: 'r2', better: 'higher', percent: false },
  ],
};
const splitOrder = ['train', 'validation', 'test'];

export class SummaryTable extends LitElement {
  static properties = {
    language: { type: String },
    task: { type: String },
    /** [{variant, label, status, summary, progress}] */
    runs: { attribute: false },
  };

  constructor() {
    super();
    this.language = 'en';
    this.task = 'classification';
    this.runs = [];
  }

  createRenderRoot() { return this; }

  #value(run, split, metric) {
    const value = run.summary?.final?.[split]?.[metric];
    return typeof value === 'number' ? value : null;
  }

  #bestIndex(values, better) {
    const present = values.filter((value) => value !== null);
    if (present.length < 2 || present.every((value) => value === present[0])) return -1;
    const best = better === 'lower' ? Math.min(...present) : Math.max(...present);
    return values.indexOf(best);
  }

  #columnNote(run, t) {
    const steps = formatCount(run.summary?.steps ?? run.progress?.stepsDone ?? 0, this.language);
    if (run.status === 'diverged') return t('summary.diverged');
    if (run.status === 'stopped') return t('summary.stoppedAt', { step: steps });
    if (run.status === 'failed') return t('summary.failed');
    return t('summary.completeAt', { step: steps });
  }

  /** Which step the columns compare: one step for all (lockstep), or the warning that they differ. */
  #stepNote(t) {
    const compared = this.runs.filter((run) => run.status !== 'diverged' && run.status !== 'failed');
    const steps = new Set(compared.map((run) => run.summary?.steps ?? run.progress?.stepsDone ?? 0));
    if (compared.length === 0) return '';
    if (steps.size === 1) return t('summary.atStep', { step: formatCount([...steps][0], this.language) });
    return t('summary.stepsDiffer');
  }

  render() {
    const ended = this.runs.filter((run) => ['complete', 'stopped', 'diverged', 'failed'].includes(run.status));
    if (ended.length === 0 || ended.length < this.runs.length) return '';
    const t = translatorFor(this.language);
    const splits = splitOrder.filter((split) => this.runs.some((run) => run.summary?.final?.[split]));
    const metrics = metricsOf[this.task] ?? metricsOf.classification;
    return html`
      <div class="summary-scroll">
        <table class="summary-table">
          <caption>${t('summary.caption')} <span class="summary-step">${this.#stepNote(t)}</span></caption>
          <thead>
            <tr>
              <th scope="col">${t('summary.metric')}</th>
              ${this.runs.map((run) => html`
                <th scope="col" data-variant=${run.variant}>
                  <span class="swatch swatch-${run.variant}" aria-hidden="true"></span>${run.label}
                  <span class="column-note">${this.#columnNote(run, t)}</span>
                </th>`)}
            </tr>
          </thead>
          <tbody>
            ${splits.flatMap((split) => metrics.map((metric) => {
              const values = this.runs.map((run) => this.#value(run, split, metric.name));
              const best = this.#bestIndex(values, metric.better);
              return html`
                <tr data-split=${split} data-metric=${metric.name}>
                  <th scope="row">${t(`split.${split}`)} ${t(`metric.${metric.name}`)}</th>
                  ${values.map((value, index) => html`
                    <td data-variant=${this.runs[index].variant} class=${index === best ? 'best' : ''}>
                      ${value === null ? missingValue : (metric.percent ? formatPercent(value, this.language, 2) : formatMetric(value, this.language))}
                      ${index === best ? html`<span class="visually-hidden"> (${t('summary.better')})</span>` : ''}
                    </td>`)}
                </tr>`;
            }))}
          </tbody>
        </table>
      </div>`;
  }
}

customElements.define('bn-summary-table', SummaryTable);
