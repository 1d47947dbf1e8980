// <bn-sweep-cell>: one sweep of a notebook (docs/SWEEP_FORMAT.md). The engine expands and
// validates the sweep (in a worker: engine.expandSweep); a refused sweep shows the engine's
// problem at its field, in the page's language, and cannot run. Run trains every cell ×
// variant on the page's pool of workers (runs/sweep_pool.js, one per core, at most 4) and the
// grid (views/sweep_grid.js) fills as each run ends; Stop stops every worker. Whether a run
// counts as stable is the engine's verdict, sent with its result; this element only keeps
// the results and hands them to the grid. "Share / embed" gives the cell's link, iframe and
// element codes; once runs have ended, Export gives the sweep's report (JSON) and its grid (CSV).

import { LitElement, html } from 'lit';

import packageInfo from '../../../package.json';
import { downloadFile } from '../export/cell_export.js';
import { exportFileName } from '../export/export_files.js';
import { sweepCsvText, sweepReportText } from '../export/sweep_files.js';
import { formatCount } from '../format/numbers.js';
import { translatorFor } from '../i18n/translator.js';
import { datasetFilesOf } from '../runs/site_datasets.js';
import { SweepPool, pageSweepExpander, poolSize } from '../runs/sweep_pool.js';
import { highestStableCells, resultKey, shownMetric } from '../runs/sweep_results.js';
import { describeProblem } from '../views/problem_text.js';
import '../views/sweep_curve.js';
import '../views/sweep_grid.js';
import '../share/cell_share.js';

const finishedStatuses = new Set(['complete', 'diverged', 'stopped', 'not_run', 'failed']);

export class SweepCell extends LitElement {
  static properties = {
    cellId: { type: String, attribute: 'cell-id' },
    language: { type: String, reflect: true },
    /** {en: {title, description}, ko: {...}} */
    texts: { attribute: false },
    /** the sweep object, its experiment inline (notebook/load_sweep.js) */
    sweep: { attribute: false },
    /** the sweep file's site path ('' when written inline), for the command line */
    sweepPath: { attribute: false },
    /** where the cell comes from, for "Share / embed" (share/share_codes.js); null: no share codes */
    shareSource: { attribute: false },
    /** where the site's engine/ and data/ folders are (default: the page's folder) */
    assetBase: { type: String, attribute: 'asset-base' },
    _expansion: { state: true },
    _problem: { state: true },
    _entries: { state: true },
    _state: { state: true },
  };

  #pool = null;
  #expandedFor = null;
  /** resolves when the engine has expanded (or refused) the current sweep */
  #expanding = Promise.resolve();
  /** resolves the promise of runToEnd() once every run of the sweep has ended */
  #whenEnded = null;

  constructor() {
    super();
    this.cellId = '';
    this.language = 'en';
    this.texts = {};
    this.sweep = null;
    this.sweepPath = '';
    this.shareSource = null;
    this.assetBase = '';
    this._expansion = null;
    this._problem = null;
    this._entries = new Map();
    /** 'checking' | 'invalid' | 'idle' | 'running' | 'stopping' */
    this._state = 'checking';
  }

  createRenderRoot() { return this; }

  #base() { return new URL(this.assetBase || './', document.baseURI); }

  #engineUrl() { return new URL('engine/bnlab-engine.mjs', this.#base()).href; }

