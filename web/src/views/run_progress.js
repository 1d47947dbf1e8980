// Where each run of a cell is: step, epoch, speed and time left, or why it ended (completed,
// stopped, diverged at step k, failed). Renders a snapshot the cell hands it; owns no state.

import { LitElement, html } from 'lit';

import { formatCount, formatDuration, formatMetric } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';
import { divergenceText } from './divergence_text.js';
import { describeProblem } from './problem_text.js';

/** The API's error classes (bindings/js/errors.mjs) a failed run is worded by, besides ConfigError. */
export const failureKinds = Object.freeze(['ModelFileError', 'DataError', 'OutOfMemoryError', 'UsageError']);

/** Why a run could not run, in the page's language. */
function failureText(error, t, language) {
  if (error === null || error === undefined) return '';
  if (error.name === 'WorkerLost') return t('failure.workerLost', { detail: error.message || t('failure.noDetail') });
  if (error.name === 'EngineAbortedError') return t('failure.engineAborted', { detail: error.message });
  if (typeof error.code === 'string') return describeProblem(error, t, language);
  // The engine's other errors carry no code (their messages name files, tensors and sizes):
  // the page says in its own language what kind of problem it is, and quotes the engine.
  if (failureKinds.includes(error.name)) return t(`failure.${error.name}`, { detail: error.message || t('failure.noDetail') });
  return error.message ?? '';
}

export class RunProgress extends LitElement {
  static properties = {
    language: { type: String },
    /** [{variant, label, status, phase, info, progress, stepsPerSecond, divergence, error}] */
    runs: { attribute: false },
  };

  constructor() {
    super();
    this.language = 'en';
    this.runs = [];
  }

  createRenderRoot() { return this; }

  /**
   * Epoch, iteration (mini-batch within the epoch) and step, from the run's own numbers: its
   * steps done and total, and the engine's steps per epoch (Run.info(), which knows the split
   * size, the batch size and drop_last). Only the division is done here.
   */
  #counters(run, t) {
    const { progress, info } = run;
    if (!progress || !info) return '';
    const done = progress.stepsDone;
    const total = progress.totalSteps;
    const perEpoch = info.steps_per_epoch;
    const epochs = Math.max(1, Math.ceil(total / perEpoch));
    const epoch = Math.min(epochs, Math.floor(Math.max(done - 1, 0) / perEpoch) + 1);
    const iteration = done - (epoch - 1) * perEpoch;
    const counter = (name, value, of, text) => html`<span class="counter" data-counter=${name} data-value=${value} data-total=${of}>${text}</span>`;
    const parts = [
      counter('epoch', epoch, epochs, t('progress.epoch', { epoch: formatCount(epoch, this.language), epochs: formatCount(epochs, this.language) })),
      counter('iteration', iteration, perEpoch, t('progress.iteration', { iteration: formatCount(iteration, this.language), iterations: formatCount(perEpoch, this.language) })),
      counter('step', done, total, t('progress.step', { done: formatCount(done, this.language), total: formatCount(total, this.language) })),
    ];
    if (run.status === 'training' && run.stepsPerSecond > 0) {
      parts.push(t('progress.rate', { rate: formatCount(run.stepsPerSecond, this.language) }));
      parts.push(t('progress.eta', { time: formatDuration((total - done) / run.stepsPerSecond, this.language) }));
    }
    return parts.map((part, index) => (index === 0 ? part : html` · ${part}`));
  }

  #statusText(run, t) {
    switch (run.status) {
      case 'starting': return t(`progress.phase.${run.phase}`);
      case 'stopped': return run.progress ? t('progress.stoppedAt', { step: formatCount(run.progress.stepsDone, this.language) }) : t('progress.stopped');
      default: return t(`progress.status.${run.status}`);
    }
  }

  #row(run, t) {
    const done = run.progress?.stepsDone ?? 0;
    const total = run.progress?.totalSteps ?? run.info?.total_steps ?? 1;
    return html`
      <div class="run-progress" data-variant=${run.variant} data-status=${run.status}>
        <div class="run-progress-head">
          <span class="swatch swatch-${run.variant}" aria-hidden="true"></span>
          <strong class="run-label">${run.label}</strong>
          <span class="run-status">${this.#statusText(run, t)}</span>
        </div>
        <progress max=${total} .value=${done} aria-label=${t('progress.barLabel', { run: run.label })}></progress>
        <div class="run-counters">${this.#counters(run, t)}</div>
        ${run.status === 'diverged' ? html`
          <p class="run-message divergence" role="alert">
            <strong>${run.label}:</strong> ${divergenceText(run.divergence, t, (value) => formatMetric(value, this.language))}</p>` : ''}
        ${run.status === 'failed' ? html`
          <p class="run-message failure" role="alert">
            <strong>${run.label}:</strong> ${failureText(run.error, t, this.language)}</p>` : ''}
      </div>`;
  }

  render() {
    if (this.runs.length === 0) return '';
    const t = translatorFor(this.language);
    return html`<div class="run-progress-list">${this.runs.map((run) => this.#row(run, t))}</div>`;
  }
}

customElements.define('bn-run-progress', RunProgress);
