// <bn-sweep-grid>: a sweep's results as a table — one row per cell (its axis values, in the
// order the sweep lists them: a learning-rate sweep's rows are its log grid), one column per
// variant in the variant's colour (plots/series_style.js). Each entry fills as its run ends:
// the final metric with a bar of its size, "diverged at step k", stopped, or why it could not
// run. The highest stable value of each variant (runs/sweep_results.js, from the engine's
// verdicts) is marked in its column and named under the table. Renders only.

import { LitElement, html } from 'lit';

import { formatCount, formatMetric, formatPercent } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';
import { seriesStyle } from '../plots/series_style.js';
import { resultKey } from '../runs/sweep_results.js';
import { describeProblem } from './problem_text.js';

/**
 * An axis value as a short label: 0.3, or "std 0.001" for an object — only the fields named in
 * `varying` (those that differ between the axis's values) when given.
 */
export function axisValueText(value, language, varying = null) {
  if (typeof value === 'number') return formatMetric(value, language);
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value).filter(([name]) => varying === null || varying.has(name));
    return entries.map(([name, item]) => `${name} ${axisValueText(item, language)}`).join(', ');
  }
  return JSON.stringify(value);
}

/** The fields that differ between an axis's object values (all of them when none differs), or null. */
function varyingFields(axis) {
  const objects = axis.values.filter((value) => value !== null && typeof value === 'object' && !Array.isArray(value));
  if (objects.length !== axis.values.length) return null;
  const names = new Set(objects.flatMap((value) => Object.keys(value)));
  const varying = new Set([...names].filter((name) => new Set(objects.map((value) => JSON.stringify(value[name]))).size > 1));
  return varying.size > 0 ? varying : null;
}

/** An axis value's label from the sweep file (`labels`, one per value), or null. */
function axisLabel(axis, value) {
  if (!Array.isArray(axis.labels)) return null;
  const written = JSON.stringify(value);
  const index = axis.values.findIndex((candidate) => JSON.stringify(candidate) === written);
  return index >= 0 ? axis.labels[index] : null;
}

function rowLabel(values, axes, language) {
  return axes.map((axis) => axisLabel(axis, values[axis.path]) ?? axisValueText(values[axis.path], language, varyingFields(axis))).join(' · ');
}

/** A variant's column heading: "as written" is "With BN" when the sweep also trains it without. */
function variantLabel(t, variant, variants) {
  if (variant === 'as_written' && variants.includes('without_batchnorm')) return t('run.withBatchNorm');
  return t(`variant.${variant}`);
}

export class SweepGrid extends LitElement {
  static properties = {
    language: { type: String },
    /** the engine's expansion {axes, variants, stable, cells: [{cell, values}]} */
    expansion: { attribute: false },
    /** resultKey -> {status: 'waiting'|'training'|'complete'|'diverged'|'stopped'|'failed', stepsDone, totalSteps, value, stable, divergenceStep, error} */
    entries: { attribute: false },
    /** variant -> the cell number of its highest stable value, or null */
    marks: { attribute: false },
    /** {split, metric} the entries show */
    metric: { attribute: false },
  };

  constructor() {
    super();
    this.language = 'en';
    this.expansion = null;
    this.entries = new Map();
    this.marks = {};
    this.metric = { split: 'test', metric: 'accuracy' };
  }

  createRenderRoot() { return this; }

