// <bn-experiment-cell>: one experiment of a notebook. Its state is one experiment file (the
// JSON the CLI runs, docs/EXPERIMENT_FORMAT.md) plus the variants it trains; the form (lenses
// on JSON paths), the "Experiment file" view, the URL and an opened file all change that one
// object, and the engine (through the validator worker) says whether it can run. Run trains
// every variant in its own worker; progress, live curves of every run and the final table.
// Self-contained: everything arrives as properties or attributes (cell-id, language, preset
// experiment, variants, texts), so an instructor's page can hold a single one.
//
// The cell is the controller; its child elements only render what it hands them. Rendering is
// coalesced to one update per animation frame however many worker messages arrive.

import { LitElement, html } from 'lit';

import experimentSchema from 'virtual:bnlab-experiment-schema';

import { deepEqual } from '../experiment/experiment_diff.js';
import { nestsDeeperThan } from '../experiment/json_depth.js';
import { lensNamed, lensNames, readLayerTemplate } from '../experiment/lenses.js';
import { translatorFor } from '../i18n/translator.js';
import { ComparisonSession } from '../runs/comparison_session.js';
import { pageValidator } from '../runs/experiment_validator.js';
import { datasetFilesOf } from '../runs/site_datasets.js';
import { crowdsTheCores, trainingClientsFor } from '../runs/training_client.js';
import { instrumentOutputs } from '../instruments/instrument_panels.js';
import { BatchNormStepThrough, batchNormChoices } from '../runs/batchnorm_step_through.js';
import { FoldChecks, isFoldable } from '../runs/fold_checks.js';
import '../instruments/batchnorm_step_through.js';
import '../views/curve_plot.js';
import '../views/experiment_file.js';
import '../views/experiment_form.js';
import { describeProblem } from '../views/problem_text.js';
import { divergenceStep } from '../views/divergence_text.js';
import '../views/run_controls.js';
import '../views/run_progress.js';
import '../views/summary_table.js';
import '../export/cell_export.js';
import '../views/fold_check.js';
import '../share/cell_share.js';

const renderIntervalMilliseconds = 66;
// While a long pair trains in two workers on ≤ 2 cores (crowdsTheCores), every frame is taken
// from training: the curves then refresh at 10 Hz (the brief's floor) and the instrument views,
// whose readings come every 100 steps or more, at 2 Hz. bench/page/page_trace.mjs measured the
// page thread at 34 % of a core while the Fig. 1 pair trained drawing everything at 15 Hz.
const crowdedRenderIntervalMilliseconds = 95;
const crowdedInstrumentIntervalMilliseconds = 500;
/** the loss readout is the mean of this many recorded mini-batch losses (one alone is noise) */
const lossSmoothingPoints = 50;
const validationDelayMilliseconds = 250;

const metricChoices = {
  classification: ['accuracy', 'loss'],
  regression: ['r2', 'rmse', 'mae', 'loss'],
};

function asText(experiment) {
  return `${JSON.stringify(experiment, null, 2)}\n`;
}

function hasBatchNorm(experiment) {
  const layers = experiment?.model?.layers;
  return Array.isArray(layers) && layers.some((layer) => layer?.type === 'batchnorm');
}

/** classification or regression, by the file's loss (docs/EXPERIMENT_FORMAT.md). */
function taskOf(experiment) {
  return experiment?.loss === 'mse' || experiment?.loss === 'l1' ? 'regression' : 'classification';
}

export class ExperimentCell extends LitElement {
  static properties = {
    cellId: { type: String, attribute: 'cell-id' },
    language: { type: String, reflect: true },
    /** {en: {title, description}, ko: {...}} */
    texts: { attribute: false },
    /** the experiment file this cell starts from and resets to */
    preset: { attribute: false },
    /** the site path of that file (examples/…), for the command line; '' for an inline one */
    presetPath: { attribute: false },
    /** the experiment to show first (the preset with a link's changes); the preset when null */
    initialExperiment: { attribute: false },
    /** the link's experiment as text where its values must be read as written (notebook_element.js), or null */
    initialText: { attribute: false },
    /** the variants Run trains, one worker each */
    variants: { attribute: false },
    /** which outputs to show: 'loss', 'evaluation', 'table' and the instrument views (instruments/instrument_panels.js) */
    outputs: { attribute: false },
    /** the form's lens names (all when null) */
    form: { attribute: false },
    settingsOpen: { type: Boolean, attribute: 'settings-open' },
    /** load the engine and the data while the page is idle, so the first Run starts at once */
    warm: { type: Boolean },
    /**
     * where the cell comes from, for "Share / embed" (share/share_codes.js): {kind: 'notebook',
     * path} | {kind: 'experiment', path} | {kind: 'inline'}, plus the source's own `variants`
     */
    shareSource: { attribute: false },
    /** where the site's engine/ and data/ folders are (default: the page's folder) */
    assetBase: { type: String, attribute: 'asset-base' },
    _experiment: { state: true },
    _text: { state: true },
    _problems: { state: true },
    _validated: { state: true },
    _notice: { state: true },
    _metricSplit: { state: true },
    _metricName: { state: true },
  };

