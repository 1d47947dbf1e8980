// <bn-experiment-cell>: one experiment of a notebook — its settings, Run / Pause / Resume /
// Step / Stop / Reset, progress, live curves of both runs overlaid, and the final table.
// Self-contained: everything it needs arrives as properties or attributes (cell-id, language,
// preset settings, texts), so an instructor's page can hold a single one.
//
// The cell is the controller: it owns the settings (the page's state for this cell) and the
// current ComparisonSession; its child elements only render what it hands them. Rendering is
// coalesced to one update per animation frame however many worker messages arrive.

import { LitElement, html } from 'lit';

import { translatorFor } from '../i18n/translator.js';
import { ComparisonSession, variantNames } from '../runs/comparison_session.js';
import { TrainingClient } from '../runs/training_client.js';
import { datasetFiles } from '../settings/dataset_catalog.js';
import { buildExperiment, taskOf } from '../settings/experiment_builder.js';
import { changeSetting, hasBatchNorm, validateSettings } from '../settings/settings_rules.js';
import { defaultSettings } from '../settings/settings_table.js';
import '../views/curve_plot.js';
import { divergenceStep } from '../views/divergence_text.js';
import '../views/run_controls.js';
import '../views/run_progress.js';
import { settingsDigest } from '../views/settings_digest.js';
import '../views/settings_form.js';
import '../views/summary_table.js';

const renderIntervalMilliseconds = 66;

const metricChoices = {
  classification: ['accuracy', 'loss'],
  regression: ['r2', 'rmse', 'mae', 'loss'],
};

export class ExperimentCell extends LitElement {
  static properties = {
    cellId: { type: String, attribute: 'cell-id' },
    language: { type: String, reflect: true },
    /** {en: {title, description}, ko: {...}} */
    texts: { attribute: false },
    /** the settings this cell starts from and resets to */
    preset: { attribute: false },
    /** the settings to show first (e.g. read from the URL); the preset when absent */
    initialSettings: { attribute: false },
    settingsOpen: { type: Boolean, attribute: 'settings-open' },
    /** load the engine and the data while the page is idle, so the first Run starts at once */
    warm: { type: Boolean },
    /** where the site's engine/ and data/ folders are (default: the page's folder) */
    assetBase: { type: String, attribute: 'asset-base' },
    _settings: { state: true },
    _unreadable: { state: true },
    _metricSplit: { state: true },
    _metricName: { state: true },
  };

  #session = null;
  /** The settings of the session on screen (the form may have changed since). */
  #sessionSettings = null;
  #clients = [];
  #frameRequested = false;
  #lastRender = -Infinity;
  #revision = 0;
  /** bumped by reset, so the form drops text that was being typed */
  #formGeneration = 0;

  constructor() {
    super();
    this.cellId = 'experiment';
    this.language = 'en';
    this.texts = null;
    this.preset = defaultSettings();
    this.initialSettings = null;
    this.settingsOpen = false;
    this.warm = false;
    this.assetBase = '';
    this._settings = null;
    this._unreadable = {};
    this._metricSplit = null;
    this._metricName = null;
  }

  createRenderRoot() { return this; }

