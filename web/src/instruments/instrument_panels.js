// Every instrument view of an experiment cell, for all of its runs: the cell mounts this one
// element, hands it the run snapshots and the names of the outputs its notebook block asks for
// (docs/NOTEBOOK_FORMAT.md), and bumps `revision` when records arrive. A view with no records
// (the experiment's probes section did not turn its instrument on) draws nothing.

import { LitElement, html } from 'lit';

import './batchnorm_statistics.js';
import './confusion_view.js';
import './decision_boundary.js';
import './gradient_norms.js';
import './percentile_bands.js';

/** The instrument outputs a notebook block may name, in the order they are shown. */
export const instrumentOutputs = Object.freeze(['decision_boundary', 'covariate_shift', 'gradients', 'running_statistics', 'mode_gap', 'confusion']);

/** The BatchNorm momentum the file's first batchnorm layer uses (0.1 unless it says otherwise). */
function batchNormMomentum(experiment) {
  const layer = (experiment?.model?.layers ?? []).find((candidate) => candidate?.type === 'batchnorm');
  return layer?.momentum ?? 0.1;
}

export class InstrumentPanels extends LitElement {
  static properties = {
    language: { type: String },
    cellId: { type: String, attribute: false },
    /** the experiment file the runs train */
    experiment: { attribute: false },
    /** the cell's experiment now (what the next Run trains) */
    nextExperiment: { attribute: false },
    /** whether a run is going (pickers that change the experiment wait) */
    busy: { type: Boolean },
    /** run snapshots [{variant, label, instruments, samples}] */
    runs: { attribute: false },
    /** output names (the notebook block's `outputs`) */
    outputs: { attribute: false },
    revision: { type: Number, attribute: false },
    /** redraw for new records at most this often (0: whenever they arrive); see shouldUpdate */
    refreshMilliseconds: { type: Number, attribute: false },
  };

  constructor() {
    super();
    this.language = 'en';
    this.cellId = 'cell';
    this.experiment = null;
    this.nextExperiment = null;
    this.busy = false;
    this.runs = [];
    this.outputs = [...instrumentOutputs];
    this.revision = 0;
    this.refreshMilliseconds = 0;
  }

  createRenderRoot() { return this; }

  #lastRecords = '';
  #lastDrawn = -Infinity;
  #trailingTimer = null;
  /** a task is posted for the newest records / this update runs in a task of its own (not a frame) */
  #taskPosted = false;
  #inOwnTask = false;

  /**
   * The cell re-renders every frame while runs train, with new run snapshots each time; the
   * views only need to when instrument records arrived (or the language, outputs, experiment
   * or busy state changed), so other frames skip this whole subtree. With refreshMilliseconds
   * set (a crowded machine), new records are drawn at most that often; a timer draws the last
   * ones that arrived in between, so nothing received stays undrawn.
   *
   * New records are rendered in a task of their own, never in the cell's animation frame (the
   * learner's changes, which are not records, still render at once). The first records make
   * every view's DOM (~20 ms of script on the Fig. 1 cell), and that frame also laid out and
   * painted them: one task of 46–62 ms of CPU ~1.5 s after Run, which on 2 cores behind two
   * workers lasted 85–220 ms. Apart, the frame and the update are ~20–30 ms each
   * (bench/page/page_trace.mjs, docs/PERFORMANCE.md).
   */
  shouldUpdate(changed) {
    const inOwnTask = this.#inOwnTask;
    this.#inOwnTask = false;
    const records = this.runs.map((run) => `${run.variant}:${run.instruments?.revision ?? 0}:${run.samples ? 1 : 0}`).join(',');
    const recordsChanged = records !== this.#lastRecords;
    const others = [...changed.keys()].some((name) => name !== 'runs' && name !== 'revision' && name !== 'refreshMilliseconds');
    const wait = this.#lastDrawn + this.refreshMilliseconds - performance.now();
    if (!others && recordsChanged && wait > 0) {
      if (this.#trailingTimer === null) {
        this.#trailingTimer = setTimeout(() => { this.#trailingTimer = null; this.#inOwnTask = true; this.requestUpdate(); }, wait);
      }
      return false;
    }
    if (!recordsChanged && !others) return false;
    if (!others && !inOwnTask) {
      this.#postUpdate();
      return false;
    }
    this.#lastRecords = records;
    this.#lastDrawn = performance.now();
    return true;
  }

  /** Updates in a task of its own (a MessageChannel message: no timer clamping). */
  #postUpdate() {
    if (this.#taskPosted) return;
    this.#taskPosted = true;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      this.#taskPosted = false;
      if (!this.isConnected) return;
      this.#inOwnTask = true;
      this.requestUpdate();
    };
    channel.port2.postMessage(null);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.#trailingTimer);
    this.#trailingTimer = null;
  }

  render() {
    const shows = (name) => this.outputs.includes(name);
    const probes = this.experiment?.probes ?? {};
    const revision = this.revision;
    const statisticsParts = [shows('running_statistics') ? 'running' : null, shows('mode_gap') ? 'gap' : null].filter(Boolean);
    return html`
      <div class="instrument-views">
        ${shows('decision_boundary') ? html`<bn-decision-boundary .language=${this.language} .runs=${this.runs} .revision=${revision}></bn-decision-boundary>` : ''}
        ${shows('covariate_shift') ? html`<bn-percentile-bands .language=${this.language} .cellId=${this.cellId} .runs=${this.runs}
          .percents=${Array.isArray(probes.percentiles) ? probes.percentiles : [15, 50, 85]}
          .unit=${Number.isInteger(probes.unit) ? probes.unit : null}
          .nextUnit=${Number.isInteger(this.nextExperiment?.probes?.unit) ? this.nextExperiment.probes.unit : null}
          ?disabled=${this.busy} .revision=${revision}></bn-percentile-bands>` : ''}
        ${shows('gradients') ? html`<bn-gradient-norms .language=${this.language} .runs=${this.runs} .revision=${revision}></bn-gradient-norms>` : ''}
        ${statisticsParts.length > 0 ? html`<bn-batchnorm-statistics .language=${this.language} .cellId=${this.cellId} .runs=${this.runs}
          .momentum=${batchNormMomentum(this.experiment)} .parts=${statisticsParts} .revision=${revision}></bn-batchnorm-statistics>` : ''}
        ${shows('confusion') ? html`<bn-confusion-view .language=${this.language} .runs=${this.runs} .revision=${revision}></bn-confusion-view>` : ''}
      </div>`;
  }
}

customElements.define('bn-instrument-panels', InstrumentPanels);