  #session = null;
  #sessionExperiment = null;
  #clients = [];
  #frameRequested = false;
  #lastRender = -Infinity;
  /** whether the session training now crowds the cores (crowdsTheCores) */
  #crowded = false;
  #revision = 0;
  /** bumped by every change of the experiment; a validation answer for an older one is dropped */
  #experimentRevision = 0;
  #validationTimer = null;
  #formGeneration = 0;
  #fileName = null;
  /** Run was pressed and waits for the engine's verdict on the latest change */
  #awaitingVerdict = false;
  /** Pause or Stop pressed while Run waited for the engine's verdict: applied when the runs start. */
  #pendingControl = null;
  #resets = 0;
  /** {name, model}: a model file the learner imported; every Run starts from it until reset */
  #importedModel = null;
  /** whether the JSON view's text is the learner's own (typed or opened), not a rendering */
  #textWritten = false;
  /** the BN step-through of the current session (shown while it is paused) */
  #stepThrough = null;
  /** BN folding for inference on the models the runs ended with (runs/fold_checks.js) */
  #foldChecks = new FoldChecks(() => this.#renderNow());

  constructor() {
    super();
    this.cellId = 'experiment';
    this.language = 'en';
    this.texts = null;
    this.preset = {};
    this.presetPath = '';
    this.initialExperiment = null;
    this.initialText = null;
    this.variants = ['as_written'];
    this.outputs = ['loss', 'evaluation', 'table', ...instrumentOutputs, 'fold'];
    this.form = null;
    this.settingsOpen = false;
    this.warm = false;
    this.assetBase = '';
    this.shareSource = null;
    this._experiment = null;
    this._text = null;
    this._problems = [];
    this._validated = false;
    this._notice = '';
    this._metricSplit = null;
    this._metricName = null;
  }

  createRenderRoot() { return this; }