  /** The settings the cell shows now (a copy). */
  get settings() { return structuredClone(this.#currentSettings()); }

  /** Whether a session is training, paused or finishing. */
  get busy() { return this.#session !== null && !this.#session.ended; }

  #currentSettings() {
    this._settings ??= structuredClone(this.initialSettings ?? this.preset);
    return this._settings;
  }

  #problems() {
    return { ...validateSettings(this.#currentSettings()), ...this._unreadable };
  }

  #base() {
    return new URL(this.assetBase || './', document.baseURI);
  }

  #engineUrl() { return new URL('engine/bnlab-engine.mjs', this.#base()).href; }

  #files(settings) {
    return datasetFiles(settings.dataset).map((file) => ({ url: new URL(file.url, this.#base()).href, enginePath: file.enginePath }));
  }

  #clientsFor(count) {
    while (this.#clients.length < count) this.#clients.push(new TrainingClient());
    return this.#clients.slice(0, count);
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.warm) {
      const warmUp = () => {
        if (this.#session !== null || !this.isConnected) return;
        const settings = this.#currentSettings();
        if (Object.keys(this.#problems()).length > 0) return;
        const engineUrl = this.#engineUrl();
        const files = this.#files(settings);
        this.#clientsFor(settings.compare ? 2 : 1).forEach((client) => client.warm({ engineUrl, files }));
      };
      if ('requestIdleCallback' in window) requestIdleCallback(warmUp, { timeout: 2000 });
      else setTimeout(warmUp, 500);
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#clients.forEach((client) => client.terminate());
    this.#clients = [];
    this.#session?.abandon();
    this.#session = null;
  }

  /**
   * Starts a run of the current settings. Resolves when it has ended (true), or at once with
   * false when the settings have problems or a run is already going.
   */
  run() {
    if (this.busy || Object.keys(this.#problems()).length > 0) return Promise.resolve(false);
    const settings = this.#currentSettings();
    const variants = settings.compare
      ? [variantNames.withBatchNorm, variantNames.withoutBatchNorm]
      : [variantNames.withBatchNorm];
    const session = new ComparisonSession({
      experiment: buildExperiment(settings, this.cellId),
      variants,
      clients: this.#clientsFor(variants.length),
      engineUrl: this.#engineUrl(),
      files: this.#files(settings),
      // The end of a session is shown at once (Run all moves on to the next cell right after).
      // (Workers answer asynchronously, so `session` is assigned by the first call.)
      onChange: () => (session.ended ? this.#renderNow() : this.#scheduleRender()),
    });
    this.#session = session;
    this.#sessionSettings = settings;
    this.#scheduleRender();
    this.#announce('run-state', { running: true });
    return session.finished.then(async () => {
      await this.updateComplete;
      this.#announce('run-state', { running: false });
      return true;
    });
  }

  /** Stops a run, forgets every output and returns to the preset settings. */
  reset() {
    this.#clients.forEach((client) => client.terminate());
    this.#clients = [];
    const wasBusy = this.busy;
    this.#session?.abandon();
    this.#session = null;
    this._settings = structuredClone(this.preset);
    this._unreadable = {};
    this.#formGeneration += 1;
    this._metricSplit = null;
    this._metricName = null;
    this.#announce('settings-change', { settings: this.settings });
    if (wasBusy) this.#announce('run-state', { running: false });
  }

  #announce(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail: { cellId: this.cellId, ...detail }, bubbles: true, composed: true }));
  }

  #renderNow() {
    this.#revision += 1;
    this.requestUpdate();
  }

  /**
   * Asks for one render in an upcoming frame, at most every `renderIntervalMilliseconds`: the
   * curves still move at ≥ 10 Hz, and the page thread, the compositor and the two training
   * workers share the cores with room to spare (on a 2-core machine every frame counts).
   */
  #scheduleRender() {
    if (this.#frameRequested) return;
    this.#frameRequested = true;
    const wait = Math.max(0, this.#lastRender + renderIntervalMilliseconds - performance.now());
    const render = () => requestAnimationFrame((now) => {
      this.#frameRequested = false;
      this.#lastRender = now;
      this.#revision += 1;
      this.requestUpdate();
    });
    if (wait > 0) setTimeout(render, wait);
    else render();
  }

  #onSettingChange(event) {
    const { name, value } = event.detail;
    const { [name]: fixed, ...unreadable } = this._unreadable;
    this._unreadable = unreadable;
    this._settings = changeSetting(this.#currentSettings(), name, value);
    this.#announce('settings-change', { settings: this.settings });
  }

  #onSettingUnreadable(event) {
    const { name, problem } = event.detail;
    this._unreadable = { ...this._unreadable, [name]: problem };
  }

  #controlState() {
    const session = this.#session;
    if (session === null || session.ended) return 'idle';
    if (session.stopRequested) return 'stopping';
    // A pause pressed while a worker still loads is a pause: that run pauses as it starts.
    if (session.paused) return 'paused';
    return session.starting ? 'starting' : 'running';
  }

  #runLabel(variant, settings, t) {
    if (variant === variantNames.withoutBatchNorm || !hasBatchNorm(settings)) return t('run.withoutBatchNorm');
    return t('run.withBatchNorm');
  }

  #runSnapshots(t) {
    const session = this.#session;
    if (session === null) return [];
    return session.runs.map((run) => ({
      variant: run.variant,
      label: this.#runLabel(run.variant, this.#sessionSettings, t),
      status: run.status,
      phase: run.phase,
      info: run.info,
      progress: run.progress,
      stepsPerSecond: run.stepsPerSecond,
      divergence: run.divergence,
      error: run.error,
      summary: run.summary,
      history: run.history,
    }));
  }

  #metricOptions(settings, runs) {
    const task = taskOf(settings);
    const splits = ['validation', 'test', 'train'].filter((split) => runs.some((run) => run.history.hasSplit(split)));
    const split = splits.includes(this._metricSplit) ? this._metricSplit : (splits[0] ?? 'validation');
    const metrics = metricChoices[task];
    const metric = metrics.includes(this._metricName) ? this._metricName : metrics[0];
    return { task, splits, split, metrics, metric };
  }

  #outputs(t, runs) {
    const settings = this.#sessionSettings;
    const { task, splits, split, metrics, metric } = this.#metricOptions(settings, runs);
    const markers = runs.filter((run) => run.status === 'diverged' && divergenceStep(run.divergence) !== null)
      .map((run) => ({ x: divergenceStep(run.divergence), label: t('plot.divergedMarker', { run: run.label }) }));
    const id = this.cellId;
    return html`
      <div class="cell-outputs">
        <div class="plots">
          <bn-curve-plot class="loss-plot" .language=${this.language} .heading=${t('plot.lossHeading')}
            .xLabel=${t('plot.step')} .yLabel=${t('plot.lossAxis')} .logScale=${true} .markers=${markers}
            .curves=${runs.map((run) => ({ label: run.label, variant: run.variant, x: run.history.lossSteps, y: run.history.losses }))}
            .revision=${this.#revision}></bn-curve-plot>
          <div class="metric-plot">
            <div class="plot-options">
              <label for=${`${id}-metric-split`}>${t('plot.splitChoice')}</label>
              <select id=${`${id}-metric-split`} @change=${(event) => { this._metricSplit = event.target.value; }}>
                ${splits.map((name) => html`<option value=${name} ?selected=${name === split}>${t(`split.${name}`)}</option>`)}
              </select>
              <label for=${`${id}-metric-name`}>${t('plot.metricChoice')}</label>
              <select id=${`${id}-metric-name`} @change=${(event) => { this._metricName = event.target.value; }}>
                ${metrics.map((name) => html`<option value=${name} ?selected=${name === metric}>${t(`metric.${name}`)}</option>`)}
              </select>
            </div>
            <bn-curve-plot class="evaluation-plot" .language=${this.language}
              .heading=${t('plot.evaluationHeading', { split: t(`split.${split}`), metric: t(`metric.${metric}`) })}
              .xLabel=${t('plot.step')} .yLabel=${t(`metric.${metric}`)} .percent=${metric === 'accuracy'} .logScale=${false}
              .markers=${markers}
              .curves=${runs.map((run) => ({ label: run.label, variant: run.variant, ...run.history.evaluationCurve(split, metric) }))}
              .revision=${this.#revision}></bn-curve-plot>
          </div>
        </div>
        <bn-summary-table .language=${this.language} .task=${task} .runs=${runs}></bn-summary-table>
      </div>`;
  }

  #statusAnnouncement(t) {
    const session = this.#session;
    if (session === null) return '';
    if (!session.ended) return session.paused ? t('cell.status.paused') : t('cell.status.running');
    if (session.runs.some((run) => run.status === 'diverged')) return t('cell.status.diverged');
    if (session.runs.some((run) => run.status === 'failed')) return t('cell.status.failed');
    return session.runs.some((run) => run.status === 'stopped') ? t('cell.status.stopped') : t('cell.status.finished');
  }

  render() {
    const t = translatorFor(this.language);
    const settings = this.#currentSettings();
    const problems = this.#problems();
    const texts = this.texts?.[this.language] ?? this.texts?.en ?? { title: '', description: '' };
    const controlState = this.#controlState();
    const runs = this.#runSnapshots(t);
    // The plots are made when Run is pressed, while the workers still load and the cores are
    // free, not when the first points arrive; a session that fails to start shows none.
    const showOutputs = runs.some((run) => run.info !== null || run.status === 'starting');
    const headingId = `${this.cellId}-heading`;
    return html`
      <section class="cell experiment-cell" aria-labelledby=${headingId}>
        <header class="cell-header">
          <h2 id=${headingId}>${texts.title}</h2>
          ${texts.description ? html`<p class="cell-description">${texts.description}</p>` : ''}
        </header>
        <details class="cell-settings" ?open=${this.settingsOpen || Object.keys(problems).length > 0}
          @toggle=${(event) => { this.settingsOpen = event.target.open; }}>
          <summary>
            <span class="summary-title">${t('cell.settings')}</span>
            <span class="settings-digest">${settingsDigest(settings, t)}</span>
          </summary>
          <bn-settings-form .language=${this.language} .cellId=${this.cellId} .settings=${settings}
            .problems=${problems} .generation=${this.#formGeneration} ?disabled=${controlState !== 'idle'}
            @setting-change=${(event) => this.#onSettingChange(event)}
            @setting-unreadable=${(event) => this.#onSettingUnreadable(event)}></bn-settings-form>
        </details>
        <bn-run-controls .language=${this.language} .cellId=${this.cellId} .state=${controlState}
          .blockedReason=${Object.keys(problems).length > 0 ? t('controls.blocked') : ''}
          @run-request=${() => this.run()}
          @pause-request=${() => this.#session?.pause()}
          @resume-request=${() => this.#session?.resume()}
          @step-request=${() => this.#session?.step()}
          @stop-request=${() => this.#session?.stop()}
          @reset-request=${() => this.reset()}></bn-run-controls>
        <p class="visually-hidden" aria-live="polite">${this.#statusAnnouncement(t)}</p>
        ${runs.length > 0 ? html`<bn-run-progress .language=${this.language} .runs=${runs}></bn-run-progress>` : ''}
        ${showOutputs ? this.#outputs(t, runs) : ''}
      </section>`;
  }
}

customElements.define('bn-experiment-cell', ExperimentCell);
