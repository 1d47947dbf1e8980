// <bn-notebook>: the page — a header (title, language, open a notebook file, Run all), the
// notices of whatever could not be read (the notebook, its experiment files, the link), and
// the notebook's cells. A notebook is a Markdown file (docs/NOTEBOOK_FORMAT.md) that main.js
// loads; the cells' first experiments are their presets with the link's diff applied
// (experiment/experiment_diff.js). Every change of language or experiment is reported as
// 'page-state-change' {language, parameters}, which main.js writes to the URL; it reads
// nothing from `location` itself.

import { LitElement, html } from 'lit';
import { keyed } from 'lit/directives/keyed.js';

import { applyDiff, diffExperiment, linkedExperimentText, textToValue, valueToText } from '../experiment/experiment_diff.js';
import { maximumJsonDepth, nestsDeeperThan } from '../experiment/json_depth.js';
import { languageCodes, languages, translatorFor } from '../i18n/translator.js';
import { truncateForDisplay } from '../notebook/load_notebook.js';
import { describeNotice } from '../views/problem_text.js';
import './experiment_cell.js';
import './markdown_cell.js';
import './sweep_cell.js';
import './activation_cell.js';

const reservedParameters = new Set(['lang']);

/**
 * A cell's first experiment from the link: URL parameters "cellId.json.path=value".
 * @returns {{initial: Map<string, object>, texts: Map<string, string>, notices: Array<{code, params}>}}
 *   `texts`: a cell's linked experiment as text where the link's values must be read as written
 *   (experiment_diff.js, linkedExperimentText)
 */
export function experimentsFromParameters(parameters, cells) {
  const presets = new Map(cells.filter((cell) => cell.type === 'experiment').map((cell) => [cell.id, cell.preset]));
  const pairsByCell = new Map();
  const notices = [];
  for (const [key, text] of parameters) {
    if (reservedParameters.has(key)) continue;
    const dot = key.indexOf('.');
    const cellId = dot < 0 ? key : key.slice(0, dot);
    if (dot < 0 || !presets.has(cellId)) {
      notices.push({ code: 'link_unknown_cell', params: { key: truncateForDisplay(key, 60), cells: [...presets.keys()].join(', ') } });
      continue;
    }
    const value = textToValue(text);
    // A value nested deeper than the engine reads would also overflow the page's own walks
    // over the experiment (experiment/json_depth.js): it is left out, with a notice.
    if (nestsDeeperThan(value)) {
      notices.push({ code: 'link_too_deep', params: { key: truncateForDisplay(key, 60), maximum: maximumJsonDepth } });
      continue;
    }
    if (!pairsByCell.has(cellId)) pairsByCell.set(cellId, []);
    pairsByCell.get(cellId).push([key.slice(dot + 1), value, text]);
  }
  const initial = new Map();
  const texts = new Map();
  for (const [cellId, pairs] of pairsByCell) {
    const { experiment, problems } = applyDiff(presets.get(cellId), pairs.map(([path, value]) => [path, value]));
    for (const problem of problems) {
      notices.push({ code: `link_${problem.reason}`, params: { key: truncateForDisplay(`${cellId}.${problem.path}`, 60) } });
    }
    initial.set(cellId, experiment);
    const text = linkedExperimentText(presets.get(cellId), pairs);
    if (text !== null) texts.set(cellId, text);
  }
  return { initial, texts, notices };
}

export class NotebookElement extends LitElement {
  static properties = {
    language: { type: String, reflect: true },
    /** a loaded notebook {title, subtitle, cells, notices, source} (notebook/load_notebook.js) */
    notebook: { attribute: false },
    /** URLSearchParams of the link's fragment: the cells' diffs */
    parameters: { attribute: false },
    /** the site path of the notebook (notebooks/….md), for the cells' links; null for a picked file */
    notebookPath: { attribute: false },
    /** true while main.js reads a notebook */
    loading: { type: Boolean },
    /** notices of a picked notebook file that could not replace this one */
    openNotices: { attribute: false },
    _runningCells: { state: true },
    _runningAll: { state: true },
  };

  #linked = null;  // {initial, notices} for the current notebook
  /** bumped for every new notebook, so no cell element carries state into another notebook */
  #generation = 0;

  constructor() {
    super();
    this.language = 'en';
    this.notebook = { title: {}, subtitle: {}, cells: [], notices: [] };
    this.parameters = new URLSearchParams();
    this.loading = false;
    this.notebookPath = null;
    this.openNotices = [];
    this._runningCells = new Set();
    this._runningAll = false;
  }

  createRenderRoot() { return this; }

  willUpdate(changed) {
    if (changed.has('notebook') || changed.has('parameters')) this.#linked = null;
    if (changed.has('notebook')) this.#generation += 1;
  }