  /** The experiment the cell holds now (a copy): what Run trains. */
  get experiment() { return structuredClone(this.#currentExperiment()); }

  /** Whether a session is training, paused or finishing. */
  get busy() { return this.#session !== null && !this.#session.ended; }

  /**
   * The runs of the latest press of Run, as the widgets report them to their host page and
   * export them: [{variant, status, info, progress, summary, error, history, model}] (live objects).
   */
  get runResults() { return this.#session?.runs ?? []; }

  /** Whether the engine accepted the current experiment (and the text is that experiment). */
  get runnable() { return this._validated && this._problems.length === 0; }

  #currentExperiment() {
    this._experiment ??= structuredClone(this.initialExperiment ?? this.preset);
    return this._experiment;
  }

  #currentText() {
    if (this._text === null && typeof this.initialText === 'string') {
      // The link's values as it wrote them: judged as text (see #validateNow).
      this._text = this.initialText;
      this.#textWritten = true;
    }
    this._text ??= asText(this.#currentExperiment());
    return this._text;
  }

  #base() { return new URL(this.assetBase || './', document.baseURI); }

  #engineUrl() { return new URL('engine/bnlab-engine.mjs', this.#base()).href; }

  #files(experiment) {
    return datasetFilesOf(experiment).map((file) => ({ url: new URL(file.url, this.#base()).href, enginePath: file.enginePath }));
  }

  /** Clients for `count` runs of `experiment` (a long run gets a worker of its own). */
  #clientsFor(count, experiment) {
    const steps = experiment?.training?.steps;
    this.#clients = trainingClientsFor(count, this.#clients, undefined, Number.isInteger(steps) ? steps : null);
    return this.#clients.slice(0, count);
  }

  connectedCallback() {
    super.connectedCallback();
    this.#validateSoon(0);
    if (this.warm) {
      const warmUp = () => {
        if (this.#session !== null || !this.isConnected) return;
        const experiment = this.#currentExperiment();
        const engineUrl = this.#engineUrl();
        const files = this.#files(experiment);
        this.#clientsFor(this.variants.length, experiment).forEach((client) => client.warm({ engineUrl, files }));
      };
      if ('requestIdleCallback' in window) requestIdleCallback(warmUp, { timeout: 2000 });
      else setTimeout(warmUp, 500);
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.#validationTimer);
    this.#clients.forEach((client) => client.terminate());
    this.#clients = [];
    this.#session?.abandon();
    this.#session = null;
  }

  // --- the experiment: every entry path ends here ---------------------------------------------

  /** Replaces the experiment (from the form, a file, a reset); the JSON view shows it anew. */
  #setExperiment(experiment, { text = null } = {}) {
    this.#textWritten = text !== null;
    this._experiment = experiment;
    this._text = text ?? asText(experiment);
    this.#experimentRevision += 1;
    this._validated = false;
    this.#validateSoon(validationDelayMilliseconds);
    this.#announce('experiment-change', { experiment: this.experiment });
  }

  /** Text from the JSON view: the experiment when it reads as a JSON object, else only text. */
  #setText(text) {
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    // Deeper than the engine reads, the object is not an experiment: it stays text
    // (experiment/json_depth.js).
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && !nestsDeeperThan(parsed)) {
      this.#setExperiment(parsed, { text });
      return;
    }
    // Not an experiment object: the engine is still the one to say what is wrong with it.
    this.#textWritten = true;
    this._text = text;
    this.#experimentRevision += 1;
    this._validated = false;
    this.#validateSoon(validationDelayMilliseconds);
  }

  #textIsExperiment() {
    try {
      return deepEqual(JSON.parse(this.#currentText()), this.#currentExperiment());
    } catch {
      return false;
    }
  }

  #validateSoon(delay) {
    clearTimeout(this.#validationTimer);
    this.#validationTimer = setTimeout(() => this.#validateNow(), delay);
  }

  async #validateNow() {
    const revision = this.#experimentRevision;
    // Text the learner wrote (typed or opened) is judged as the CLI reads the file: the engine
    // reads JSON strictly (a duplicate key, 1e400, nesting deeper than 64 levels are problems at
    // their path), where JSON.parse, which made the object, keeps the last duplicate and turns
    // 1e400 into Infinity. An experiment made by the form or a link is judged as the object (its
    // text is only JSON.stringify's rendering, which writes Infinity as null).
    const text = this.#currentText();  // first: a link's text decides how the cell is judged
    const subject = this.#textWritten ? text : this.#currentExperiment();
    const result = await pageValidator.validate({ experiment: subject, engineUrl: this.#engineUrl() });
    if (revision !== this.#experimentRevision || !this.isConnected) return;
    this._problems = result.problems ?? [];
    this._validated = true;
    this.#announce('experiment-validated', { ok: result.ok, problems: this._problems });
  }

  /** Waits until the engine has judged the current experiment; resolves with whether it can run. */
  async validated() {
    while (!this._validated) await new Promise((resolve) => setTimeout(resolve, 20));
    await this.updateComplete;
    return this.runnable;
  }

  #onLensChange(event) {
    const lens = lensNamed(event.detail.name);
    if (lens === undefined) return;
    this.#setExperiment(lens.set(this.#currentExperiment(), event.detail.value));
  }

  /** The percentile view's unit picker: probes.unit of the next Run (all units when null). */
  #onProbeUnit(unit) {
    if (this.busy) return;
    const experiment = structuredClone(this.#currentExperiment());
    if (experiment.probes === null || typeof experiment.probes !== 'object') return;
    if (unit === null) delete experiment.probes.unit;
    else experiment.probes.unit = unit;
    this.#setExperiment(experiment);
  }

  #onOpen(event) {
    const { text, name } = event.detail;
    this.#fileName = name;
    const t = translatorFor(this.language);
    this._notice = t('file.opened', { name });
    this.#setText(text);
    // An opened file is shown as it was written, also when it reads as an experiment.
    this._text = text;
  }

  /** A model file the learner picked: the next runs start from its weights (the engine checks it). */
  #onModelImport(event) {
    const { text, name, tooLarge } = event.detail;
    const t = translatorFor(this.language);
    let model = null;
    try {
      model = tooLarge ? null : JSON.parse(text);
    } catch {
      model = null;
    }
    if (model === null || typeof model !== 'object' || Array.isArray(model)) {
      this._notice = t(tooLarge ? 'model.tooLarge' : 'model.notJson', { name });
      return;
    }
    this.#importedModel = { name, model };
    this._notice = t('model.imported', { name });
    this.requestUpdate();
  }

  #forgetModel() {
    this.#importedModel = null;
    this._notice = '';
    this.requestUpdate();
  }

  // --- running ---------------------------------------------------------------------------------

  /**
   * Evaluates the imported model file without training it: every variant starts from it, is held
   * before its first step and stopped there, so each run's final evaluation (eval mode, the
   * table) is the imported weights' own. False at once when no model file is imported.
   */
  evaluateImported() {
    if (this.#importedModel === null) return Promise.resolve(false);
    return this.run({ evaluateOnly: true });
  }

  /**
   * Starts a run of the current experiment. Resolves when it has ended (true), or at once with
   * false when the engine has not accepted it or a run is already going.
   * @param {{evaluateOnly?: boolean}} [options]  stop every run before its first step (evaluateImported)
   */
  async run({ evaluateOnly = false } = {}) {
    if (this.busy || this.#awaitingVerdict) return false;
    if (!this._validated) {
      // Pressed while the engine still checks the last change: the old outputs go at once and
      // the cell shows it is starting; the run begins when the engine accepts the experiment.
      this.#awaitingVerdict = true;
      this.#pendingControl = null;
      this.#session = null;
      this.requestUpdate();
      const resets = this.#resets;
      const accepted = await this.validated();
      this.#awaitingVerdict = false;
      this.requestUpdate();
      // A reset, or Stop, while waiting cancels this press of Run.
      if (!accepted || this.busy || resets !== this.#resets || this.#pendingControl === 'stop') {
        this.#pendingControl = null;
        return false;
      }
    } else if (!this.runnable) {
      return false;
    }
    const experiment = this.experiment;
    const variants = [...this.variants];
    const stepThrough = new BatchNormStepThrough(() => this.#renderNow());
    const steps = experiment?.training?.steps;
    this.#crowded = crowdsTheCores(variants.length, undefined, Number.isInteger(steps) ? steps : null);
    let stopSent = false;
    const session = new ComparisonSession({
      experiment,
      variants,
      clients: this.#clientsFor(variants.length, experiment),
      engineUrl: this.#engineUrl(),
      files: this.#files(experiment),
      initialModel: this.#importedModel?.model ?? null,
      startPaused: evaluateOnly,
      onChange: () => {
        // Evaluate only: once every run is built and held at step 0, stop them all there
        // (a Stop before a run is built would end it without an evaluation).
        if (evaluateOnly && !stopSent && session.runs.every((run) => run.ended || run.status === 'paused')) {
          stopSent = true;
          session.stop();
        }
        stepThrough.refresh(session);
        if (session.ended) this.#renderNow();
        else this.#scheduleRender();
        this.#announce('run-progress', {});
      },
    });
    this.#session = session;
    if (this.#pendingControl === 'pause') session.pause();
    this.#pendingControl = null;
    this.#stepThrough = stepThrough;
    this.#sessionExperiment = experiment;
    this._notice = '';
    this.#scheduleRender();
    this.#announce('run-state', { running: true });
    await session.finished;
    await this.updateComplete;
    this.#announce('run-state', { running: false });
    return true;
  }

  /** Pause or Stop: to the runs, or, while Run still waits for the engine's verdict, kept for them. */
  #control(action) {
    if (this.#session === null && this.#awaitingVerdict) {
      this.#pendingControl = action;
      return;
    }
    if (action === 'pause') this.#session?.pause();
    else this.#session?.stop();
  }

  /** Stops a run, forgets every output and returns to the preset experiment. */
  reset() {
    this.#resets += 1;
    this.#awaitingVerdict = false;
    this.#clients.forEach((client) => client.terminate());
    this.#clients = [];
    const wasBusy = this.busy;
    this.#session?.abandon();
    this.#session = null;
    this.#stepThrough = null;
    this.#fileName = null;
    this.#importedModel = null;
    this._notice = '';
    this.#formGeneration += 1;
    this._metricSplit = null;
    this._metricName = null;
    this.#setExperiment(structuredClone(this.preset));
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
   * curves still move at ≥ 10 Hz, and the page thread, the compositor and the training
   * workers share the cores with room to spare (on a 2-core machine every frame counts).
   */
  #scheduleRender() {
    if (this.#frameRequested) return;
    this.#frameRequested = true;
    const interval = this.#crowded ? crowdedRenderIntervalMilliseconds : renderIntervalMilliseconds;
    const wait = Math.max(0, this.#lastRender + interval - performance.now());
    const render = () => requestAnimationFrame((now) => {
      this.#frameRequested = false;
      this.#lastRender = now;
      this.#revision += 1;
      this.requestUpdate();
    });
    if (wait > 0) setTimeout(render, wait);
    else render();
  }

  #controlState() {
    const session = this.#session;
    if (this.#awaitingVerdict) return 'starting';
    if (session === null || session.ended) return 'idle';
    if (session.stopRequested) return 'stopping';
    if (session.paused) return 'paused';
    return session.starting ? 'starting' : 'running';
  }

  #runLabel(variant, experiment, t) {
    if (variant === 'as_written') return hasBatchNorm(experiment) ? t('run.withBatchNorm') : t('variant.as_written');
    return t(`variant.${variant}`);
  }

  #runSnapshots(t) {
    const session = this.#session;
    if (session === null) return [];
    return session.runs.map((run) => ({
      variant: run.variant,
      label: this.#runLabel(run.variant, this.#sessionExperiment, t),
      status: run.status,
      phase: run.phase,
      info: run.info,
      progress: run.progress,
      stepsPerSecond: run.stepsPerSecond,
      divergence: run.divergence,
      error: run.error,
      summary: run.summary,
      history: run.history,
      instruments: run.instruments,
      samples: run.samples,
      model: run.model,
    }));
  }

  #metricOptions(experiment, runs) {
    const task = taskOf(experiment);
    const splits = ['validation', 'test', 'train'].filter((split) => runs.some((run) => run.history.hasSplit(split)));
    // The first split with a curve: one that training.evaluate_splits leaves out gets only the
    // final evaluation, a single point.
    const curved = splits.find((name) => runs.some((run) => run.history.hasCurve(name)));
    const split = splits.includes(this._metricSplit) ? this._metricSplit : (curved ?? splits[0] ?? 'validation');
    const metrics = metricChoices[task];
    const metric = metrics.includes(this._metricName) ? this._metricName : metrics[0];
    return { task, splits, split, metrics, metric };
  }

  #outputs(t, runs) {
    const { task, splits, split, metrics, metric } = this.#metricOptions(this.#sessionExperiment, runs);
    const markers = runs.filter((run) => run.status === 'diverged' && divergenceStep(run.divergence) !== null)
      .map((run) => ({ x: divergenceStep(run.divergence), label: t('plot.divergedMarker', { run: run.label }) }));
    const id = this.cellId;
    const shows = (name) => this.outputs.includes(name);
    return html`
      <div class="cell-outputs">
        <div class="plots">
          ${shows('loss') ? html`<bn-curve-plot class="loss-plot" .language=${this.language} .heading=${t('plot.lossHeading')}
            .xLabel=${t('plot.step')} .yLabel=${t('plot.lossAxis')} .logScale=${true} .markers=${markers}
            .smoothing=${lossSmoothingPoints} .smoothingNote=${t('plot.lossSmoothing', { count: lossSmoothingPoints })}
            .curves=${runs.map((run) => ({ label: run.label, variant: run.variant, x: run.history.lossSteps, y: run.history.losses }))}
            .revision=${this.#revision}></bn-curve-plot>` : ''}
          ${shows('evaluation') ? html`<div class="metric-plot">
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
          </div>` : ''}
        </div>
        <bn-instrument-panels .language=${this.language} .cellId=${id} .experiment=${this.#sessionExperiment}
          .nextExperiment=${this.#currentExperiment()} ?busy=${this.busy}
          .runs=${runs} .outputs=${this.outputs} .revision=${this.#revision}
          .refreshMilliseconds=${this.#crowded && !this.#session?.ended ? crowdedInstrumentIntervalMilliseconds : 0}
          @probe-unit-change=${(event) => this.#onProbeUnit(event.detail.unit)}></bn-instrument-panels>
        ${shows('table') ? html`<bn-summary-table .language=${this.language} .task=${task} .runs=${runs}></bn-summary-table>` : ''}
        ${shows('fold') ? this.#foldView(runs) : ''}
      </div>`;
  }

  /** BN folding for inference, once the session has ended (views/fold_check.js). */
  #foldView(runs) {
    const session = this.#session;
    if (session === null || !session.ended) return '';
    const foldable = session.runs.map((run, runIndex) => ({ run, runIndex })).filter(({ run }) => isFoldable(run))
      .map(({ run, runIndex }) => ({ runIndex, variant: run.variant, label: runs[runIndex].label }));
    return html`<bn-fold-check .language=${this.language} .cellId=${this.cellId} .foldable=${foldable}
      .checks=${this.#foldChecks.of(session)} .revision=${this.#revision}
      @fold-request=${() => this.#foldChecks.request(session)}></bn-fold-check>`;
  }

  /** The BN step-through, while the session is paused (runs/batchnorm_step_through.js). */
  #stepThroughView(t, runs) {
    const session = this.#session;
    const stepThrough = this.#stepThrough;
    if (session === null || stepThrough === null || !session.paused || session.stopRequested) return '';
    const choices = batchNormChoices(session.runs).map((choice) => ({ ...choice, label: runs[choice.runIndex].label }));
    return html`<bn-batchnorm-step-through .language=${this.language} .cellId=${this.cellId} .choices=${choices}
      .selection=${stepThrough.selection} .trace=${stepThrough.trace} .error=${stepThrough.error}
      ?pending=${stepThrough.pending} ?ready=${session.commonStep !== null}
      @step-through-select=${(event) => { stepThrough.select(session, event.detail); this.#renderNow(); }}
      @step-through-step=${() => session.step()}
      @step-through-resume=${() => session.resume()}></bn-batchnorm-step-through>`;
  }

  #statusAnnouncement(t) {
    const session = this.#session;
    if (session === null) return '';
    if (!session.ended) return session.paused ? t('cell.status.paused') : t('cell.status.running');
    if (session.runs.some((run) => run.status === 'diverged')) return t('cell.status.diverged');
    if (session.runs.some((run) => run.status === 'failed')) return t('cell.status.failed');
    return session.runs.some((run) => run.status === 'stopped') ? t('cell.status.stopped') : t('cell.status.finished');
  }

  #digest(experiment, t) {
    const template = readLayerTemplate(experiment);
    const training = experiment?.training ?? {};
    const parts = [
      String(experiment?.dataset?.kind ?? '?'),
      template === null
        ? t('digest.layers', { count: Array.isArray(experiment?.model?.layers) ? experiment.model.layers.length : 0 })
        : [...template.blocks.map((block) => block.dense.units), template.output.units].join('-'),
    ];
    if (template !== null && template.blocks.length > 0) {
      parts.push(template.activation, t(`choice.model.batchnorm.${template.placement}`));
    }
    parts.push(t('digest.optimizer', { optimizer: String(experiment?.optimizer?.type ?? '?'), rate: String(experiment?.optimizer?.learning_rate ?? '?') }));
    parts.push(t('digest.batch', { size: String(training.batch_size ?? '?') }));
    parts.push(training.epochs !== undefined ? t('digest.epochs', { epochs: String(training.epochs) }) : t('digest.steps', { steps: String(training.steps ?? '?') }));
    return parts.join(' · ');
  }

  #weightsNotice(t) {
    const mismatch = this.#session?.initialWeightsMismatch;
    if (!mismatch) return '';
    return html`<p class="run-message failure weights-mismatch" role="alert">${t('cell.weightsDiffer', {
      digests: mismatch.map(({ variant, digest }) => `${variant} ${digest.slice(0, 12)}`).join(', '),
    })}</p>`;
  }

  render() {
    const t = translatorFor(this.language);
    const experiment = this.#currentExperiment();
    const problems = this._problems;
    const texts = this.texts?.[this.language] ?? this.texts?.en ?? { title: '', description: '' };
    const controlState = this.#controlState();
    const runs = this.#runSnapshots(t);
    const showOutputs = runs.some((run) => run.info !== null || run.status === 'starting');
    const headingId = `${this.cellId}-heading`;
    const unchanged = this.#textIsExperiment() && deepEqual(experiment, this.preset);
    const fileName = this.#fileName ?? `${String(experiment?.name ?? this.cellId).replace(/[^A-Za-z0-9_.-]+/g, '-') || this.cellId}.json`;
    // Run waits for the engine's verdict itself (run() awaits it), so it is not disabled while
    // the engine is still checking: only a verdict with problems blocks it.
    const blockedReason = this._validated && problems.length > 0 ? t('controls.blocked') : '';
    return html`
      <section class="cell experiment-cell" aria-labelledby=${headingId}>
        <header class="cell-header">
          <h2 id=${headingId}>${texts.title}</h2>
          ${texts.description ? html`<p class="cell-description">${texts.description}</p>` : ''}
        </header>
        <details class="cell-settings" ?open=${this.settingsOpen}
          @toggle=${(event) => { this.settingsOpen = event.target.open; }}>
          <summary>
            <span class="summary-title">${t('cell.settings')}</span>
            <span class="settings-digest">${this.#digest(experiment, t)}</span>
          </summary>
          <bn-experiment-form .language=${this.language} .cellId=${this.cellId} .experiment=${experiment}
            .lensNames=${this.form ?? lensNames} .problems=${problems} .schema=${experimentSchema}
            .generation=${this.#formGeneration} ?disabled=${controlState !== 'idle'}
            @lens-change=${(event) => this.#onLensChange(event)}></bn-experiment-form>
        </details>
        <bn-experiment-file .language=${this.language} .cellId=${this.cellId} .text=${this.#currentText()}
          .problems=${problems} .fileName=${fileName} .presetPath=${this.presetPath ?? ''} .unchanged=${unchanged}
          ?disabled=${controlState !== 'idle'}
          @experiment-text=${(event) => this.#setText(event.detail.text)}
          @experiment-open=${(event) => this.#onOpen(event)}></bn-experiment-file>
        ${this._notice ? html`<p class="notice cell-notice" role="status">${this._notice}</p>` : ''}
        ${problems.length > 0 ? html`<ul class="cell-problems" role="alert" aria-label=${t('cell.problems')}>
          ${problems.map((problem) => html`<li data-path=${problem.path} data-code=${problem.code}>${describeProblem(problem, t, this.language)}</li>`)}
        </ul>` : ''}
        <bn-run-controls .language=${this.language} .cellId=${this.cellId} .state=${controlState}
          .blockedReason=${controlState === 'idle' ? blockedReason : ''}
          @run-request=${() => this.run()}
          @pause-request=${() => this.#control('pause')}
          @resume-request=${() => this.#session?.resume()}
          @step-request=${() => this.#session?.step()}
          @stop-request=${() => this.#control('stop')}
          @reset-request=${() => this.reset()}></bn-run-controls>
        <p class="visually-hidden" aria-live="polite">${this.#statusAnnouncement(t)}</p>
        ${this.#weightsNotice(t)}
        ${runs.length > 0 ? html`<bn-run-progress .language=${this.language} .runs=${runs}></bn-run-progress>` : ''}
        ${this.#stepThroughView(t, runs)}
        ${showOutputs ? this.#outputs(t, runs) : ''}
        <bn-cell-share .language=${this.language} .cellId=${this.cellId} .siteBase=${this.#base().href}
          .source=${this.shareSource} .preset=${this.preset} .experiment=${experiment} .variants=${this.variants}
          .outputs=${this.outputs}></bn-cell-share>
        <bn-cell-export .language=${this.language} .cellId=${this.cellId} .experiment=${this.#sessionExperiment}
          .runs=${runs} .revision=${this.#revision} .importedModel=${this.#importedModel?.name ?? ''}
          ?disabled=${controlState !== 'idle'}
          @model-import=${(event) => this.#onModelImport(event)}
          @model-evaluate=${() => this.evaluateImported()}
          @model-forget=${() => this.#forgetModel()}></bn-cell-export>
      </section>`;
  }
}

customElements.define('bn-experiment-cell', ExperimentCell);