  #ensurePool() {
    this.#pool ??= new SweepPool();
    return this.#pool;
  }

  /** How many workers are training now (0 once Stop has taken effect). */
  get busyWorkers() { return this.#pool?.busy ?? 0; }

  /** How many workers the pool has (or will have, before the first Run). */
  get poolSize() { return this.#pool?.size ?? poolSize(); }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#pool?.terminate();
    this.#pool = null;
    this.#ended();  // a Run all waiting on this cell goes on
  }

  updated() {
    // On the element itself, for whoever waits on the cell (a page script, a test).
    this.dataset.state = this._state;
  }

  willUpdate(changed) {
    if (changed.has('sweep') && this.sweep !== this.#expandedFor) this.#expanding = this.#expand(this.sweep);
  }

  async #expand(sweep) {
    this.#expandedFor = sweep;
    this._state = 'checking';
    this._problem = null;
    this._expansion = null;
    if (sweep === null) return;
    const answer = await pageSweepExpander.expand({ sweep, engineUrl: this.#engineUrl() });
    if (this.#expandedFor !== sweep) return;  // a newer sweep replaced this one meanwhile
    if (answer.error !== undefined) {
      const { path, code, params, message } = answer.error;
      this._problem = { path: path ?? '', code: code ?? 'engine_unavailable', params: code === undefined ? { detail: message } : params, message };
      this._state = 'invalid';
      return;
    }
    this._expansion = answer.result;
    this._entries = new Map();
    this._state = 'idle';
  }

  #setEntry(job, entry) {
    const entries = new Map(this._entries);
    entries.set(resultKey(job.cell, job.variant), { ...entries.get(resultKey(job.cell, job.variant)), ...entry });
    this._entries = entries;
  }

  #receive(event) {
    const { job } = event;
    if (event.type === 'started') this.#setEntry(job, { status: 'training', stepsDone: 0, totalSteps: 0 });
    else if (event.type === 'progress') this.#setEntry(job, { status: 'training', stepsDone: event.stepsDone, totalSteps: event.totalSteps });
    else if (event.type === 'dropped') this.#setEntry(job, { status: 'not_run' });
    else if (event.type === 'failed') this.#setEntry(job, { status: 'failed', error: { path: event.error.path ?? '', code: event.error.code ?? 'run_failed', params: event.error.params ?? { detail: event.error.message }, message: event.error.message } });
    else if (event.type === 'result' && event.stopped) this.#setEntry(job, { status: 'stopped' });
    else if (event.type === 'result') {
      const { split, metric } = shownMetric(this._expansion);
      const { summary } = event;
      this.#setEntry(job, {
        status: summary.status, value: summary.final?.[split]?.[metric] ?? null, stable: event.stable,
        final: summary.final ?? null,
        divergenceStep: Number.isFinite(summary.divergence?.step) ? summary.divergence.step : null,
      });
    }
    if ([...this._entries.values()].every((entry) => finishedStatuses.has(entry.status))) {
      this._state = 'idle';
      this.#ended();
    }
  }

  #ended() {
    const resolve = this.#whenEnded;
    this.#whenEnded = null;
    resolve?.();
  }

  /**
   * Runs the whole sweep and resolves once every run has ended (stopped ones included); at once
   * (false) when the engine refused the sweep or it is already running. For "Run all".
   */
  async runToEnd() {
    await this.updateComplete;
    await this.#expanding;
    if (this._state !== 'idle' || this._expansion === null) return false;
    const ended = new Promise((resolve) => { this.#whenEnded = resolve; });
    await this.run();
    await ended;
    return true;
  }

  /** Starts training every cell × variant of the sweep (the grid fills as they end). */
  run() {
    if (this._state !== 'idle') return Promise.resolve();
    const expansion = this._expansion;
    const base = this.#base();
    const jobs = expansion.cells.flatMap(({ cell, experiment }) => expansion.variants.map((variant) => ({
      cell, variant, experiment,
      files: datasetFilesOf(experiment).map((file) => ({ url: new URL(file.url, base).href, enginePath: file.enginePath })),
    })));
    this._entries = new Map(jobs.map((job) => [resultKey(job.cell, job.variant), { status: 'waiting' }]));
    this._state = 'running';
    this.#ensurePool().run(jobs, { sweep: this.sweep, engineUrl: this.#engineUrl() }, (event) => this.#receive(event));
    return this.updateComplete;
  }

  #stop() {
    if (this._state !== 'running') return;
    this._state = 'stopping';
    this.#pool?.stop();
  }

  #status(t) {
    const entries = [...this._entries.values()];
    const done = entries.filter((entry) => finishedStatuses.has(entry.status)).length;
    if (this._state === 'checking') return t('sweep.checking');
    if (this._state === 'invalid') return '';
    if (entries.length === 0) return t('sweep.ready', { runs: formatCount(this._expansion.cells.length * this._expansion.variants.length, this.language), workers: formatCount(this.poolSize, this.language) });
    if (this._state === 'idle' && entries.some((entry) => entry.status === 'stopped' || entry.status === 'not_run')) {
      const trained = entries.filter((entry) => entry.status === 'complete' || entry.status === 'diverged').length;
      return t('sweep.stoppedStatus', { done: formatCount(trained, this.language), runs: formatCount(entries.length, this.language) });
    }
    return t('sweep.progress', { done: formatCount(done, this.language), runs: formatCount(entries.length, this.language), workers: formatCount(this.poolSize, this.language) });
  }

  /** The results as they are now: one entry per cell × variant of the sweep (exported). */
  get results() {
    const expansion = this._expansion;
    if (expansion === null) return [];
    return expansion.cells.flatMap(({ cell, values }) => expansion.variants.map((variant) => ({
      cell, values, variant, ...(this._entries.get(resultKey(cell, variant)) ?? { status: 'not_run' }),
    })));
  }

  /** Export, once no run of the sweep is going on and at least one has ended. */
  #exportRow(t) {
    const expansion = this._expansion;
    const entries = [...this._entries.values()];
    if (expansion === null || this._state !== 'idle' || !entries.some((entry) => finishedStatuses.has(entry.status))) return '';
    const files = () => ({ cellId: this.cellId, expansion, sweep: this.sweep, results: this.results, metric: shownMetric(expansion) });
    return html`<div class="cell-export" role="group" aria-label=${t('export.group')}>
      <span class="export-title">${t('export.group')}</span>
      <button type="button" class="button quiet" data-action="export-sweep-report"
        @click=${() => downloadFile(exportFileName(this.cellId, null, 'sweep-report.json'), sweepReportText({ ...files(), engineVersion: packageInfo.version }), 'application/json')}>${t('export.report')}</button>
      <button type="button" class="button quiet" data-action="export-sweep-csv"
        @click=${() => downloadFile(exportFileName(this.cellId, null, 'sweep.csv'), sweepCsvText(files()), 'text/csv')}>${t('export.sweepCsv')}</button>
    </div>`;
  }

  render() {
    const t = translatorFor(this.language);
    const texts = this.texts?.[this.language] ?? this.texts?.en ?? { title: this.cellId, description: '' };
    const expansion = this._expansion;
    const marks = expansion === null ? {} : highestStableCells(expansion, this._entries);
    return html`<section class="cell sweep-cell" aria-labelledby=${`${this.cellId}-title`} data-state=${this._state}>
      <header class="cell-header">
        <h2 id=${`${this.cellId}-title`}>${texts.title}</h2>
        ${texts.description ? html`<p class="cell-description">${texts.description}</p>` : ''}
      </header>
      ${this._problem === null ? '' : html`<div class="notice cell-problems" role="alert">
        <p>${t('sweep.problems')}</p>
        <ul><li data-path=${this._problem.path} data-code=${this._problem.code}>${describeProblem(this._problem, t, this.language)}</li></ul>
      </div>`}
      <div class="run-controls">
        <button type="button" class="button primary" data-action="run" ?disabled=${this._state !== 'idle'}
          @click=${() => this.run()}>${t('sweep.run')}</button>
        <button type="button" class="button" data-action="stop" ?disabled=${this._state !== 'running'}
          @click=${() => this.#stop()}>${t('sweep.stop')}</button>
        <span class="sweep-status" role="status">${this.#status(t)}</span>
      </div>
      ${expansion === null ? '' : html`<bn-sweep-grid .language=${this.language} .expansion=${expansion}
        .entries=${this._entries} .marks=${marks} .metric=${shownMetric(expansion)}></bn-sweep-grid>
        <bn-sweep-curve .language=${this.language} .expansion=${expansion}
          .entries=${this._entries} .marks=${marks} .metric=${shownMetric(expansion)}></bn-sweep-curve>`}
      ${this.sweepPath ? html`<p class="command-line">${t('sweep.commandLine')} <code>bnlab sweep ${this.sweepPath} --out results.jsonl</code></p>` : ''}
      ${this.shareSource === null ? '' : html`<bn-cell-share .language=${this.language} .cellId=${this.cellId}
        .siteBase=${this.#base().href} .source=${this.shareSource} .preset=${{}} .experiment=${{}} .variants=${[]}></bn-cell-share>`}
      ${this.#exportRow(t)}
    </section>`;
  }
}

customElements.define('bn-sweep-cell', SweepCell);