  #formatValue(value) {
    return this.metric.metric === 'accuracy' ? formatPercent(value, this.language) : formatMetric(value, this.language);
  }

  #entry(t, cell, variant) {
    const entry = this.entries.get(resultKey(cell, variant)) ?? { status: 'waiting' };
    const highest = this.marks[variant] === cell;
    let content;
    if (entry.status === 'complete') {
      const share = this.metric.metric === 'accuracy' && Number.isFinite(entry.value) ? Math.max(0, Math.min(1, entry.value)) : null;
      content = html`<span class="sweep-value">${this.#formatValue(entry.value)}</span>
        ${share === null ? '' : html`<span class="sweep-bar" aria-hidden="true"
          style="width: ${(share * 100).toFixed(1)}%; background: ${seriesStyle(variant).stroke}"></span>`}`;
    } else if (entry.status === 'diverged') {
      content = entry.divergenceStep === null ? t('progress.status.diverged') : t('sweep.divergedAt', { step: formatCount(entry.divergenceStep, this.language) });
    } else if (entry.status === 'training') {
      content = entry.totalSteps > 0
        ? t('progress.step', { done: formatCount(entry.stepsDone, this.language), total: formatCount(entry.totalSteps, this.language) })
        : t('progress.status.training');
    } else if (entry.status === 'failed') {
      content = describeProblem(entry.error, t, this.language);
    } else {
      content = t(`sweep.status.${entry.status}`);
    }
    return html`<td data-cell=${cell} data-variant=${variant} data-status=${entry.status}
      data-value=${entry.status === 'complete' && Number.isFinite(entry.value) ? String(entry.value) : ''}
      data-stable=${entry.stable === true ? 'true' : entry.stable === false ? 'false' : ''}
      data-divergence-step=${entry.divergenceStep ?? ''} class=${highest ? 'sweep-highest-stable' : ''}>
      ${content}${highest ? html` <strong class="sweep-mark">${t('sweep.highestStableMark')}</strong>` : ''}
    </td>`;
  }

  /** Whether any run of the variant has a result (complete or diverged) yet. */
  #anyResult(variant) {
    return this.expansion.cells.some(({ cell }) => ['complete', 'diverged'].includes(this.entries.get(resultKey(cell, variant))?.status));
  }

  #legend(t) {
    const variants = Object.keys(this.marks);
    if (variants.length === 0) return '';
    const { stable } = this.expansion;
    const rule = t(stable.at_least !== undefined ? 'sweep.ruleAtLeast' : 'sweep.ruleAtMost', {
      split: t(`split.${stable.split ?? 'test'}`), metric: t(`metric.${stable.metric ?? 'accuracy'}`),
      threshold: formatMetric(stable.at_least ?? stable.at_most, this.language),
    });
    const axisPath = this.expansion.axes[0].path;
    return html`<p class="sweep-rule">${rule}</p>
      <ul class="sweep-highest">${variants.map((variant) => {
        const cell = this.marks[variant];
        const entry = this.expansion.cells.find((candidate) => candidate.cell === cell);
        return html`<li data-variant=${variant} data-highest-cell=${cell ?? ''}>
          <span class="swatch swatch-${variant}" aria-hidden="true"></span>${variantLabel(t, variant, this.expansion.variants)}:
          ${cell === null && !this.#anyResult(variant) ? t('sweep.notYetKnown') : cell === null ? t('sweep.noStableValue') : t('sweep.highestStable', { path: axisPath, value: axisLabel(this.expansion.axes[0], entry.values[axisPath]) ?? axisValueText(entry.values[axisPath], this.language, varyingFields(this.expansion.axes[0])) })}
        </li>`;
      })}</ul>`;
  }

  render() {
    if (this.expansion === null) return '';
    const t = translatorFor(this.language);
    const { axes, variants, cells } = this.expansion;
    return html`
      <div class="sweep-grid-scroll">
        <table class="sweep-grid">
          <caption>${t('sweep.gridCaption', { split: t(`split.${this.metric.split}`), metric: t(`metric.${this.metric.metric}`) })}</caption>
          <thead><tr>
            <th scope="col">${axes.map((axis) => axis.path).join(' · ')}</th>
            ${variants.map((variant) => html`<th scope="col" data-variant=${variant}>
              <span class="swatch swatch-${variant}" aria-hidden="true"></span>${variantLabel(t, variant, variants)}</th>`)}
          </tr></thead>
          <tbody>${cells.map(({ cell, values }) => html`<tr data-cell=${cell}>
            <th scope="row">${rowLabel(values, axes, this.language)}</th>
            ${variants.map((variant) => this.#entry(t, cell, variant))}
          </tr>`)}</tbody>
        </table>
      </div>
      ${this.#legend(t)}`;
  }
}

customElements.define('bn-sweep-grid', SweepGrid);
