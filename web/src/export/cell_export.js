// <bn-cell-export>: the "Export" row of a cell — once a run has ended, the report (JSON), and
// per variant its curves (CSV), its model file and each plot as PNG. Renders only: the files
// come from export_files.js; a click turns one into a download (a Blob URL, revoked after).

import { LitElement, html } from 'lit';

import packageInfo from '../../../package.json';
import { translatorFor } from '../i18n/translator.js';
import { buildNowFor } from '../plots/build_in_turn.js';
import { drawNowFor } from '../plots/draw_in_turn.js';
import { curveCsvText, exportFileName, modelFileText, reportText } from './export_files.js';
import { figureOneCsvText, hasFigureOneData } from './figure1_csv.js';

/** Model files of the page's networks are well under this; a bigger file is refused unread. */
const largestModelFile = 64 << 20;

/** The canvases of a cell that are plots (a uPlot's canvas, a decision boundary, a heat map). */
const plotCanvases = 'bn-curve-plot canvas, canvas.boundary-canvas, canvas.heatmap';

/** What a plot shows, for its file name: loss, evaluation, boundary, heatmap or the curve plot's class. */
function plotKind(canvas) {
  if (canvas.classList.contains('boundary-canvas')) return 'boundary';
  if (canvas.classList.contains('heatmap')) return 'heatmap';
  const plot = canvas.closest('bn-curve-plot');
  if (plot?.classList.contains('loss-plot')) return 'loss';
  if (plot?.classList.contains('evaluation-plot')) return 'evaluation';
  return [...(plot?.classList ?? [])].find((name) => /^[a-z][a-z-]*$/.test(name)) ?? 'curve';
}

/** Saves `text` (or a Blob) as a file named `name`, from the page itself (no server). */
export function downloadFile(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export class CellExport extends LitElement {
  static properties = {
    language: { type: String },
    cellId: { type: String, attribute: false },
    /** the experiment the runs trained */
    experiment: { attribute: false },
    /** the session's runs (comparison_session.js RunState) with their labels */
    runs: { attribute: false },
    revision: { type: Number },
    /** the name of the model file the next runs start from ('' for none) */
    importedModel: { type: String, attribute: false },
    disabled: { type: Boolean },
  };

  constructor() {
    super();
    this.language = 'en';
    this.cellId = '';
    this.experiment = null;
    this.runs = [];
    this.revision = 0;
    this.importedModel = '';
    this.disabled = false;
  }

  async #import(input) {
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    const tooLarge = file.size > largestModelFile;
    const text = tooLarge ? '' : await file.text();
    this.dispatchEvent(new CustomEvent('model-import', { detail: { text, name: file.name, tooLarge }, bubbles: true }));
  }

  /** Import a model file: the next Run continues training from it; Evaluate it evaluates it untrained. */
  #importControl(t) {
    return html`<div class="model-import">
      <label class="button quiet" data-action="import-model">${t('model.import')}
        <input type="file" accept=".json,application/json" ?disabled=${this.disabled} @change=${(event) => this.#import(event.target)}>
      </label>
      ${this.importedModel ? html`<span class="model-imported" role="status">${t('model.startsFrom', { name: this.importedModel })}</span>
        <button type="button" class="button quiet" data-action="evaluate-model" ?disabled=${this.disabled}
          @click=${() => this.dispatchEvent(new CustomEvent('model-evaluate', { bubbles: true }))}>${t('model.evaluate')}</button>
        <button type="button" class="button quiet" data-action="forget-model" ?disabled=${this.disabled}
          @click=${() => this.dispatchEvent(new CustomEvent('model-forget', { bubbles: true }))}>${t('model.forget')}</button>` : ''}
    </div>`;
  }

  createRenderRoot() { return this; }

  #report() {
    downloadFile(exportFileName(this.cellId, null, 'report.json'), reportText({
      cellId: this.cellId, engineVersion: packageInfo.version, experiment: this.experiment, runs: this.runs,
    }), 'application/json');
  }

  /** The percentiles the experiment's probes record (the engine's default when it names none). */
  #percents() {
    const percents = this.experiment?.probes?.percentiles;
    return Array.isArray(percents) ? percents : [15, 50, 85];
  }

  /**
   * Every plot of the cell as PNG, numbered in the order they are on screen: the curves (uPlot
   * draws a curve plot's lines and axes on one canvas), the decision boundaries and the
   * histogram heat maps.
   */
  async #plots() {
    const cell = this.closest('bn-experiment-cell');
    if (cell === null) return;
    // A plot off screen waits to be made and drawn (plots/build_in_turn.js, draw_in_turn.js):
    // do both now, and let uPlot, which draws in a microtask, finish before the canvases are read.
    buildNowFor(cell);
    drawNowFor(cell);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const canvases = [...cell.querySelectorAll(plotCanvases)];
    canvases.forEach((canvas, index) => {
      const name = `plot${index + 1}-${plotKind(canvas)}`;
      canvas.toBlob((blob) => { if (blob !== null) downloadFile(exportFileName(this.cellId, name, 'png'), blob); }, 'image/png');
    });
  }

  render() {
    const t = translatorFor(this.language);
    const ended = this.runs.length > 0 && this.runs.every((run) => ['complete', 'stopped', 'diverged', 'failed'].includes(run.status));
    if (!ended) return html`<div class="cell-export">${this.#importControl(t)}</div>`;
    return html`
      <div class="cell-export" role="group" aria-label=${t('export.group')}>
        ${this.#importControl(t)}
        <span class="export-title">${t('export.group')}</span>
        <button type="button" class="button quiet" data-action="export-report" @click=${() => this.#report()}>${t('export.report')}</button>
        <button type="button" class="button quiet" data-action="export-plots" @click=${() => this.#plots()}>${t('export.plots')}</button>
        ${hasFigureOneData(this.runs) ? html`<button type="button" class="button quiet" data-action="export-figure1"
          @click=${() => downloadFile(exportFileName(this.cellId, null, 'figure1.csv'), figureOneCsvText(this.runs, this.#percents()), 'text/csv')}>
          ${t('export.figure1')}</button>` : ''}
        ${this.runs.map((run) => html`
          <button type="button" class="button quiet" data-action="export-csv" data-variant=${run.variant}
            @click=${() => downloadFile(exportFileName(this.cellId, run.variant, 'csv'), curveCsvText(run), 'text/csv')}>
            ${t('export.csv', { run: run.label })}</button>
          <button type="button" class="button quiet" data-action="export-model" data-variant=${run.variant}
            ?disabled=${run.model === null || run.model === undefined /* not modelFileText: it stringifies every weight */}
            @click=${() => downloadFile(exportFileName(this.cellId, run.variant, 'model.json'), modelFileText(run), 'application/json')}>
            ${t('export.model', { run: run.label })}</button>`)}
      </div>`;
  }
}

customElements.define('bn-cell-export', CellExport);
