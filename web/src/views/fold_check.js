// BN folding for inference, as the learner sees it (eq. 5.18 of the notes): once a run has
// ended, one button asks the engine to fold every BatchNorm into the dense or conv layer
// before it and to run both networks in eval mode on the test set; a row per run then shows
// how many layers went, the largest difference of any output and each pass's time. Renders
// only: the checks come from runs/fold_checks.js; the button dispatches 'fold-request'.

import { LitElement, html } from 'lit';

import { formatCount, formatMetric } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';

/**
 * Outputs this close are the same network: folding changes only the order of the float
 * roundings (the engine's own tests hold folds of trained networks to 1e-5).
 */
const sameOutputsTolerance = 1e-4;

function milliseconds(seconds, language) {
  return formatMetric(seconds * 1000, language, 3);
}

export class FoldCheckView extends LitElement {
  static properties = {
    language: { type: String },
    cellId: { type: String, attribute: false },
    /** [{runIndex, label}] of the runs that can be folded (runs/fold_checks.js isFoldable) */
    foldable: { attribute: false },
    /** runIndex -> {pending, result, error} */
    checks: { attribute: false },
    revision: { type: Number, attribute: false },
  };

  constructor() {
    super();
    this.language = 'en';
    this.cellId = 'cell';
    this.foldable = [];
    this.checks = new Map();
    this.revision = 0;
  }

  createRenderRoot() { return this; }

  #verdict(result, t) {
    if (!result.outputsFinite) return t('fold.notFinite');
    if (result.folded === 0) return t('fold.nothingFolded');
    return result.maxAbsOutputDifference <= sameOutputsTolerance ? t('fold.same') : t('fold.differ');
  }

  #row(run, t) {
    const entry = this.checks.get(run.runIndex);
    const language = this.language;
    if (entry === undefined) return '';
    if (entry.pending) {
      return html`<tr data-variant=${run.variant}><th scope="row">${run.label}</th><td colspan="5">${t('fold.waiting')}</td></tr>`;
    }
    if (entry.error !== null) {
      return html`<tr data-variant=${run.variant} class="failure"><th scope="row">${run.label}</th>
        <td colspan="5" role="alert">${t('fold.failed', { detail: entry.error.message })}</td></tr>`;
    }
    const result = entry.result;
    const speedUp = result.foldedSeconds > 0 ? result.unfoldedSeconds / result.foldedSeconds : null;
    return html`<tr data-variant=${run.variant} data-folded=${result.folded}
        data-difference=${result.maxAbsOutputDifference}>
      <th scope="row">${run.label}</th>
      <td>${t('fold.layers', { folded: result.folded, before: result.layersBefore, after: result.layersAfter })}
        ${result.keptLayers.length > 0 ? html`<div class="fold-kept">${t('fold.kept', { count: result.keptLayers.length })}
          <ul>${result.keptLayers.map((kept) => html`<li data-because=${kept.because}>${t(`fold.keptBecause.${kept.because}`, { layer: kept.layer })}</li>`)}</ul></div>` : ''}</td>
      <td>${t(`fold.samples.${result.split === 'train' ? 'train' : 'test'}`, { count: formatCount(result.samples, language) })}</td>
      <td><span class="fold-difference">${formatMetric(result.maxAbsOutputDifference, language, 2)}</span>
        <span class="fold-verdict">${this.#verdict(result, t)}</span></td>
      <td>${t('fold.times', { before: milliseconds(result.unfoldedSeconds, language), after: milliseconds(result.foldedSeconds, language) })}</td>
      <td>${speedUp === null ? '—' : t('fold.speedUp', { ratio: formatMetric(speedUp, language, 3) })}</td>
    </tr>`;
  }

  render() {
    const t = translatorFor(this.language);
    if (this.foldable.length === 0) return '';
    const pending = this.foldable.some((run) => this.checks.get(run.runIndex)?.pending);
    const asked = this.foldable.some((run) => this.checks.has(run.runIndex));
    const headingId = `${this.cellId}-fold-heading`;
    return html`<section class="fold-check" aria-labelledby=${headingId}>
      <h3 id=${headingId}>${t('fold.heading')}</h3>
      <p class="fold-note">${t('fold.note')}</p>
      <button type="button" class="button quiet" data-action="fold-batchnorm" ?disabled=${pending}
        @click=${() => this.dispatchEvent(new CustomEvent('fold-request', { bubbles: true }))}>
        ${asked ? t('fold.again') : t('fold.button')}</button>
      ${asked ? html`<table class="fold-table">
        <thead><tr><th scope="col">${t('fold.run')}</th><th scope="col">${t('fold.layersHeading')}</th>
          <th scope="col">${t('fold.samplesHeading')}</th><th scope="col">${t('fold.differenceHeading')}</th>
          <th scope="col">${t('fold.timesHeading')}</th><th scope="col">${t('fold.speedUpHeading')}</th></tr></thead>
        <tbody>${this.foldable.map((run) => this.#row(run, t))}</tbody>
      </table>
      <p class="fold-figure-note">${t('fold.figureNote')}</p>` : ''}
    </section>`;
  }
}

customElements.define('bn-fold-check', FoldCheckView);