  #experimentCells() {
    return [...this.querySelectorAll('bn-experiment-cell')];
  }

  /** Every cell that trains, experiment and sweep cells, in the notebook's order. */
  #runnableCells() {
    return [...this.querySelectorAll('bn-experiment-cell, bn-sweep-cell')];
  }

  #link() {
    this.#linked ??= experimentsFromParameters(this.parameters, this.notebook.cells);
    return this.#linked;
  }

  #reportState() {
    const parameters = new URLSearchParams();
    parameters.set('lang', this.language);
    for (const cell of this.#experimentCells()) {
      for (const [path, value] of diffExperiment(cell.preset, cell.experiment)) {
        parameters.set(`${cell.cellId}.${path}`, valueToText(value));
      }
    }
    this.dispatchEvent(new CustomEvent('page-state-change', { detail: { language: this.language, parameters } }));
  }

  #setLanguage(language) {
    this.language = language;
    this.#reportState();
  }

  async #runAll() {
    this._runningAll = true;
    try {
      // One cell after the other, each to its end: a sweep cell's runs take the whole pool.
      for (const cell of this.#runnableCells()) {
        if (!cell.isConnected) continue;
        cell.scrollIntoView({ block: 'start', behavior: 'smooth' });
        await (cell.localName === 'bn-sweep-cell' ? cell.runToEnd() : cell.run());
      }
    } finally {
      this._runningAll = false;
    }
  }

  #onRunState(event) {
    const running = new Set(this._runningCells);
    if (event.detail.running) running.add(event.detail.cellId);
    else running.delete(event.detail.cellId);
    this._runningCells = running;
  }

  async #openNotebookFile(input) {
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    const text = file.size > (1 << 20) ? '' : await file.text();
    this.dispatchEvent(new CustomEvent('notebook-open', { detail: { text, name: file.name, tooLarge: file.size > (1 << 20) } }));
  }

  updated(changed) {
    if (changed.has('language') || changed.has('notebook')) {
      document.documentElement.lang = this.language;
      const title = this.notebook.title?.[this.language] ?? this.notebook.title?.en;
      if (title) document.title = title;
    }
  }

  #notices(t) {
    // While the first notebook loads there are no cells yet: the link is judged once they are there
    // (else every key of a good link would briefly read "no such cell").
    const linkNotices = this.loading ? [] : this.#link().notices;
    const notices = [...this.openNotices, ...(this.notebook.notices ?? []), ...linkNotices];
    if (notices.length === 0) return '';
    return html`<div class="notice page-notices" role="alert">
      <p>${t('page.noticesHeading', { source: this.notebook.source ?? '' })}</p>
      <ul>${notices.map((notice) => html`<li data-code=${notice.code}>${describeNotice(notice, t, this.language)}</li>`)}</ul>
    </div>`;
  }

  /**
   * Where a cell comes from, for "Share / embed" (share/share_codes.js): this notebook on the
   * site. A notebook opened from a file is on no site: its experiment cells share the element
   * code with the experiment inside; its sweeps and activation plots share nothing (null).
   */
  #shareSource(definition) {
    if (this.notebookPath === null) return definition.type === 'experiment' ? { kind: 'inline' } : null;
    if (definition.type !== 'experiment') return { kind: 'notebook', path: this.notebookPath, variants: [] };
    return { kind: 'notebook', path: this.notebookPath, variants: definition.variants, outputs: definition.outputs };
  }

  #cell(definition) {
    if (definition.type === 'markdown') {
      return html`<bn-markdown-cell .language=${this.language} .texts=${definition.texts}></bn-markdown-cell>`;
    }
    if (definition.type === 'activations') {
      return html`<bn-activation-cell cell-id=${definition.id} .language=${this.language} .texts=${definition.texts}
        .layers=${definition.layers} .shareSource=${this.#shareSource(definition)}></bn-activation-cell>`;
    }
    if (definition.type === 'sweep') {
      return html`<bn-sweep-cell cell-id=${definition.id} .language=${this.language} .texts=${definition.texts}
        .sweep=${definition.sweep} .sweepPath=${definition.sweepPath} .shareSource=${this.#shareSource(definition)}></bn-sweep-cell>`;
    }
    return html`<bn-experiment-cell cell-id=${definition.id} .language=${this.language} .texts=${definition.texts}
      .preset=${definition.preset} .presetPath=${definition.presetPath ?? ''}
      .initialExperiment=${this.#link().initial.get(definition.id) ?? null}
      .initialText=${this.#link().texts.get(definition.id) ?? null}
      .variants=${definition.variants} .outputs=${definition.outputs} .form=${definition.form}
      .shareSource=${this.#shareSource(definition)}
      ?settings-open=${definition.settingsOpen === true} ?warm=${definition.warm === true}></bn-experiment-cell>`;
  }

  render() {
    const t = translatorFor(this.language);
    const anyRunning = this._runningAll || this._runningCells.size > 0;
    const title = this.notebook.title?.[this.language] ?? this.notebook.title?.en ?? t('page.defaultTitle');
    const subtitle = this.notebook.subtitle?.[this.language] ?? this.notebook.subtitle?.en ?? '';
    return html`
      <header class="page-header">
        <div class="page-title">
          <h1>${title}</h1>
          ${subtitle ? html`<p class="page-subtitle">${subtitle}</p>` : ''}
        </div>
        <div class="page-tools">
          <label for="page-language">${t('page.language')}</label>
          <select id="page-language" @change=${(event) => this.#setLanguage(event.target.value)}>
            ${languageCodes.map((code) => html`<option value=${code} lang=${code} ?selected=${code === this.language}>${languages[code].label}</option>`)}
          </select>
          <label class="button quiet notebook-open">${t('page.openNotebook')}
            <input type="file" accept=".md,text/markdown,text/plain" data-action="open-notebook"
              @change=${(event) => this.#openNotebookFile(event.target)}>
          </label>
          <button type="button" class="button primary" data-action="run-all" ?disabled=${anyRunning || this.loading}
            @click=${() => this.#runAll()}>${t('page.runAll')}</button>
        </div>
      </header>
      <main class="notebook" @experiment-change=${() => this.#reportState()} @run-state=${(event) => this.#onRunState(event)}>
        ${this.loading ? html`<p class="notice" role="status">${t('page.loading')}</p>` : ''}
        ${this.#notices(t)}
        ${keyed(this.#generation, html`${this.notebook.cells.map((definition) => this.#cell(definition))}`)}
      </main>
      <footer class="page-footer">
        <p>${t('page.footer')}</p>
      </footer>`;
  }
}

customElements.define('bn-notebook', NotebookElement);
